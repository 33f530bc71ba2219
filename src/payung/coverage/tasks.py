"""Background work: refreshing the coverage summary (django-tasks; `payung db_worker` runs it)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def refresh_coverage_task(regency_codes: list[str], months: list[str] | None = None) -> int:
    from .summary import refresh_registry_coverage

    refresh_registry_coverage(
        regency_codes=regency_codes,
        months=None if months is None else [dt.date.fromisoformat(month) for month in months],
    )
    return len(regency_codes)
