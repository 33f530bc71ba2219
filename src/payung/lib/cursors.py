"""Page cursors the client carries but cannot read or forge.

A cursor holds only the id of the row a page ended on, signed with the secret key (Django's
signing): no name or other field of the row travels, whoever the user is, and a cursor that was
made up or changed is simply not one (the caller answers page 1 or 400, never a crash).
"""

from __future__ import annotations

from django.core import signing

SALT = "payung.page-cursor"
LARGEST_ID = 2**63 - 1  # a bigint primary key


def cursor_make(row_id: int) -> str:
    return signing.dumps(row_id, salt=SALT)


def cursor_read(cursor: str) -> int | None:
    """The row id in a cursor made by `cursor_make`, or None for anything else."""
    if not cursor or len(cursor) > 200:
        return None
    try:
        row_id = signing.loads(cursor, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return None
    if type(row_id) is not int or not 0 < row_id <= LARGEST_ID:
        return None
    return row_id
