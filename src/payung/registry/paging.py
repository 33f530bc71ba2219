"""Keyset pagination on (name, id): the same speed on page 1 and page 20,000 of a million workers."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from django.db import connections
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Concat

COUNT_LIMIT = 10_000


def encode_cursor(name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([name, pk]).encode()).decode()


def decode_cursor(cursor: str) -> tuple[str, int] | None:
    try:
        name, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return str(name), int(pk)
    except (ValueError, TypeError):
        return None


@dataclass
class Page:
    items: list
    next_cursor: str | None
    prev_cursor: str | None
    total: int
    total_capped: bool  # True when there are more than COUNT_LIMIT rows (counting all would be slow)


def keyset_page(
    queryset: QuerySet, *, after: str = "", before: str = "", size: int = 50, selective: bool = False
) -> Page:
    """One page of a queryset ordered by (name, id); `after`/`before` are cursors from an earlier page.

    `selective` says the filter itself narrows the rows well (a name search, which has a trigram index on
    PostgreSQL). Then the sort must not walk the name index, which would read most of the table before
    it met the first "Siti", names starting with the first name. Sorting by an expression equal to the
    name keeps the order and the cursor, and lets the planner sort the few matches instead.
    """
    # Only PostgreSQL has the index that makes the filter selective (registry migration 0003).
    selective = selective and connections[queryset.db].vendor == "postgresql"
    name_order = Concat("name", Value("")) if selective else F("name")
    position_after = decode_cursor(after) if after else None
    position_before = decode_cursor(before) if before and not position_after else None
    if position_before:
        name, pk = position_before
        # The plain range bound (name <= x) lets the planner walk the (name, id) index.
        before_position = Q(name__lte=name) & (Q(name__lt=name) | Q(id__lt=pk))
        rows = list(queryset.filter(before_position).order_by(name_order.desc(), "-id")[: size + 1])
        has_more_before = len(rows) > size
        items = list(reversed(rows[:size]))
        has_more_after = True
    else:
        page = queryset
        if position_after:
            name, pk = position_after
            page = page.filter(Q(name__gte=name) & (Q(name__gt=name) | Q(id__gt=pk)))
        rows = list(page.order_by(name_order.asc(), "id")[: size + 1])
        items = rows[:size]
        has_more_after = len(rows) > size
        has_more_before = position_after is not None
    total = queryset.order_by()[: COUNT_LIMIT + 1].count()
    return Page(
        items=items,
        next_cursor=encode_cursor(items[-1].name, items[-1].pk) if items and has_more_after else None,
        prev_cursor=encode_cursor(items[0].name, items[0].pk) if items and has_more_before else None,
        total=min(total, COUNT_LIMIT),
        total_capped=total > COUNT_LIMIT,
    )
