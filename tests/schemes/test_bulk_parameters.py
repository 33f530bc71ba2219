"""No bulk step binds a parameter count, or runs a number of statements, that grows with its members.

SQLite refuses a statement with more parameters than its variable limit (250,000 in this build, 32,766
or 999 in others): a step that bound one per member failed outright for a big scheme, payments included
(issue 21). Each step of the lifecycle runs here at two sizes; the largest parameter count of any
statement it sent and the number of statements must be the same at both. The last test lowers
SQLite's limit to a few dozen and takes a few thousand members through the whole lifecycle, down
to the payment that clears their arrears.
"""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
import xlsxwriter
from django.db import connection

from payung.lib.nik import make_nik
from payung.registry.models import Occupation, Worker
from payung.schemes.branch import answer_apply
from payung.schemes.models import Membership, MembershipStatus, RegionMonthChange, SchemeStatus
from payung.schemes.services.bills import bill_issue, memberships_lapse_unpaid, payment_record
from payung.schemes.services.memberships import memberships_propose_selection, memberships_submit
from payung.schemes.services.schemes import scheme_transition
from tests.schemes.builders import TODAY, approve, make_scheme

pytestmark = pytest.mark.django_db

LATE = dt.date(2026, 12, 31)
STEPS = ("select", "submit", "answer", "bill", "lapse", "payment", "reactivation", "close")


@dataclass
class Sent:
    statements: int = 0
    largest: int = 0  # the most parameters one statement (or one row of an executemany) bound
    sql: list[str] = field(default_factory=list)
    whole: list[tuple[str, object]] = field(default_factory=list)  # each single statement and its parameters


@contextmanager
def captured():
    sent = Sent()

    def wrapper(execute, sql, params, many, context):
        sent.statements += 1
        rows = params if many else [params]
        sent.largest = max([sent.largest, *(len(r or ()) for r in rows)])
        sent.sql.append(sql[:120])
        if not many:
            sent.whole.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield sent


