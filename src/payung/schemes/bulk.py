"""Set-based writes of the lifecycle: one statement per table over a whole set of memberships.

A step over 80,000 members (submit, the KPJ answer, a lapse, a reactivation, the close) changes their
rows, writes a `StatusChange` and an audit row each, and releases months: here each of those is one
statement. What differs per member (a KPJ number, an end month, the audit's old and new values) travels
as one JSON parameter the database unpacks (`json_each` on SQLite, `jsonb_array_elements` on
PostgreSQL), so no statement binds a parameter count that grows with the set (SQLite refuses more
than its variable limit; issue 21). What is the same for every member is a plain parameter.

Nothing here checks a rule: the services decide who moves where (`services/memberships.py`,
`services/bills.py`) and call these inside their transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from payung.audit.models import Action, AuditEvent
from payung.audit.services import actor_name, actor_regency
from payung.lib import lookups  # noqa: F401  (registers __in_list)

from .models import Membership, MembershipMonth, StatusChange

PG_TYPES = {"int": "bigint", "text": "text", "date": "date", "bool": "boolean", "json": "jsonb"}

MEMBERSHIP = Membership._meta.db_table
MONTHS = MembershipMonth._meta.db_table
EVENTS = StatusChange._meta.db_table
AUDIT = AuditEvent._meta.db_table


def json_table(columns: Sequence[tuple[str, str]], rows: Sequence[Sequence]) -> tuple[str, list]:
    """A derived table of `rows` from one JSON parameter: (SQL usable after FROM/JOIN, [parameter]).

    `columns` are (name, type) with type one of int, text, date, bool, json (a JSON value kept as JSON:
    pass it already encoded as text).
    """
    payload = json.dumps([list(r) for r in rows], default=_plain, separators=(",", ":"), ensure_ascii=False)
    if connection.vendor == "postgresql":
        picked = ", ".join(f"(e ->> {i})::{PG_TYPES[t]} AS {name}" for i, (name, t) in enumerate(columns))
        return f"(SELECT {picked} FROM jsonb_array_elements(%s::jsonb) AS e)", [payload]  # noqa: S608
    picked = ", ".join(f"value ->> {i} AS {name}" for i, (name, _t) in enumerate(columns))
    return f"(SELECT {picked} FROM json_each(%s))", [payload]  # noqa: S608 - names from the caller


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} in a JSON table")


def json_param(value) -> str:
    """A JSON value as a parameter of a JSON column (jsonb on PostgreSQL, text on SQLite)."""
    return json.dumps(value, ensure_ascii=False)


def json_cast() -> str:
    return "::jsonb" if connection.vendor == "postgresql" else ""


def db_now():
    now = timezone.now()
    return now, connection.ops.adapt_datetimefield_value(now)


@dataclass(frozen=True)
class Actor:
    """Who acted, as the trail and the events write it (read once per step, not per row)."""

    id: int | None
    name: str
    regency: str

    @classmethod
    def of(cls, actor) -> Actor:
        has_pk = getattr(actor, "pk", None) is not None
        return cls(actor.pk if has_pk else None, actor_name(actor), actor_regency(actor))


@dataclass(frozen=True)
class Move:
    """One membership's move: the new values of the step's fields, the audit changes, the reason."""

    membership_id: int
    values: tuple
    changes: dict
    why: str


FIELD_TYPES = {"kpj_number": "text", "rejection_reason": "text", "end_month": "date"}


def write_moves(
    moves: Sequence[Move],
    *,
    scheme_id: int,
    from_status: str,
    to: str,
    fields: Sequence[str],
    actor,
    source: str,
) -> None:
    """`moves` from `from_status` to `to`: the rows updated, an event and an audit row each (3 statements)."""
    if not moves:
        return
    who = Actor.of(actor)
    _now, stamp = db_now()
    columns = [("id", "int"), ("why", "text"), ("changes", "text")] + [(f, FIELD_TYPES[f]) for f in fields]
    rows = [(m.membership_id, m.why, json_param(m.changes), *m.values) for m in moves]
    table, params = json_table(columns, rows)
    sets = "".join(f", {Membership._meta.get_field(f).column} = j.{f}" for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {MEMBERSHIP} SET status = %s, updated_at = %s{sets} FROM {table} AS j "  # noqa: S608
            f"WHERE {MEMBERSHIP}.id = j.id",
            [to, stamp, *params],
        )
        cursor.execute(
            f"INSERT INTO {EVENTS} (scheme_id, membership_id, at, by_id, by_name, from_status, to_status, why) "  # noqa: S608
            f"SELECT %s, j.id, %s, %s, %s, %s, %s, SUBSTR(j.why, 1, 300) FROM {table} AS j ORDER BY j.id",
            [scheme_id, stamp, who.id, who.name, from_status, to, *params],
        )
        cursor.execute(
            f"INSERT INTO {AUDIT} (at, actor_id, actor_name, regency_code, object_type, object_id, action, "  # noqa: S608
            "source, changes, note) "
            # Filed under the membership's regency (the scheme's people), not the actor's.
            f"SELECT %s, %s, %s, m.regency_code, 'membership', CAST(j.id AS TEXT), %s, %s, j.changes{json_cast()}, "
            f"SUBSTR(j.why, 1, 200) FROM {table} AS j JOIN {MEMBERSHIP} AS m ON m.id = j.id ORDER BY j.id",
            [stamp, who.id, who.name, Action.UPDATE.value, source, *params],
        )


def release_months(membership_ids: Sequence[int]) -> None:
    """Delete every month row of these memberships (one statement)."""
    if membership_ids:
        MembershipMonth.objects.filter(membership_id__in_list=list(membership_ids)).delete()


def release_months_after(cutoffs: Sequence[tuple[int, dt.date]]) -> None:
    """Delete the month rows of each (membership, month) pair later than that month (one statement)."""
    if not cutoffs:
        return
    table, params = json_table([("id", "int"), ("after", "date")], cutoffs)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {MONTHS} WHERE id IN (SELECT r.id FROM {table} AS j "  # noqa: S608
            f"JOIN {MONTHS} AS r ON r.membership_id = j.id AND r.month > j.after)",
            params,
        )


def text_or_none(value) -> str | None:
    """An old or new value as `_transition` writes it in the trail."""
    return str(value) if value is not None else None


ANALYZE_AFTER = 10_000


def analyze_after_bulk(table: str, rows: int) -> None:
    """PostgreSQL: refresh the planner's statistics of `table` after a bulk write of `rows` rows.

    Autovacuum gets to it minutes later; meanwhile the planner believes a bill has 800 lines instead of
    160,000 and hash-joins the whole bill for a page of 100 (1 s instead of 60 ms). ANALYZE samples a
    fixed number of rows, so it costs a fraction of a second whatever the table's size.
    """
    if connection.vendor == "postgresql" and rows >= ANALYZE_AFTER:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
