"""Claims screens per role: scoping (outside = 404, in pages and downloads), viewers see aggregates
only, operators report and help the family, BPJS officers decide, the branch report uploaded."""

from __future__ import annotations

import datetime as dt

import fastexcel
import pytest

from payung.audit.models import AuditEvent
from payung.claims.models import Claim, DocumentRequirement
from payung.claims.services import claims_write
from payung.claims.validation import ClaimData

from .builders import ENREKANG_VILLAGE, HEADERS, new_nik, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrekang_claim(regions, worker_factory):
    worker = worker_factory(ENREKANG_VILLAGE, name="Andi Baso")
    claims_write(
        actor=None,
        rows=[
            ClaimData(
                claim_number="PLP-1",
                nik=worker.nik,
                name=worker.name,
                programme="JKM",
                kind="jkm_death",
                event_date=dt.date(2025, 3, 1),
                status="paid",
                amount_paid=40_000_000,
                paid_on=dt.date(2025, 4, 1),
            )
        ],
        today=dt.date(2025, 5, 1),
    )
    return Claim.objects.get(claim_number="PLP-1")


def xlsx_rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    frame = fastexcel.read_excel(content).load_sheet(0, header_row=None, dtypes="string").to_polars()
    return [tuple(row) for row in frame.iter_rows()]


def test_a_solok_operator_never_sees_an_enrekang_claim(client, bob, enrekang_claim):
    client.force_login(bob)
    assert client.get(f"/klaim/{enrekang_claim.pk}/").status_code == 404
    page = client.get("/klaim/")
    assert page.status_code == 200 and b"PLP-1" not in page.content and b"Andi Baso" not in page.content
    download = client.get("/klaim/", {"format": "xlsx", "purpose": "Rekap klaim untuk rakor"})
    assert download.status_code == 200
    assert all("PLP-1" not in str(row) for row in xlsx_rows(download))
    assert client.get("/klaim/dasbor/", {"region": "73.16", "year": 2025}).status_code == 404
    board = client.get("/klaim/dasbor/", {"year": 2025})
    assert b"Rp40.000.000" not in board.content
    assert client.post(f"/klaim/{enrekang_claim.pk}/dokumen/", {"document": []}).status_code == 404


