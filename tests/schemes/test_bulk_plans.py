"""SQLite runs every set-based statement of the lifecycle with the plan it is written for.

SQLite plans a table-valued function (`json_each`, which unpacks a step's JSON parameter) as a table
it may scan once per row of another: joined plainly, a bill of 20,000 members was priced by reading
the JSON price list 20,000 times (0.4 s instead of 0.07 s), and a KPJ answer of 20,000 rows by reading
the answer 20,000 times (131 s). The plan of each statement is read before it runs: every JSON list is
read once (materialized, or a list for IN), and a move finds each membership by its key. And
PostgreSQL, which plans on statistics, has them fresh after a move of a thousand members or more.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from django.db import connection

from payung.schemes.services.memberships import memberships_propose_selection, memberships_submit
from tests.schemes.builders import TODAY, approve, make_scheme
from tests.schemes.test_bulk_parameters import many_workers, run_lifecycle

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")

READ_ONCE = ("MATERIALIZE", "LIST SUBQUERY", "CO-ROUTINE")


@contextmanager
def plans():
    """Each statement that unpacks JSON, with its plan as (detail, detail of its parent) rows."""
    seen: list[tuple[str, list[tuple[str, str]]]] = []

    def wrapper(execute, sql, params, many, context):
        if not many and "json_each" in sql:
            cursor = context["cursor"].cursor  # the driver's own: no wrapper runs again
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            rows = cursor.fetchall()
            details = {row[0]: row[3] for row in rows}
            seen.append((sql, [(row[3], details.get(row[1], "")) for row in rows]))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


@sqlite_only
def test_every_json_list_is_read_once_and_every_move_seeks_its_memberships(alice):
    with plans() as seen:
        run_lifecycle(alice, 30, decile=6)
    assert len(seen) >= 8  # the selection, the answer, the bill, the close: each unpacks its JSON
    for sql, plan in seen:
        for detail, parent in plan:
            if "json_each" in detail:
                assert parent.startswith(READ_ONCE), (sql[:200], plan)
    moves = [plan for sql, plan in seen if sql.startswith("INSERT INTO payung_moving")]
    assert moves
    for plan in moves:
        assert any(d.startswith("SEARCH m USING INTEGER PRIMARY KEY") for d, _p in plan), plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_a_move_of_a_thousand_members_leaves_postgresql_knowing_their_new_status(alice):
    workers = many_workers(1_000, 7)
    scheme = approve(alice, make_scheme(alice, funder_type="CSR", budget=10**12, deciles=(7,)))
    memberships_propose_selection(actor=alice, scheme=scheme, today=TODAY)
    assert memberships_submit(actor=alice, scheme=scheme) == len(workers)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_vals::text FROM pg_stats "
            "WHERE tablename = 'enrolment_membership' AND attname = 'status'"
        )
        (common,) = cursor.fetchone()
    assert "submitted" in common and "proposed" not in common


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_the_payment_finds_the_paid_up_members_by_one_anti_join(alice):
    """Lapsed members with no owed line: as NOT IN this was a subplan, hashed only while the owed lines
    fit in work_mem; past that (300,000 members' lines in 4 MB, with fresh statistics) PostgreSQL read
    the lines again for every lapsed member and the payment ran for minutes."""
    sent = run_lifecycle(alice, 30, decile=8)["reactivation"]
    reads = [
        (sql, params)
        for sql, params in sent.whole
        if sql.startswith("SELECT") and "billing_billline" in sql and "enrolment_membership" in sql
    ]
    assert reads
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '64kB'")  # lines that do not fit, as the big scheme's did not
        for sql, params in reads:
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Anti Join" in plan and not re.search(r"NOT \((hashed )?SubPlan", plan), plan