def many_workers(count: int, decile: int) -> list[Worker]:
    """`count` workers of one decile in two villages, half of them ojek drivers (a discount window)."""
    occupations = [Occupation.objects.get(code="petani"), Occupation.objects.get(code="ojek")]
    born = dt.date(1970 + decile, 1, 1)
    workers = []
    for i in range(count):
        village = ("13.02.07.2001", "13.02.10.2001")[i % 2]
        district = village.rsplit(".", 1)[0]
        workers.append(
            Worker(
                nik=make_nik(
                    district_code=district,
                    birth_date=born + dt.timedelta(days=i // 5000),
                    sex="L",
                    serial=i % 5000,
                ),
                name=f"Pekerja {decile}-{i:05d}",
                sex="L",
                birth_date=born + dt.timedelta(days=i // 5000),
                village_id=village,
                district_code=district,
                regency_code="13.02",
                province_code="13",
                occupation=occupations[(i // 2) % 2],
                dtsen_decile=decile,
            )
        )
    return Worker.objects.bulk_create(workers, batch_size=100)


def answer_file(rows) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ("NIK", "Nama", "No KPJ", "Alasan Penolakan"))
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return buffer.getvalue()


def run_lifecycle(alice, members: int, decile: int) -> dict[str, Sent]:
    """One scheme of `members` workers through every bulk step; what each step sent."""
    workers = many_workers(members, decile)
    scheme = make_scheme(alice, name=f"Skema {decile}", funder_type="CSR", budget=10**12, deciles=(decile,))
    scheme = approve(alice, scheme)
    sent: dict[str, Sent] = {}

    def month(m):
        return dt.date(2026, m, 1)

    with captured() as sent["select"]:
        created = memberships_propose_selection(actor=alice, scheme=scheme, today=TODAY).created
    assert len(created) == members
    with captured() as sent["submit"]:
        memberships_submit(actor=alice, scheme=scheme)
    rows = [(w.nik, w.name, f"KPJ{decile:02d}{i:06d}", "") for i, w in enumerate(workers[1:])]
    rows.append((workers[0].nik, workers[0].name, "", "Data tidak cocok"))
    with captured() as sent["answer"]:
        report = answer_apply(actor=alice, scheme=scheme, data=answer_file(rows))
    assert (report.activated, report.rejected) == (members - 1, 1)
    with captured() as sent["bill"]:
        bills = [bill_issue(actor=alice, scheme=scheme, month=month(1), today=month(1))]
    bills += [bill_issue(actor=alice, scheme=scheme, month=month(m), today=month(m)) for m in (2, 3)]
    with captured() as sent["lapse"]:
        assert memberships_lapse_unpaid(scheme=scheme, today=dt.date(2026, 3, 16), actor=alice) == members - 1
    with captured() as sent["payment"]:
        payment_record(
            actor=alice, bill=bills[0], amount=bills[0].total, paid_on=month(3), reference="A", today=LATE
        )
    payment_record(
        actor=alice, bill=bills[1], amount=bills[1].total, paid_on=month(3), reference="B", today=LATE
    )
    with captured() as sent["reactivation"]:
        payment_record(
            actor=alice, bill=bills[2], amount=bills[2].total, paid_on=month(3), reference="C", today=LATE
        )
    assert Membership.objects.filter(scheme=scheme, status=MembershipStatus.ACTIVE).count() == members - 1
    scheme.refresh_from_db()
    with captured() as sent["close"]:
        scheme_transition(actor=alice, scheme=scheme, to=SchemeStatus.CLOSED, why="Tahun anggaran selesai")
    assert not Membership.objects.filter(scheme=scheme).exclude(status=MembershipStatus.ENDED).exists()
    return sent


def test_no_step_binds_more_parameters_or_runs_more_statements_for_more_members(alice):
    run_lifecycle(alice, 3, decile=1)  # warms what is read once per process (the rulebook)
    small, large = run_lifecycle(alice, 10, decile=2), run_lifecycle(alice, 200, decile=3)
    for step in STEPS:
        assert large[step].largest == small[step].largest, step
        assert large[step].statements == small[step].statements, (step, small[step].sql, large[step].sql)
    assert max(sent.largest for sent in large.values()) <= 40  # the outbox: 12 months x 3 columns


def test_lapsing_a_thousand_members_is_one_transaction_and_one_outbox_row_per_region_month(alice):
    workers = many_workers(1_000, 4)
    scheme = approve(alice, make_scheme(alice, funder_type="CSR", budget=10**12, deciles=(4,)))
    memberships_propose_selection(actor=alice, scheme=scheme, today=TODAY)
    memberships_submit(actor=alice, scheme=scheme)
    answer_apply(
        actor=alice,
        scheme=scheme,
        data=answer_file([(w.nik, w.name, f"KPJ04{i:06d}", "") for i, w in enumerate(workers)]),
    )
    for m in (1, 2, 3):
        bill_issue(actor=alice, scheme=scheme, month=dt.date(2026, m, 1), today=dt.date(2026, m, 1))
    RegionMonthChange.objects.all().delete()
    with captured() as sent:
        assert memberships_lapse_unpaid(scheme=scheme, today=dt.date(2026, 3, 16), actor=alice) == 1_000
    assert RegionMonthChange.objects.count() == 12  # one regency, January to December
    assert sum("SAVEPOINT" in sql for sql in sent.sql) <= 2  # one transaction (not one per member)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's variable limit")
def test_with_sqlite_limited_to_64_variables_a_payment_still_clears_the_arrears_of_thousands(alice):
    members = 3_000
    connection.ensure_connection()
    raw = connection.connection
    before = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    workers = many_workers(members, 5)
    scheme = approve(alice, make_scheme(alice, funder_type="CSR", budget=10**12, deciles=(5,)))
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 64)
    try:
        with pytest.raises(Exception, match="too many SQL variables"):  # the limit holds
            list(Worker.objects.filter(pk__in=[w.pk for w in workers[:100]]))
        memberships_propose_selection(actor=alice, scheme=scheme, today=TODAY)
        memberships_submit(actor=alice, scheme=scheme)
        answer_apply(
            actor=alice,
            scheme=scheme,
            data=answer_file([(w.nik, w.name, f"KPJ05{i:06d}", "") for i, w in enumerate(workers)]),
        )
        bills = [
            bill_issue(actor=alice, scheme=scheme, month=dt.date(2026, m, 1), today=dt.date(2026, m, 1))
            for m in (1, 2, 3)
        ]
        assert memberships_lapse_unpaid(scheme=scheme, today=dt.date(2026, 3, 16), actor=alice) == members
        for bill in bills:
            payment_record(
                actor=alice,
                bill=bill,
                amount=bill.total,
                paid_on=dt.date(2026, 3, 20),
                reference=f"SP2D-{bill.month:%m}",
                today=LATE,
            )
        active = Membership.objects.filter(scheme=scheme, status=MembershipStatus.ACTIVE)
        assert active.count() == members
        assert set(active.values_list("end_month", flat=True)) == {dt.date(2026, 12, 1)}
    finally:
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)
