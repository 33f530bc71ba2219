"""Set-based writes of the lifecycle: one statement per table over a whole set of memberships.

A step over 80,000 members (submit, the KPJ answer, a lapse, a reactivation, the close) changes their
rows, writes a `StatusChange` and an audit row each, and releases months: here each of those is one
statement. Who moves and to what is a `Moving`: a query of the service's (the lapse's members behind on
their bills) or the values Python holds (a KPJ number per member) as one JSON parameter the database
unpacks (`json_each` on SQLite, `jsonb_array_elements` on PostgreSQL), so no statement binds a
parameter count that grows with the set (SQLite refuses more than its variable limit; issue 21). The
trail's old and new values are read and written by the database, not built per member in Python.

Nothing here checks a rule: the services decide who moves where (`services/memberships.py`,
`services/arrears.py`) and call these inside their transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from django.db import connection
from django.utils import timezone

from payung.audit.models import Action, AuditEvent
from payung.audit.services import actor_name, actor_regency
from payung.lib import lookups  # noqa: F401  (registers __in_list)

from .models import BillLine, Membership, MembershipMonth, StatusChange

PG_TYPES = {"int": "bigint", "text": "text", "date": "date", "bool": "boolean", "json": "jsonb"}
SQLITE_TYPES = {"int": "INTEGER", "text": "TEXT", "date": "DATE", "bool": "BOOLEAN", "json": "TEXT"}

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
    # Materialized: joined as a plain json_each, SQLite walks the whole JSON text again for every row on
    # the other side (a bill of 20,000 members priced from ten prices took 0.4 s instead of 0.07 s).
    return f"(WITH t AS MATERIALIZED (SELECT {picked} FROM json_each(%s)) SELECT * FROM t)", [payload]  # noqa: S608


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
class Moving:
    """Who moves and to what: a SELECT of `id` (a membership), the new value of each changed field (a
    column named as the field) and, when it differs per member, `why`; with its parameters.

    Built by `moving_rows` from Python values, or by the service's own set query (a lapse finds its
    members in the bills); `write_moves` reads it once into a temporary table.
    """

    sql: str
    params: list
    # A field's new value as an expression over the set (`j`) and the membership (`m`), where it
    # depends on the membership; otherwise the set's column of that name.
    values: dict[str, str] = field(default_factory=dict)


def moving_rows(columns: Sequence[tuple[str, str]], rows: Sequence[Sequence]) -> Moving:
    """`rows` of (id, *new values) as a `Moving`: `columns` as `json_table` takes them."""
    columns = [("id", "int"), *columns]
    # In key order, whatever order the file came in: each membership is then sought, and the set's table
    # filled, from left to right.
    table, params = json_table(columns, sorted(rows, key=itemgetter(0)))
    return Moving(f"SELECT {', '.join(name for name, _type in columns)} FROM {table} AS r", params)  # noqa: S608 - names from the caller


def moving_query(queryset, names: Sequence[str]) -> Moving:
    """A `values_list` queryset as a `Moving`, its columns named `names` (the membership id first)."""
    sql, params = queryset.query.sql_with_params()
    return Moving(f"WITH q({', '.join(names)}) AS ({sql}) SELECT * FROM q", list(params))  # noqa: S608


def moving_behind(covered_to: dict[int, dt.date], *, at_least: int, whys: dict[int, str]) -> Moving:
    """The members with lines in `at_least` or more of the bills `covered_to` names (bill id -> the
    month a member behind from that bill is covered to; earlier for an earlier bill), each with
    `end_month`: the earliest of those of its bills, none when that is before the member's start; and
    `why`: `whys` of how many of those bills they are in. One GROUP BY over the bills' lines."""
    # CASEs over the few bills and counts, not joins: SQLite planned a join on a list of three counts as
    # the outer loop, indexing the 20,000 members' groups to probe them.
    day = "CAST(%s AS DATE)" if connection.vendor == "postgresql" else "%s"  # SQLite's CAST makes 2025
    cases = " ".join(f"WHEN %s THEN {day}" for _bill in covered_to)
    case_params = [value for bill, month in covered_to.items() for value in (bill, _sql_date(month))]
    reasons = " ".join("WHEN %s THEN CAST(%s AS TEXT)" for _count in whys)
    reason_params = [value for count, why in whys.items() for value in (count, why)]
    marks = ", ".join(["%s"] * len(covered_to))
    # The distinct (bill, member) pairs first: they come in the order of the lines' unique index, so the
    # GROUP BY counts rows instead of keeping a distinct set per member (0.09 s instead of 0.24 s for
    # 81,466 members in three bills on SQLite).
    return Moving(
        f"SELECT d.membership_id AS id, d.covered_to, CASE d.bills {reasons} END AS why FROM (SELECT "  # noqa: S608
        f"p.membership_id, COUNT(*) AS bills, MIN(CASE p.bill_id {cases} END) AS covered_to FROM (SELECT "
        f"DISTINCT l.bill_id, l.membership_id FROM {BillLine._meta.db_table} AS l WHERE l.bill_id IN ({marks})) "
        "AS p GROUP BY p.membership_id HAVING COUNT(*) >= %s) AS d",
        [*reason_params, *case_params, *covered_to, at_least],
        values={"end_month": "CASE WHEN j.covered_to >= m.start_month THEN j.covered_to END"},
    )


