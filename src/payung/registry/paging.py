"""Keyset pagination on (name, id): the same speed on page 1 and page 20,000 of a million workers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connections
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Concat

from payung.lib.cursors import cursor_make, cursor_read

COUNT_LIMIT = 10_000


@dataclass
class Page:
    items: list
    next_cursor: str | None
    prev_cursor: str | None
    total: int
    total_capped: bool  # True when there are more than COUNT_LIMIT rows (counting all would be slow)


def keyset_page(
    queryset: QuerySet,
    *,
    after: str = "",
    before: str = "",
    size: int = 50,
    selective: bool = False,
    walks: Sequence[QuerySet] = (),
) -> Page:
    """One page of a queryset ordered by (name, id); `after`/`before` are cursors from an earlier page.

    A cursor holds only the signed id of the row a page ended on (lib.cursors): the name it sorts by
    is looked up here, so it never travels to the client. A cursor that is not ours, or whose row
    has gone, gives page 1.

    `selective` says the filter itself narrows the rows well (a name search, which has a trigram index on
    PostgreSQL). Then the sort must not walk the name index, which would read most of the table before
    it met the first "Siti", names starting with the first name. Sorting by an expression equal to the
    name keeps the order and the cursor, and lets the planner sort the few matches instead.
    """
    # Only PostgreSQL has the index that makes the filter selective (registry migration 0003).
    selective = selective and connections[queryset.db].vendor == "postgresql"
    name_order = Concat("name", Value("")) if selective else F("name")
    position_after = _position(queryset, after)
    position_before = _position(queryset, before) if not position_after else None
    if position_before:
        name, pk = position_before
        # The plain range bound (name <= x) lets the planner walk the (name, id) index.
        before_position = Q(name__lte=name) & (Q(name__lt=name) | Q(id__lt=pk))
        order = (name_order.desc(), "-id")
        rows = list(_walked(queryset, before_position, order, size + 1, walks))
        has_more_before = len(rows) > size
        items = list(reversed(rows[:size]))
        has_more_after = True
    else:
        after_position = Q()
        if position_after:
            name, pk = position_after
            after_position = Q(name__gte=name) & (Q(name__gt=name) | Q(id__gt=pk))
        rows = list(_walked(queryset, after_position, (name_order.asc(), "id"), size + 1, walks))
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


def _walked(queryset: QuerySet, position: Q, order: tuple, limit: int, walks: Sequence[QuerySet]):
    """The first `limit` rows of the queryset from `position` in `order`; with walks, gathered walk by
    walk (above)."""
    if len(walks) > 1:
        ids = [
            pk
            for walk in walks
            for pk in walk.filter(position).order_by(*order).values_list("id", flat=True)[:limit]
        ]
        queryset = queryset.filter(pk__in=ids)
    return queryset.filter(position).order_by(*order)[:limit]


def _position(queryset: QuerySet, cursor: str) -> tuple[str, int] | None:
    """The (name, id) a cursor points at, within the same rows, or None."""
    row_id = cursor_read(cursor)
    if row_id is None:
        return None
    name = queryset.filter(pk=row_id).values_list("name", flat=True).first()
    return None if name is None else (name, row_id)


def cursor_is_valid(cursor: str) -> bool:
    """For the API, which answers 400 to a cursor that is not one of ours."""
    return cursor_read(cursor) is not None
