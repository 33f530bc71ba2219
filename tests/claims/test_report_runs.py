"""A branch report's run: the XLSX error report, cancel (queued, running, during the write), a run
whose worker died failed with a true message, and the retention of kept originals."""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from payung.audit.models import AuditEvent, Source
from payung.claims.models import Claim, ClaimReport
from payung.claims.reports import report_create, report_run
from payung.claims.services import WriteCancelled, claims_write
from payung.claims.validation import ClaimData

from .builders import new_nik, write_csv
from .test_views import xlsx_rows

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 30)


def _good_rows(count=3):
    return [
        (f"K-{i}", "", new_nik(), "Hasan", "JKM", "", "01/02/2025", "01/03/2025", "42000000", "DIBAYAR")
        for i in range(count)
    ]


def _report(tmp_path, dina, rows, *, dry_run=False) -> ClaimReport:
    path = write_csv(tmp_path / "palopo.csv", rows)
    return report_create(actor=dina, data=path.read_bytes(), name="palopo.csv", dry_run=dry_run)


def test_the_error_report_downloads_as_xlsx_with_row_column_code_message(client, dina, regions, tmp_path):
    client.force_login(dina)
    rows = [
        ("K-1", "", new_nik(), "Hasan", "JKM", "", "01/02/2025", "01/03/2025", "42000000", "DIBAYAR"),
        ("K-2", "", "12345", "Rina", "JKM", "", "01/02/2025", "", "", "PROSES"),
        ("K-3", "", new_nik(), "Budi", "ASURANSI", "", "01/02/2025", "", "", "PROSES"),
    ]
    with write_csv(tmp_path / "salah.csv", rows).open("rb") as handle:
        sent = client.post("/klaim/impor/", {"file": handle})
    page = client.get(sent.url).content.decode()
    assert "Unduh daftar kesalahan" in page

    table = xlsx_rows(client.get(sent.url, {"unduh": "kesalahan"}))

    assert table[0] == ("Baris", "Kolom", "Kode", "Pesan")
    found = {(int(float(row)), column, code) for row, column, code, _message in table[1:]}
    assert any(r == 6 and c == "NIK" for r, c, _k in found)
    assert any(r == 7 and c == "Program" and k == "programme_unknown" for r, c, k in found)
    assert len(table) - 1 == len(ClaimReport.objects.get().errors)
    assert not Claim.objects.exists()


def test_a_queued_run_is_cancelled_at_once_and_a_running_one_stops_writing_nothing(
    client, dina, regions, tmp_path
):
    queued = _report(tmp_path, dina, _good_rows())
    client.force_login(dina)
    client.post(f"/klaim/impor/{queued.pk}/batal/")
    queued.refresh_from_db()
    assert queued.status == "cancelled"
    from payung.claims.tasks import run_claim_report

    run_claim_report.call(queued.pk)  # the worker skips it
    assert not Claim.objects.exists()

    running = _report(tmp_path, dina, _good_rows())
    ClaimReport.objects.filter(pk=running.pk).update(cancel_requested=True)  # asked once it runs
    assert report_run(running, today=TODAY, source=Source.IMPORT) is None
    running.refresh_from_db()
    assert (running.status, running.created) == ("cancelled", 0)
    assert not Claim.objects.exists()
    assert "Tidak ada yang disimpan" in client.get(f"/klaim/impor/{running.pk}/").content.decode()


def test_a_cancel_during_the_write_rolls_it_back(regions):
    rows = [
        ClaimData(
            claim_number="W-1",
            nik=new_nik(),
            programme="JKM",
            kind="jkm_death",
            event_date=dt.date(2025, 2, 1),
            status="reported",
        )
    ]
    with pytest.raises(WriteCancelled):
        claims_write(actor=None, rows=rows, today=TODAY, should_stop=lambda: True)
    assert not Claim.objects.exists() and not AuditEvent.objects.filter(object_type="claim").exists()


@pytest.mark.parametrize(
    ("worker", "silent_minutes", "status"),
    [
        ("elsewhere:4242", 10, "importing"),  # another host, silent too long
        (f"{socket.gethostname()}:999999", 0, "checking"),  # this host, its process gone
    ],
)
def test_a_run_whose_worker_died_fails_with_a_true_message(
    client, dina, regions, tmp_path, worker, silent_minutes, status
):
    report = _report(tmp_path, dina, _good_rows())
    beat = timezone.now() - dt.timedelta(minutes=silent_minutes)
    ClaimReport.objects.filter(pk=report.pk).update(
        status=status, worker=worker, started_at=beat, heartbeat_at=beat, progress=40
    )
    client.force_login(dina)

    page = client.get(f"/klaim/impor/{report.pk}/", {"partial": "1"}).content.decode()

    report.refresh_from_db()
    assert report.status == "failed"
    assert "berhenti mendadak" in report.file_error and "40 %" in report.file_error
    assert report.file_error in page and "hx-trigger" not in page  # the page stops polling


def test_a_live_run_is_left_running(client, dina, regions, tmp_path):
    report = _report(tmp_path, dina, _good_rows())
    ClaimReport.objects.filter(pk=report.pk).update(
        status="checking", worker="elsewhere:1", started_at=timezone.now(), heartbeat_at=timezone.now()
    )
    client.force_login(dina)
    client.get(f"/klaim/impor/{report.pk}/")
    report.refresh_from_db()
    assert report.status == "checking"


def test_originals_past_the_retention_are_purged_audited(settings, dina, regions, tmp_path, capsys):
    settings.PAYUNG_CLAIM_REPORT_RETENTION_DAYS = 30
    old = _report(tmp_path, dina, _good_rows())
    report_run(old, today=TODAY, source=Source.IMPORT)
    recent = _report(tmp_path, dina, _good_rows())
    running = _report(tmp_path, dina, _good_rows())
    ClaimReport.objects.filter(pk__in=[old.pk, running.pk]).update(
        created_at=timezone.now() - dt.timedelta(days=31)
    )
    ClaimReport.objects.filter(pk=running.pk).update(status="checking")
    kept = Path(old.file.path)
    assert kept.exists()

    call_command("purge_claim_reports", "--dry-run", "--json")
    assert json.loads(capsys.readouterr().out)["reports"] == [old.pk] and kept.exists()
    call_command("purge_claim_reports", "--json")

    result = json.loads(capsys.readouterr().out)
    assert result["reports"] == [old.pk] and result["retention_days"] == 30
    assert not kept.exists()
    old.refresh_from_db()
    assert (old.file.name, old.errors, old.purged_at is not None, old.created) == ("", [], True, 3)
    trail = AuditEvent.objects.get(object_type="claim_report", object_id=str(old.pk))
    assert trail.action == "delete" and trail.changes["file"][1] is None
    assert Path(recent.file.path).exists() and Path(ClaimReport.objects.get(pk=running.pk).file.path).exists()
    call_command("purge_claim_reports", "--json")  # again: nothing more
    assert json.loads(capsys.readouterr().out)["reports"] == []
