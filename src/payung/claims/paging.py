"""Keyset pages of the claims list, newest event first: (event_date, id) descending.

The same opaque cursors and `Page` as the registry's lists (registry/paging.py, lib/cursors.py): a
cursor holds only the signed id of the row a page ended on, its event date is looked up here; a cursor
that is not ours, or whose row has left the filtered list, gives page 1. The registry pages by name;
claims are followed by date, so the order is the claim's own, on the (event_date, id) indexes.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from payung.lib.cursors import cursor_make, cursor_read
from payung.registry.paging import COUNT_LIMIT, Page, cursor_is_valid

__all__ = ["Page", "claims_page", "cursor_is_valid"]


def claims_page(queryset: QuerySet, *, after: str = "", before: str = "", size: int = 100) -> Page:
    """One page of `queryset` newest first; `after`/`before` are cursors of an earlier page."""
    position_after = _position(queryset, after)
    position_before = _position(queryset, before) if not position_after else None
    if position_before:
        day, pk = position_before
        newer = Q(event_date__gte=day) & (Q(event_date__gt=day) | Q(id__gt=pk))
        rows = list(queryset.filter(newer).order_by("event_date", "id")[: size + 1])
        has_more_before = len(rows) > size
        items = list(reversed(rows[:size]))
        has_more_after = True
    else:
        page = queryset
        if position_after:
            day, pk = position_after
            page = page.filter(Q(event_date__lte=day) & (Q(event_date__lt=day) | Q(id__lt=pk)))
        rows = list(page.order_by("-event_date", "-id")[: size + 1])
        items = rows[:size]
        has_more_after = len(rows) > size
        has_more_before = position_after is not None
    total = queryset.order_by()[: COUNT_LIMIT + 1].count()
    return Page(
        items=items,
        next_cursor=cursor_make(items[-1].pk) if items and has_more_after else None,
        prev_cursor=cursor_make(items[0].pk) if items and has_more_before else None,
        total=min(total, COUNT_LIMIT),
        total_capped=total > COUNT_LIMIT,
    )


def _position(queryset: QuerySet, cursor: str):
    row_id = cursor_read(cursor)
    if row_id is None:
        return None
    day = queryset.filter(pk=row_id).values_list("event_date", flat=True).first()
    return None if day is None else (day, row_id)