def test_the_enrekang_operator_follows_the_claim_and_helps_the_family(client, charlie, enrekang_claim):
    client.force_login(charlie)
    page = client.get(f"/klaim/{enrekang_claim.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Andi Baso" in text and enrekang_claim.worker.nik not in text  # the NIK masked
    assert "Rp42.000.000" in text and "Rp40.000.000" in text and 'data-testid="claim-difference"' in text
    assert "PP 44/2015" in text  # the heirs order names its source

    client.post(
        f"/klaim/{enrekang_claim.pk}/ahli-waris/",
        {"name": "Hasnah", "nik": "", "relationship": "spouse", "share_percent": "50"},
    )
    client.post(
        f"/klaim/{enrekang_claim.pk}/ahli-waris/",
        {"name": "Rudi", "nik": "", "relationship": "child", "share_percent": "50"},
    )
    refused = client.post(
        f"/klaim/{enrekang_claim.pk}/ahli-waris/",
        {"name": "Lebih", "nik": "", "relationship": "parent", "share_percent": "10"},
        follow=True,
    )
    assert "paling banyak 0" in refused.content.decode()
    assert [h.name for h in enrekang_claim.heirs.all()] == ["Hasnah", "Rudi"]
    death_certificate = DocumentRequirement.objects.get(kind="jkm_death", code="death_certificate")
    client.post(f"/klaim/{enrekang_claim.pk}/dokumen/", {"document": [str(death_certificate.pk)]})
    assert list(enrekang_claim.ticks.values_list("requirement__code", flat=True)) == ["death_certificate"]
    trail = AuditEvent.objects.filter(object_type="claim", object_id=str(enrekang_claim.pk), actor=charlie)
    assert trail.count() == 3
    # The operator does not record BPJS's decisions.
    assert (
        client.post(
            f"/klaim/{enrekang_claim.pk}/keputusan/", {"to": "rejected", "on": "2025-04-02", "why": "x"}
        ).status_code
        == 403
    )


def test_a_viewer_sees_aggregates_only(client, regions, enrekang_claim):
    from tests.conftest import make_user

    viewer = make_user("wawan", "viewer", ("73.16",))
    client.force_login(viewer)
    assert client.get("/klaim/").status_code == 302
    assert client.get(f"/klaim/{enrekang_claim.pk}/").status_code == 404
    board = client.get("/klaim/dasbor/", {"region": "73.16", "year": 2025})
    text = board.content.decode()
    assert board.status_code == 200 and "Andi Baso" not in text and "Rp40.000.000" in text
    assert "&lt; 5" in text  # one claim shows as "< 5"
    download = client.get("/klaim/dasbor/", {"region": "73.16", "year": 2025, "unduh": "programme"})
    rows = xlsx_rows(download)
    assert any(row and row[1] == "< 5" for row in rows)


def test_the_bpjs_officer_records_payment_and_uploads_the_branch_report(
    client, dina, charlie, regions, tmp_path
):
    client.force_login(dina)
    inside = new_nik()
    outside = new_nik("13.02.07")  # a Solok NIK: not a regency the officer serves
    path = write_csv(
        tmp_path / "palopo.csv",
        [
            ("K-1", "", inside, "Hasan", "JKM", "", "01/02/2025", "01/03/2025", "42000000", "DIBAYAR"),
            ("K-2", "", outside, "Rina", "JKM", "", "01/02/2025", "", "", "PROSES"),
        ],
        headers=HEADERS,
    )
    with path.open("rb") as handle:
        sent = client.post("/klaim/impor/", {"file": handle})
    assert sent.status_code == 302  # to the run's page, which follows its progress
    checked = client.get(sent.url).content.decode()
    assert "Peserta dengan NIK ini tidak berada di wilayah kerja Anda." in checked
    assert "Impor sekarang" not in checked and not Claim.objects.exists()
    path = write_csv(
        tmp_path / "palopo.csv",
        [("K-1", "", inside, "Hasan", "JKM", "", "01/02/2025", "01/03/2025", "42000000", "DIBAYAR")],
    )
    with path.open("rb") as handle:
        sent = client.post("/klaim/impor/", {"file": handle})
    checked = client.get(sent.url)
    assert "Impor sekarang" in checked.content.decode() and not Claim.objects.exists()  # a dry run first
    report = checked.context["report"]
    assert client.get(sent.url, {"partial": "1"}).status_code == 200
    client.force_login(charlie)  # another user never sees the run (it holds NIKs and names)
    assert client.get(sent.url).status_code == 404
    client.force_login(dina)
    done = client.post(f"/klaim/impor/{report.pk}/impor/")
    assert done.status_code == 302 and Claim.objects.get().claim_number == "K-1"
    assert "Lihat daftar klaim" in client.get(done.url).content.decode()
    assert (
        client.get("/klaim/dasbor/", {"region": "73.16", "year": 2025}).context["board"]["total"]["paid"]
        == 42_000_000
    )


def _many(count, worker, *, start=0):
    rows = [
        ClaimData(
            claim_number=f"N-{start + i}",
            nik=worker.nik,
            programme="JKK",
            kind="jkk_medical",
            event_date=dt.date(2025, 3, 1),
            status="reported",
        )
        for i in range(count)
    ]
    claims_write(actor=None, rows=rows, today=dt.date(2025, 3, 10))  # recorded a week after the accident


def test_the_list_shows_late_reports_and_costs_the_same_queries_for_more_claims(
    client, charlie, regions, worker_factory, django_assert_max_num_queries
):
    worker = worker_factory(ENREKANG_VILLAGE, name="Mansyur")
    client.force_login(charlie)
    _many(3, worker)
    client.get("/klaim/")
    with django_assert_max_num_queries(12) as few:
        client.get("/klaim/")
    _many(30, worker, start=100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/klaim/")
    assert page.content.decode().count("lewat tenggat") == 33
    assert client.get("/klaim/", {"deadline": "soon"}).content.decode().count(">N-") == 0
    assert client.get("/klaim/", {"deadline": "late"}).content.decode().count(">N-") == 33


def test_the_claim_page_tables_download_and_the_heirs_only_with_a_purpose(
    client, charlie, bob, enrekang_claim
):
    from payung.audit.models import PersonalDataAccess
    from payung.claims.services import heir_add

    heir_add(
        actor=charlie, claim=enrekang_claim, name="Hasnah", nik="", relationship="spouse", share_percent=100
    )
    client.force_login(charlie)
    details = xlsx_rows(client.get(f"/klaim/{enrekang_claim.pk}/", {"unduh": "rincian"}))
    ruled = next(row for row in details if row[0] == "Menurut aturan")
    paid = next(row for row in details if row[0] == "Dibayar")
    assert (float(ruled[1]), float(paid[1])) == (42_000_000, 40_000_000)
    history = xlsx_rows(client.get(f"/klaim/{enrekang_claim.pk}/", {"unduh": "riwayat"}))
    assert any(row[2] == "paid" for row in history)
    asked = client.get(f"/klaim/{enrekang_claim.pk}/", {"unduh": "ahli-waris"})
    assert asked.status_code == 200 and b"Hasnah" not in asked.content  # the purpose page first
    heirs = xlsx_rows(
        client.get(f"/klaim/{enrekang_claim.pk}/", {"unduh": "ahli-waris", "purpose": "Membantu keluarga"})
    )
    assert any(row[0] == "Hasnah" for row in heirs)
    assert PersonalDataAccess.objects.filter(actor=charlie).count() == 1
    client.force_login(bob)
    assert (
        client.get(f"/klaim/{enrekang_claim.pk}/", {"unduh": "ahli-waris", "purpose": "x"}).status_code == 404
    )
