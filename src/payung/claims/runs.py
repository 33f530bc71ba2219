"""A report run's life in its `ClaimReport` row: heartbeat, the uploader's cancel, a dead worker.

The same rules as the worker imports (`payung.lib.jobs`), on the claims report's own row: a heartbeat
thread with its own connection writes `heartbeat_at` every few seconds and reads the cancel flag, so a
long write still shows life and can still be cancelled (on PostgreSQL; on SQLite nobody writes while the
save holds the only write lock, and the worker runs on the database's host, where its process is
asked). A run whose worker went silent, or whose process is gone, is failed with a message saying so
(`imports.progress.orphaned`, the one test of liveness).
"""

from __future__ import annotations

from django.db import OperationalError
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.imports.progress import orphaned, short_lock_wait, worker_name
from payung.lib import dates, jobs

from .models import ClaimReport, ImportStatus

WORKING = (ImportStatus.CHECKING, ImportStatus.IMPORTING)

__all__ = ["Beat", "ReportBusy", "ReportCancelled", "report_cancel", "report_check_alive", "worker_name"]


class ReportCancelled(Exception):
    """The uploader cancelled the run: nothing was written."""


class ReportBusy(Exception):
    """The cancel cannot be recorded now (SQLite: the save holds the write lock); the message says so."""


class Beat(jobs.Beat):
    """The heartbeat and cancel flag of one running report (payung.lib.jobs; a context manager)."""

    def __init__(self, report_id: int) -> None:
        super().__init__(ClaimReport, report_id, WORKING)

    def progress(self, percent: int) -> None:
        """Record the percentage (outside the save); raises ReportCancelled when a cancel was asked."""
        if self.report("", percent):
            raise ReportCancelled


def report_check_alive(report: ClaimReport) -> ClaimReport:
    """A checking or importing run whose worker died is failed with a true message (the page stops
    waiting; the uploader sends the file again). Nothing was written: the write is one transaction."""
    if not orphaned(report):
        return report
    last = (report.heartbeat_at or report.started_at or timezone.now()).astimezone(dates.office_zone())
    values = {
        "time": last.strftime("%H:%M"),
        "phase": report.get_status_display(),
        "percent": report.progress,
    }
    if report.status == ImportStatus.IMPORTING:
        message = _(
            "Proses latar belakang yang mengimpor berkas ini berhenti mendadak sekitar pukul %(time)s "
            "(tahap: %(phase)s, %(percent)d %%). Tidak ada data yang disimpan: seluruh impor dibatalkan "
            "oleh basis data. Jalankan lagi."
        )
    else:
        message = _(
            "Proses latar belakang yang memeriksa berkas ini berhenti mendadak sekitar pukul %(time)s "
            "(tahap: %(phase)s, %(percent)d %%). Pemeriksaan tidak menyimpan apa pun. Jalankan lagi."
        )
    ClaimReport.objects.filter(pk=report.pk, status=report.status, heartbeat_at=report.heartbeat_at).update(
        status=ImportStatus.FAILED,
        file_error=message % values,
        finished_at=timezone.now(),
        created=0,
        updated=0,
        unchanged=0,
    )
    report.refresh_from_db()
    return report


def report_cancel(report: ClaimReport) -> ClaimReport:
    """Cancel a run: at once when it waits (queued, or checked and not yet imported) or its worker is
    dead; else by the flag its worker reads at its next step, or before its write commits (rolled back)."""
    report = report_check_alive(report)
    if report.status in WORKING:
        try:
            with short_lock_wait():
                ClaimReport.objects.filter(pk=report.pk).update(cancel_requested=True)
        except OperationalError as error:  # SQLite: the save holds the only write lock until it commits
            raise ReportBusy(
                _("Data sedang disimpan dan tidak dapat dibatalkan lagi; penyimpanan selesai sebentar lagi.")
            ) from error
        report.cancel_requested = True
    elif report.status in (ImportStatus.QUEUED, ImportStatus.CHECKED):
        ClaimReport.objects.filter(pk=report.pk, status=report.status).update(
            status=ImportStatus.CANCELLED, finished_at=timezone.now()
        )
        report.refresh_from_db()
    return report
