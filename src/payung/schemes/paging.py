"""Keyset pages of a scheme's long lists (a bill's 160,000 lines, its members), by id.

A page is `WHERE id > cursor ORDER BY id LIMIT size + 1` on an index: as fast on the last page as on the
first, whatever the list's length. The cursor is the signed id of the row a page ended on
(lib/cursors.py), as the registry's pages carry (registry/paging.py pages by name instead). Totals
are the database's aggregates, never a Python sum over the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from payung.lib.cursors import cursor_make, cursor_read

PAGE_SIZE = 100


@dataclass
class IdPage:
    items: list
    next_cursor: str | None
    prev_cursor: str | None


def id_page(queryset: QuerySet, *, after: str = "", before: str = "", size: int = PAGE_SIZE) -> IdPage:
    """One page of `queryset` in id order; `after`/`before` are cursors of an earlier page (a cursor
    that is not ours gives page 1)."""
    after_id, before_id = cursor_read(after), cursor_read(before)
    if before_id is not None and after_id is None:
        rows = list(queryset.filter(pk__lt=before_id).order_by("-pk")[: size + 1])
        items = list(reversed(rows[:size]))
        return IdPage(
            items=items,
            next_cursor=cursor_make(items[-1].pk) if items else None,
            prev_cursor=cursor_make(items[0].pk) if items and len(rows) > size else None,
        )
    page = queryset.filter(pk__gt=after_id) if after_id is not None else queryset
    rows = list(page.order_by("pk")[: size + 1])
    items = rows[:size]
    return IdPage(
        items=items,
        next_cursor=cursor_make(items[-1].pk) if items and len(rows) > size else None,
        prev_cursor=cursor_make(items[0].pk) if items and after_id is not None else None,
    )
