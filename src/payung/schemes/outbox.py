"""Writing the coverage outbox: which regencies and months the lifecycle changed.

Services call `memberships_changed` inside their transaction; the rows commit or roll back with the
change. One row per regency and month however many members changed (a lapse of 80,000 members in one
regency writes at most twelve), and a row already waiting is only re-dated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from payung.rules import Month

from .models import Membership, RegionMonthChange
from .pricing import months_between


def region_months_changed(pairs: Iterable[tuple[str, dt.date]]) -> int:
    """Record that these (regency code, first-of-month) pairs changed; returns how many."""
    now = timezone.now()
    rows = [
        RegionMonthChange(regency_code=regency, month=month, changed_at=now)
        for regency, month in sorted(set(pairs))
    ]
    # An upsert, not "ignore": the update waits for a refresh holding the row, so a change that
    # commits while coverage is refreshing is recorded again instead of being folded into it.
    RegionMonthChange.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["regency_code", "month"],
        update_fields=["changed_at"],
        batch_size=500,
    )
    return len(rows)


def memberships_changed(memberships: Iterable[Membership], *, last_month: dt.date) -> int:
    """The months `memberships` can count in (their start to the scheme's `last_month`), per regency."""
    return region_months_in_windows(
        {(m.regency_code, m.start_month) for m in memberships}, last_month=last_month
    )


def region_months_in_windows(windows: Iterable[tuple[str, dt.date]], *, last_month: dt.date) -> int:
    """The months from each (regency, start month) window's start to `last_month`."""
    last = Month.of(last_month)
    return region_months_changed(
        (regency, month.first_day)
        for regency, start in set(windows)
        for month in months_between(Month.of(start), last)
    )