def _sql_date(day: dt.date):
    return connection.ops.adapt_datefield_value(day)


OLD, NEW = "old", "new"


@dataclass(frozen=True)
class Audited:
    """What the trail writes for a field: the member's value before (OLD), the move's value (NEW),
    or a fixed text (None included), as the per-member code wrote it."""

    old: str | None = OLD
    new: str | None = NEW


@dataclass(frozen=True)
class Moved:
    """What `write_moves` moved: how many, and the (regency, start month) windows of those members (the
    coverage outbox's input)."""

    count: int
    windows: frozenset[tuple[str, dt.date]]


FIELD_TYPES = {"kpj_number": "text", "rejection_reason": "text", "end_month": "date"}
TEMP = "payung_moving"


def write_moves(
    moving: Moving | None,
    *,
    scheme_id: int,
    from_status: str,
    to: str,
    fields: dict[str, Audited],
    actor,
    source: str,
    why: str | None,
) -> Moved:
    """The members `moving` picks (None: all), if they are in `scheme_id` with `from_status`, go to `to`:
    their rows updated, an event and an audit row each.

    The same ten statements at most whatever the count: the set is read once into a temporary table (with
    the old values the trail needs; the rows locked on PostgreSQL), then the UPDATE, the events and the
    audit read it.
    `why`: the same reason for every member, or None to take each member's from `moving`.
    """
    who = Actor.of(actor)
    _now, stamp = db_now()
    pg = connection.vendor == "postgresql"
    olds = "".join(f", m.{_column(f)} AS old_{f}" for f, spec in fields.items() if spec.old == OLD)
    if moving is None:
        assert why is not None and not fields, "every member moves the same way"
        picked, params = f"{MEMBERSHIP} AS m", []
        news = ""
    else:
        # SQLite's CROSS JOIN keeps this order: the set outside, each membership sought by its key (left
        # to itself, SQLite scans the set, which has no index, once per membership of the scheme).
        join = "CROSS JOIN" if not pg else "JOIN"
        picked, params = f"({moving.sql}) AS j {join} {MEMBERSHIP} AS m ON m.id = j.id", moving.params
        news = "".join(f", {moving.values.get(f, f'j.{f}')}" for f in fields)
    reason, why_params = ("j.why", []) if why is None else ("CAST(%s AS TEXT)", [why])
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TEMP}")
        # Keyed by the membership: SQLite then keeps it in id order (the ORDER BYs below cost nothing).
        columns = [("id", "int"), ("regency_code", "text"), ("start_month", "date"), ("why", "text")]
        columns += [(f, FIELD_TYPES[f]) for f in fields]
        columns += [(f"old_{f}", FIELD_TYPES[f]) for f, spec in fields.items() if spec.old == OLD]
        types = PG_TYPES if pg else SQLITE_TYPES
        declared = ", ".join(f"{name} {types[kind]}" for name, kind in columns)
        cursor.execute(f"CREATE TEMP TABLE {TEMP} ({declared}, PRIMARY KEY (id))")
        cursor.execute(
            f"INSERT INTO {TEMP} SELECT m.id, m.regency_code, m.start_month, {reason} AS why{news}{olds} "  # noqa: S608
            f"FROM {picked} WHERE m.scheme_id = %s AND m.status = %s"
            # PostgreSQL locks the rows in key order (two steps never wait on each other crosswise);
            # SQLite locks the database and keeps the table in key order anyway: a sort of 300,000 rows
            # there spilled to disk.
            f"{' ORDER BY m.id FOR UPDATE OF m' if pg else ''}",
            [*why_params, *params, scheme_id, from_status],
        )
        cursor.execute(f"SELECT COUNT(*) FROM {TEMP}")  # noqa: S608
        (moved,) = cursor.fetchone()
        windows = frozenset()
        if moved:
            cursor.execute(f"SELECT DISTINCT regency_code, start_month FROM {TEMP}")  # noqa: S608
            windows = frozenset((regency, _date(start)) for regency, start in cursor.fetchall())
            sets = "".join(f", {_column(f)} = j.{f}" for f in fields)
            cursor.execute(
                f"UPDATE {MEMBERSHIP} SET status = %s, updated_at = %s{sets} FROM {TEMP} AS j "  # noqa: S608
                f"WHERE {MEMBERSHIP}.id = j.id",
                [to, stamp],
            )
            cursor.execute(
                f"INSERT INTO {EVENTS} (scheme_id, membership_id, at, by_id, by_name, from_status, to_status, "  # noqa: S608
                f"why) SELECT %s, j.id, %s, %s, %s, %s, %s, SUBSTR(j.why, 1, 300) FROM {TEMP} AS j ORDER BY j.id",
                [scheme_id, stamp, who.id, who.name, from_status, to],
            )
            changes, params = _changes(fields, from_status, to)
            cursor.execute(
                f"INSERT INTO {AUDIT} (at, actor_id, actor_name, regency_code, object_type, object_id, action, "  # noqa: S608
                # Filed under the membership's regency (the scheme's people), not the actor's.
                f"source, changes, note) SELECT %s, %s, %s, j.regency_code, 'membership', CAST(j.id AS TEXT), "
                f"%s, %s, {changes}, SUBSTR(j.why, 1, 200) FROM {TEMP} AS j ORDER BY j.id",
                [stamp, who.id, who.name, Action.UPDATE.value, source, *params],
            )
        cursor.execute(f"DROP TABLE {TEMP}")
    # The next step plans on the statuses as they are now (PostgreSQL believed none was active right after
    # the answer activated 20,000, and looped over them 20,000 times).
    analyze_after_bulk(MEMBERSHIP, moved, ["status", *(_column(f) for f in fields)])
    return Moved(moved, windows)


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _column(name: str) -> str:
    return Membership._meta.get_field(name).column


