"""Reading the lifecycle's outbox: refresh the coverage of each regency and month that changed.

The lifecycle writes a `RegionMonthChange` row in the transaction of the change (schemes/outbox.py).
`refresh_pending` takes a batch of rows, recomputes those regencies' months and deletes the rows, all
in one transaction: a crash or a kill in the middle rolls back and leaves the rows for the next run.
Rows are locked while they are refreshed (skipped by a second worker on PostgreSQL); a change
committed meanwhile re-dates its row only once the refresh has committed, so it is refreshed again.
Run by `payung refresh_coverage --pending` (at start-up, and `--follow` keeps polling like a worker).
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection, transaction

from payung.schemes.models import RegionMonthChange

from .summary import refresh_registry_coverage

BATCH = 500


def refresh_pending(*, batch: int = BATCH) -> int:
    """Refresh every pending regency and month; returns how many rows were processed."""
    done = 0
    while processed := _refresh_batch(batch):
        done += processed
    return done


def _refresh_batch(batch: int) -> int:
    with transaction.atomic():
        pending = RegionMonthChange.objects.order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True)
        rows = list(pending[:batch])
        if not rows:
            return 0
        months: dict[str, set] = defaultdict(set)
        for row in rows:
            months[row.regency_code].add(row.month)
        for regency, wanted in sorted(months.items()):
            refresh_registry_coverage(regency_codes=[regency], months=sorted(wanted))
        RegionMonthChange.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def pending_count() -> int:
    return RegionMonthChange.objects.count()
