"""Importing the branch's claims report: the Enrekang 2025 figures, idempotence, later updates, bad input."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from payung.audit.models import AuditEvent
from payung.claims.models import Claim, ClaimReport, StatusChange

from .builders import (
    ENREKANG_VILLAGE,
    HEADERS,
    enrekang_2025_rows,
    enrekang_admin,
    funded_scheme,
    new_nik,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db


def run(capsys, *args):
    """The CLI as an office scripts it: its exit code and its one JSON object."""
    with pytest.raises(SystemExit) as exit_info:
        call_command(*args)
        raise SystemExit(0)
    return exit_info.value.code or 0, json.loads(capsys.readouterr().out)


def test_the_enrekang_figures_come_straight_out_of_an_imported_report(regions, tmp_path, capsys):
    admin = enrekang_admin()
    rows, funded = enrekang_2025_rows()
    funded_scheme(admin, workers=funded)
    path = write_xlsx(tmp_path / "klaim-palopo-2025.xlsx", rows)

    code, result = run(capsys, "import_claims", str(path), "--json")

    assert code == 0, result["errors"][:3]
    assert result == {
        "rows": len(rows),
        "valid": len(rows),
        "invalid": 0,
        "created": len(rows),
        "updated": 0,
        "unchanged": 0,
        "errors": [],
    }
    code, summary = run(capsys, "claims_summary", "73.16", "--year", "2025", "--json")
    assert summary["region"] == "73.16" and summary["year"] == 2025
    assert summary["paid"] == 21_880_000_000
    assert summary["workers"] == 2_272
    assert summary["claims"] == 2_372  # 2.272 workers, 100 of whom also had a child's scholarship paid
    assert summary["by_funder_type"]["APBD"] == {"claims": 60, "workers": 60, "paid": 2_170_000_000}
    assert summary["by_funder_type"]["NONE"]["paid"] == 19_710_000_000
    assert summary["by_funder_type"]["APBDES"] == {"claims": 0, "workers": 0, "paid": 0}
    assert set(summary["by_funder_type"]) == {"APBD", "APBDES", "APBN", "CSR", "BAZNAS", "MANDIRI", "NONE"}
    assert summary["by_programme"]["JKM"] == {"claims": 200, "workers": 200, "paid": 8_400_000_000}
    assert summary["by_programme"]["BEASISWA"] == {"claims": 100, "workers": 100, "paid": 150_000_000}
    assert summary["by_programme"]["JHT"]["paid"] == 9_000_000_000
    # The original is kept with the run.
    report = ClaimReport.objects.get()
    with report.file.open("rb") as kept:
        assert kept.read() == path.read_bytes()

    # The same report twice changes nothing: no claim, no status change, no audit row.
    counts = (
        Claim.objects.count(),
        StatusChange.objects.count(),
        AuditEvent.objects.filter(object_type="claim").count(),
    )
    code, again = run(capsys, "import_claims", str(path), "--json")
    assert code == 0
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, len(rows))
    assert (
        Claim.objects.count(),
        StatusChange.objects.count(),
        AuditEvent.objects.filter(object_type="claim").count(),
    ) == counts


def test_a_later_report_updates_status_and_amount_audited(regions, tmp_path, capsys, worker_factory):
    worker = worker_factory(ENREKANG_VILLAGE, name="Ahmad Tahir")
    first = write_csv(
        tmp_path / "mei.csv",
        [("K-77", "", worker.nik, "Ahmad Tahir", "JKM", "", "02/04/2025", "", "", "PROSES")],
    )
    assert run(capsys, "import_claims", str(first), "--json")[0] == 0
    later = write_csv(
        tmp_path / "juni.csv",
        [
            (
                "K-77",
                "",
                worker.nik,
                "Ahmad Tahir",
                "JKM",
                "",
                "02/04/2025",
                "10/06/2025",
                "Rp 42.000.000",
                "DIBAYAR",
            )
        ],
    )

    code, result = run(capsys, "import_claims", str(later), "--json")

    assert code == 0 and (result["created"], result["updated"]) == (0, 1)
    claim = Claim.objects.get(claim_number="K-77")
    assert (claim.status, claim.amount_paid, str(claim.paid_on)) == ("paid", 42_000_000, "2025-06-10")
    assert claim.worker == worker and claim.funder_type == "NONE"
    assert [(e.from_status, e.to_status) for e in claim.events.all()] == [
        ("", "submitted"),
        ("submitted", "paid"),
    ]
    update = AuditEvent.objects.get(object_type="claim", object_id=str(claim.pk), action="update")
    assert update.changes["status"] == ["submitted", "paid"]
    assert update.changes["amount_paid"] == [None, "42000000"]


def test_a_claim_of_an_unknown_nik_is_recorded_and_counted_under_the_nik_s_region(regions, tmp_path, capsys):
    nik = new_nik()
    path = write_csv(
        tmp_path / "r.csv",
        [("K-1", "KPJ9", nik, "Hasnah", "JHT", "", "01/02/2025", "01/03/2025", "9841000", "DIBAYAR")],
    )

    assert run(capsys, "import_claims", str(path), "--json")[0] == 0

    claim = Claim.objects.get()
    assert claim.worker is None and claim.unregistered_nik == nik and claim.unregistered_name == "Hasnah"
    assert (claim.regency_code, claim.district_code) == ("73.16", "73.16.01")
    assert run(capsys, "claims_summary", "73.16", "--year", "2025", "--json")[1]["workers"] == 1


def test_a_file_that_cannot_be_read_exits_2(regions, tmp_path, capsys):
    path = tmp_path / "laporan.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    code, result = run(capsys, "import_claims", str(path), "--json")
    assert code == 2 and result["error"]["message"]
    assert not Claim.objects.exists()


def _problems(result):
    return {(e["row"], e["column"], e["code"]) for e in result["errors"]}


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written(
    regions, tmp_path, capsys, worker_factory
):
    worker = worker_factory(ENREKANG_VILLAGE)
    good = ("K-1", "", worker.nik, "Siti", "JKM", "", "01/02/2025", "01/03/2025", "42000000", "DIBAYAR")
    headers = (*HEADERS, "Nama Anak", "Jenjang")
    rows = [
        (*good, "", ""),  # row 5
        ("K-2", "", worker.nik, "Siti", "JKM", "", "01/02/2099", "", "", "PROSES", "", ""),  # future event
        (
            "K-3",
            "",
            worker.nik,
            "Siti",
            "JKK",
            "Perawatan",
            "10/03/2025",
            "01/03/2025",
            "100000",
            "DIBAYAR",
            "",
            "",
        ),  # paid before
        ("K-4", "", worker.nik, "Siti", "JKX", "", "10/03/2025", "", "", "PROSES", "", ""),  # programme
        ("K-5", "", worker.nik, "Siti", "JKM", "", "10/03/2025", "", "", "MENUNGGU", "", ""),  # status
        (
            "K-6",
            "",
            worker.nik,
            "Siti",
            "JKK",
            "Perawatan",
            "10/03/2025",
            "20/03/2025",
            "1.5.0",
            "DIBAYAR",
            "",
            "",
        ),  # amount
        ("K-7", "", "7316011234", "Siti", "JKM", "", "10/03/2025", "", "", "PROSES", "", ""),  # NIK
        (
            "K-8",
            "",
            worker.nik,
            "Siti",
            "BEASISWA",
            "",
            "01/02/2025",
            "01/08/2025",
            "1500000",
            "DIBAYAR",
            "Ani",
            "SD",
        ),
        (
            "K-9",
            "",
            worker.nik,
            "Siti",
            "BEASISWA",
            "",
            "01/02/2025",
            "01/08/2025",
            "1500000",
            "DIBAYAR",
            "Budi",
            "SD",
        ),
        (
            "K-10",
            "",
            worker.nik,
            "Siti",
            "BEASISWA",
            "",
            "01/02/2025",
            "01/08/2025",
            "1500000",
            "DIBAYAR",
            "Citra",
            "SD",
        ),  # third child
        (
            "K-1",
            "",
            worker.nik,
            "Siti",
            "JKM",
            "",
            "01/02/2025",
            "01/03/2025",
            "40000000",
            "DIBAYAR",
            "",
            "",
        ),  # K-1 again, different
    ]
    path = write_csv(tmp_path / "salah.csv", rows, headers=headers)

    code, result = run(capsys, "import_claims", str(path), "--json")

    assert code == 1
    assert _problems(result) == {
        (6, "Tgl Kejadian", "event_in_future"),
        (7, "Tgl Bayar", "paid_before_event"),
        (8, "Program", "programme_unknown"),
        (9, "Status", "status_unknown"),
        (10, "Jumlah Dibayar", "amount_ambiguous"),
        (11, "NIK", "nik_invalid"),
        (14, "Nama Anak", "scholarship_child_cap"),
        (15, "No. Klaim", "claim_number_twice"),
    }
    assert (result["rows"], result["valid"], result["invalid"]) == (11, 3, 8)
    assert (result["created"], result["updated"], result["unchanged"]) == (0, 0, 0)
    assert all(e["message"] for e in result["errors"])
    assert not Claim.objects.exists() and not AuditEvent.objects.filter(object_type="claim").exists()
    # A dry run of a clean file writes nothing either, and says what it would do.
    clean = write_csv(tmp_path / "bersih.csv", [good])
    code, result = run(capsys, "import_claims", str(clean), "--dry-run", "--json")
    assert code == 0 and result["created"] == 1 and not Claim.objects.exists()


def test_an_ods_report_imports_like_csv(regions, tmp_path, capsys):
    from tests.lib.sheets.builders import ods

    nik = new_nik()
    rows = [
        [
            "K-9",
            "KPJ1",
            nik,
            "Hasnah",
            "JKM",
            "Meninggal",
            "12/03/2025",
            "20/04/2025",
            "Rp 42.000.000",
            "DIBAYAR",
        ]
    ]
    path = tmp_path / "klaim.ods"
    path.write_bytes(ods(rows, header=list(HEADERS)))

    code, result = run(capsys, "import_claims", str(path), "--json")

    assert code == 0 and result["created"] == 1, result["errors"]
    claim = Claim.objects.get()
    assert (claim.claim_number, claim.unregistered_nik, claim.amount_paid) == ("K-9", nik, 42_000_000)
    assert str(claim.paid_on) == "2025-04-20"


def test_a_claim_reported_by_hand_is_matched_by_the_branch_row_not_duplicated(
    regions, tmp_path, capsys, charlie, worker_factory
):
    import datetime as dt

    from payung.claims.services import claim_report

    worker = worker_factory(ENREKANG_VILLAGE, name="Nurhayati")
    other = worker_factory(ENREKANG_VILLAGE, name="Lain Lagi")
    by_hand = claim_report(
        actor=charlie,
        worker=worker,
        kind="jkm_death",
        programme="JKM",
        event_date=dt.date(2025, 4, 10),
        today=dt.date(2025, 4, 12),
    )
    other_hand = claim_report(  # another date: the branch's row is another event
        actor=charlie,
        worker=other,
        kind="jkm_death",
        programme="JKM",
        event_date=dt.date(2025, 4, 1),
        today=dt.date(2025, 4, 12),
    )
    path = write_csv(
        tmp_path / "mei.csv",
        [
            (
                "K-50",
                "",
                worker.nik,
                worker.name,
                "JKM",
                "Meninggal",
                "10/04/2025",
                "20/05/2025",
                "42000000",
                "DIBAYAR",
            ),
            (
                "K-51",
                "",
                other.nik,
                other.name,
                "JKM",
                "Meninggal",
                "02/04/2025",
                "20/05/2025",
                "42000000",
                "DIBAYAR",
            ),
        ],
    )

    code, dry = run(capsys, "import_claims", str(path), "--dry-run", "--json")
    assert code == 0 and (dry["created"], dry["updated"]) == (1, 1)
    code, result = run(capsys, "import_claims", str(path), "--json")

    assert code == 0 and (result["created"], result["updated"]) == (1, 1)
    assert Claim.objects.count() == 3
    by_hand.refresh_from_db()
    assert (by_hand.claim_number, by_hand.status, by_hand.amount_paid, by_hand.origin) == (
        "K-50",
        "paid",
        42_000_000,
        "hand",
    )
    matched = AuditEvent.objects.get(object_type="claim", object_id=str(by_hand.pk), action="update")
    assert matched.changes["claim_number"] == [None, "K-50"]
    assert "Dicocokkan" in matched.note
    assert [(e.from_status, e.to_status) for e in by_hand.events.all()] == [
        ("", "reported"),
        ("reported", "paid"),
    ]
    other_hand.refresh_from_db()
    assert other_hand.claim_number is None
    # Again: nothing changes.
    assert run(capsys, "import_claims", str(path), "--json")[1]["unchanged"] == 2


def test_an_xls_report_imports_its_dates_amounts_and_total_row(regions, capsys):
    import datetime as dt
    from pathlib import Path

    from payung.lib.nik import MALE, make_nik

    # As files/make_xls.py wrote them (that script needs xlwt, which the project does not install).
    niks = [
        make_nik(district_code="73.16.01", birth_date=dt.date(1975, 5, 1), sex=MALE, serial=s)
        for s in (11, 12, 13)
    ]
    path = Path(__file__).parent / "files" / "palopo_2025.xls"

    code, result = run(capsys, "import_claims", str(path), "--json")

    assert code == 0, result["errors"]
    assert (result["rows"], result["created"]) == (3, 3)  # the JUMLAH row is not a claim
    paid = Claim.objects.get(claim_number="XLS-001")
    assert (paid.unregistered_nik, str(paid.event_date), str(paid.paid_on), paid.amount_paid) == (
        niks[0],
        "2025-02-03",
        "2025-03-04",
        42_000_000,
    )
    jht = Claim.objects.get(claim_number="XLS-002")
    assert (jht.status, jht.amount_paid, str(jht.paid_on)) == ("paid", 9_841_000, "2025-03-15")
    assert Claim.objects.get(claim_number="XLS-003").status == "submitted"
    assert run(capsys, "import_claims", str(path), "--json")[1]["unchanged"] == 3