def _changes(fields: dict[str, Audited], from_status: str, to: str) -> tuple[str, list]:
    """The trail's {"status": [old, new], field: [old, new], ...} built by the database, each value as
    text (a date as YYYY-MM-DD) or null, as `_transition` writes it one member at a time."""
    pg = connection.vendor == "postgresql"
    pair, obj = ("jsonb_build_array", "jsonb_build_object") if pg else ("json_array", "json_object")

    def text(expression: str, kind: str) -> str:
        if not pg:
            return expression
        return f"to_char({expression}, 'YYYY-MM-DD')" if kind == "date" else f"{expression}::text"

    def value(spec: str | None, name: str, kind: str, params: list) -> str:
        if spec == OLD:
            return text(f"j.old_{name}", kind)
        if spec == NEW:
            return text(f"j.{name}", kind)
        params.append(spec)
        return "CAST(%s AS TEXT)"

    params: list = [from_status, to]
    parts = [f"'status', {pair}(CAST(%s AS TEXT), CAST(%s AS TEXT))"]
    for name, spec in fields.items():
        kind = FIELD_TYPES[name]
        old = value(spec.old, name, kind, params)
        new = value(spec.new, name, kind, params)
        parts.append(f"'{name}', {pair}({old}, {new})")
    return f"{obj}({', '.join(parts)})", params


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


# Not 10,000: an answer activating 9,990 of 10,000 left PostgreSQL believing none was active, and the
# lapse and reactivation after it took 2 s and 8 s instead of 0.3 s. ANALYZE costs tens of milliseconds.
ANALYZE_AFTER = 1_000


def analyze_after_bulk(table: str, rows: int, columns: Sequence[str] = ()) -> None:
    """PostgreSQL: refresh the planner's statistics of `table` after a bulk write of `rows` rows; of
    `columns` only when given (the row count is refreshed either way).

    Autovacuum gets to it minutes later; meanwhile the planner believes a bill has 800 lines instead of
    160,000 and hash-joins the whole bill for a page of 100 (1 s instead of 60 ms). ANALYZE samples a
    fixed number of rows, so it costs a fraction of a second whatever the table's size; of the columns a
    move changed, a fifth of that (a lapse of 10,000 members: 5 ms instead of 27 ms).
    """
    if connection.vendor == "postgresql" and rows >= ANALYZE_AFTER:
        quote = connection.ops.quote_name
        listed = f" ({', '.join(quote(c) for c in columns)})" if columns else ""
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {quote(table)}{listed}")
