"""How long the kept originals of branch claims reports stay, and the purge (`payung purge_claim_reports`).

A branch's report names every participant it paid (NIK, name, amounts): personal data kept only as
long as a question about an import can still come up. The default is a year
(`PAYUNG_CLAIM_REPORT_RETENTION_DAYS`, 365): claims are reconciled over a budget year, at the year's
rakor and the regency's audit, against the report the branch sent. After it the original and the
problem list (which quotes the file's cells) go; the run's row keeps the file's name, SHA-256, counts and
`purged_at`, and one audit row per purge says what went. Runs still running are never touched.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from payung.audit.models import Action, Source
from payung.audit.services import audit_record

from .models import ClaimReport, ImportStatus

DEFAULT_RETENTION_DAYS = 365
OBJECT = "claim_report"
log = logging.getLogger(__name__)


def retention_days() -> int:
    return int(getattr(settings, "PAYUNG_CLAIM_REPORT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


@dataclass
class Purged:
    dry_run: bool
    retention_days: int
    reports: list[int] = field(default_factory=list)
    bytes: int = 0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def claim_reports_purge(*, dry_run: bool = False, now: dt.datetime | None = None) -> Purged:
    """Delete the originals (and problem lists) of runs uploaded more than the retention ago."""
    now = now or timezone.now()
    days = retention_days()
    purged = Purged(dry_run=dry_run, retention_days=days)
    due = (
        ClaimReport.objects.filter(created_at__lt=now - dt.timedelta(days=days), purged_at__isnull=True)
        .exclude(status__in=(ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.IMPORTING))
        .order_by("id")
    )
    for report in due.iterator():
        size = _size(report)
        purged.reports.append(report.pk)
        purged.bytes += size
        if dry_run:
            continue
        name = report.file.name
        with transaction.atomic():
            if report.file:
                report.file.delete(save=False)
            report.file, report.errors, report.warnings, report.purged_at = "", [], [], now
            report.save(update_fields=["file", "errors", "warnings", "purged_at"])
            audit_record(
                actor=None,
                object_type=OBJECT,
                object_id=report.pk,
                action=Action.DELETE,
                source=Source.SYSTEM,
                changes={"file": [name or None, None]},
                note=f"retensi {days} hari",
            )
        log.info(
            "claims report %s: original %s deleted after %s days (%s bytes)", report.pk, name, days, size
        )
    return purged


def _size(report: ClaimReport) -> int:
    if not report.file:
        return 0
    try:
        return report.file.size
    except (OSError, NotImplementedError):
        return 0
