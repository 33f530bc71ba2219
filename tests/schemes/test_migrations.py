"""The move of funding, enrolment and billing into `schemes` keeps every row of a deployed database.

The database is taken back to the schema before the move (the last migrations of the three old apps),
filled through the models as they were then, and migrated forward; every row must still be there
with its values, and the two old event tables must arrive, row for row, in the one event table.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from payung.accounts.models import Role
from payung.schemes.models import (
    Bill,
    BillLine,
    FundingScheme,
    Membership,
    MembershipMonth,
    Payment,
    StatusChange,
)
from tests.conftest import build_regions, ensure_occupations, make_user, make_worker

BEFORE_THE_MOVE = [("funding", "0001_initial"), ("enrolment", "0002_initial"), ("billing", "0002_initial")]
KEPT_TABLES = [
    "funding_fundingscheme",
    "enrolment_membership",
    "enrolment_membershipmonth",
    "billing_bill",
    "billing_billline",
    "billing_payment",
]
EVENT_COLUMNS = "at, by_id, from_status, to_status, why"


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def _rows(table: str, columns: list[str] | None = None) -> list[tuple]:
    """The rows of `table` (only `columns` when given: later migrations add columns)."""
    names = ", ".join(connection.ops.quote_name(c) for c in columns) if columns else "*"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM {connection.ops.quote_name(table)} ORDER BY id")  # noqa: S608 - fixed names
        return cursor.fetchall()


def _fill_at_the_old_schema(old_apps, admin, workers) -> None:
    """A scheme run the whole way (as load_demo does), through the models of the time."""
    scheme_model = old_apps.get_model("funding", "FundingScheme")
    scheme_event = old_apps.get_model("funding", "SchemeEvent")
    membership_model = old_apps.get_model("enrolment", "Membership")
    month_model = old_apps.get_model("enrolment", "MembershipMonth")
    membership_event = old_apps.get_model("enrolment", "MembershipEvent")
    bill_model = old_apps.get_model("billing", "Bill")
    line_model = old_apps.get_model("billing", "BillLine")
    payment_model = old_apps.get_model("billing", "Payment")
    for index, (name, status) in enumerate((("APBD Solok 2026", "running"), ("APBNag Cupak 2026", "draft"))):
        scheme = scheme_model.objects.create(
            name=name,
            funder_type="APBD",
            funder_region_id="13.02",
            province_code="13",
            regency_code="13.02",
            year=2026,
            budget=100_000_000 + index,
            programmes=["JKK", "JKM"],
            first_month=dt.date(2026, 1, 1),
            months=12,
            deciles=[1, 2],
            status=status,
            created_by_id=admin.pk,
            approved_by_id=admin.pk if status != "draft" else None,
            approved_at=dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC) if status != "draft" else None,
        )
        scheme_event.objects.create(scheme=scheme, by_id=admin.pk, from_status="", to_status="draft")
        if status == "draft":
            continue
        scheme_event.objects.create(
            scheme=scheme, by_id=admin.pk, from_status="draft", to_status="approved", why="DPA"
        )
        bill = bill_model.objects.create(
            scheme=scheme,
            month=dt.date(2026, 1, 1),
            due_date=dt.date(2026, 1, 15),
            total=0,
            members=len(workers),
            issued_by_id=admin.pk,
        )
        total = 0
        for number, worker in enumerate(workers, start=1):
            membership = membership_model.objects.create(
                worker_id=worker.pk,
                scheme=scheme,
                programmes=["JKK", "JKM"],
                start_month=dt.date(2026, 1, 1),
                end_month=dt.date(2026, 12, 1),
                status="active",
                kpj_number=f"KPJ{number:07d}",
                village_id=worker.village_id,
                district_code=worker.district_code,
                regency_code=worker.regency_code,
                province_code=worker.province_code,
                planned_cost=201_600,
                proposed_by_id=admin.pk,
            )
            month_model.objects.bulk_create(
                month_model(
                    membership=membership, worker_id=worker.pk, programme=programme, month=dt.date(2026, m, 1)
                )
                for programme in ("JKK", "JKM")
                for m in range(1, 13)
            )
            for old, new in (("", "proposed"), ("proposed", "submitted"), ("submitted", "active")):
                membership_event.objects.create(
                    membership=membership,
                    by_id=admin.pk,
                    from_status=old,
                    to_status=new,
                    why=f"{new} {number}",
                )
            for programme, amount in (("JKK", 10_000), ("JKM", 6_800)):
                line_model.objects.create(
                    bill=bill,
                    membership=membership,
                    programme=programme,
                    amount=amount,
                    normal_amount=amount,
                    rule_source="PP 44/2015",
                )
                total += amount
        bill.total = total
        bill.save(update_fields=["total"])
        payment_model.objects.create(
            bill=bill,
            amount=total // 2,
            paid_on=dt.date(2026, 1, 10),
            reference="SP2D/001",
            recorded_by_id=admin.pk,
        )


@pytest.mark.django_db(transaction=True)
def test_the_move_into_schemes_keeps_every_row_and_merges_the_two_event_tables():
    build_regions()
    ensure_occupations()
    admin = make_user("alice", Role.REGENCY_ADMIN, ("13.02",))
    workers = [make_worker(name=f"Pekerja {i}") for i in range(3)]

    executor = MigrationExecutor(connection)
    executor.migrate([("schemes", None)])  # back out of schemes and of the old apps' hand-over to it
    executor.loader.build_graph()
    executor.migrate(BEFORE_THE_MOVE)
    old_apps = executor.loader.project_state(BEFORE_THE_MOVE).apps
    _fill_at_the_old_schema(old_apps, admin, workers)
    columns = {table: _columns(table) for table in KEPT_TABLES}
    before = {table: _rows(table, columns[table]) for table in KEPT_TABLES}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT scheme_id, NULL, {EVENT_COLUMNS} FROM funding_schemeevent")  # noqa: S608
        scheme_events = cursor.fetchall()
        cursor.execute(
            f"SELECT m.scheme_id, e.membership_id, e.{EVENT_COLUMNS.replace(', ', ', e.')} "  # noqa: S608
            "FROM enrolment_membershipevent e JOIN enrolment_membership m ON m.id = e.membership_id"
        )
        membership_events = cursor.fetchall()
    assert len(scheme_events) == 3 and len(membership_events) == 9

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert {table: _rows(table, columns[table]) for table in KEPT_TABLES} == before
    # The names of who issued the bill and recorded the payment are kept (schemes 0004).
    assert (Bill.objects.get().issued_by_name, Payment.objects.get().recorded_by_name) == ("alice", "alice")
    assert FundingScheme.objects.count() == 2
    assert Membership.objects.filter(status="active").count() == 3
    assert MembershipMonth.objects.count() == 3 * 2 * 12
    assert BillLine.objects.count() == 6
    assert Payment.objects.get().amount == Bill.objects.get().total // 2
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT scheme_id, membership_id, {EVENT_COLUMNS} FROM schemes_statuschange")  # noqa: S608
        merged = cursor.fetchall()
    assert sorted(merged, key=repr) == sorted(scheme_events + membership_events, key=repr)
    running = FundingScheme.objects.get(status="running")
    assert list(running.events.of_schemes().values_list("to_status", flat=True)) == ["draft", "approved"]
    member = Membership.objects.order_by("id").first()
    assert list(member.events.values_list("to_status", flat=True)) == ["proposed", "submitted", "active"]
    assert StatusChange.objects.filter(membership__isnull=False, scheme=running).count() == 9
    for table in ("funding_schemeevent", "enrolment_membershipevent"):
        assert table not in connection.introspection.table_names()
