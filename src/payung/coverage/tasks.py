"""Background work: refreshing the coverage summary (django-tasks; `payung db_worker` runs it)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from .outbox import refresh_pending
from .summary import refresh_registry_coverage


@task()
def refresh_pending_task() -> int:
    """Refresh what the lifecycle's outbox holds (as `payung refresh_coverage --pending`)."""
    return refresh_pending()


@task()
def refresh_coverage_task(regency_codes: list[str], months: list[str] | None = None) -> int:
    """Whole regencies (tasks queued before the outbox still carry these arguments), then the outbox."""
    refresh_registry_coverage(
        regency_codes=regency_codes,
        months=None if months is None else [dt.date.fromisoformat(month) for month in months],
    )
    refresh_pending()
    return len(regency_codes)
