"""Monthly bills from the regulation engine, payments, arrears, lapse and reactivation, burn-down."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from payung.registry.models import Occupation
from payung.rules import FunderType as EngineFunder
from payung.rules import Month, Package, Programme, Sector, Segment, contribution_for
from payung.schemes.burndown import burn_down
from payung.schemes.models import Bill, MembershipStatus
from payung.schemes.services.bills import (
    BillingInvalid,
    bill_issue,
    bills_with_paid,
    memberships_lapse_unpaid,
    payment_record,
    scheme_arrears,
)
from tests.conftest import make_worker
from tests.schemes.builders import active_member, make_scheme

pytestmark = pytest.mark.django_db

LATE = dt.date(2026, 12, 31)


def month(m: int) -> dt.date:
    return dt.date(2026, m, 1)


def test_a_bill_has_a_line_per_active_member_and_programme_and_equals_the_engine(alice):
    scheme = make_scheme(alice, programmes=("JKK", "JKM", "JHT"))
    a = active_member(alice, scheme, make_worker(name="A"), kpj="KPJ000001")
    active_member(alice, scheme, make_worker(name="B"), kpj="KPJ000002")
    bill = bill_issue(actor=alice, scheme=scheme, month=month(2), today=month(2))
    assert bill.members == 2 and bill.lines.count() == 6
    assert bill.total == 2 * 36_800
    assert bill.due_date == dt.date(2026, 2, 15)
    line = bill.lines.get(membership=a, programme="JKM")
    assert (line.amount, line.rule_source != "") == (6_800, True)


def test_discount_months_are_billed_at_the_engine_figure(alice):
    # CSR-funded ojek driver: PP 50/2025 halves JKK+JKM for transport from January 2026; APBD is excluded.
    ojek = Occupation.objects.get(code="ojek")
    csr = make_scheme(alice, name="CSR", funder_type="CSR")
    apbd = make_scheme(alice, name="APBD", funder_type="APBD", programmes=("JKK", "JKM"))
    active_member(alice, csr, make_worker(name="Ojek CSR", occupation=ojek), kpj="KPJ000010")
    active_member(alice, apbd, make_worker(name="Ojek APBD", occupation=ojek), kpj="KPJ000011")
    for m in (1, 4):
        engine = contribution_for(
            package=Package(
                Segment.BPU, (Programme.JKK, Programme.JKM), 1_000_000, EngineFunder.CSR, Sector.TRANSPORTASI
            ),
            month=Month(2026, m),
        ).total
        assert bill_issue(actor=alice, scheme=csr, month=month(m), today=month(m)).total == engine == 8_400
        assert bill_issue(actor=alice, scheme=apbd, month=month(m), today=month(m)).total == 16_800


def test_one_bill_per_scheme_and_month(alice):
    scheme = make_scheme(alice)
    active_member(alice, scheme, make_worker())
    bill_issue(actor=alice, scheme=scheme, month=month(1), today=month(1))
    with pytest.raises(BillingInvalid, match="sudah ada"):
        bill_issue(actor=alice, scheme=scheme, month=month(1), today=month(1))
    with pytest.raises(BillingInvalid, match="di luar bulan"):
        bill_issue(actor=alice, scheme=scheme, month=dt.date(2027, 1, 1), today=month(1))
    assert Bill.objects.count() == 1


def test_only_the_regency_admin_bills_and_records_payments(alice, bob):
    scheme = make_scheme(alice)
    active_member(alice, scheme, make_worker())
    with pytest.raises(PermissionDenied):
        bill_issue(actor=bob, scheme=scheme, month=month(1))
    bill = bill_issue(actor=alice, scheme=scheme, month=month(1), today=month(1))
    with pytest.raises(PermissionDenied):
        payment_record(actor=bob, bill=bill, amount=1, paid_on=month(1), reference="X")


def test_partial_payments_carry_arrears_and_overpayment_is_refused(alice):
    scheme = make_scheme(alice)
    active_member(alice, scheme, make_worker())
    bill = bill_issue(actor=alice, scheme=scheme, month=month(1), today=month(1))
    payment_record(actor=alice, bill=bill, amount=10_000, paid_on=month(1), reference="SP2D-001", today=LATE)
    assert bills_with_paid().get(pk=bill.pk).outstanding == 6_800
    assert scheme_arrears(scheme, dt.date(2026, 2, 1)) == 6_800
    with pytest.raises(BillingInvalid, match="melebihi sisa tagihan"):
        payment_record(
            actor=alice, bill=bill, amount=6_801, paid_on=month(1), reference="SP2D-002", today=LATE
        )
    with pytest.raises(BillingInvalid, match="lebih dari nol"):
        payment_record(actor=alice, bill=bill, amount=0, paid_on=month(1), reference="SP2D-002", today=LATE)
    with pytest.raises(BillingInvalid, match="Referensi"):
        payment_record(actor=alice, bill=bill, amount=100, paid_on=month(1), reference=" ", today=LATE)
    payment_record(actor=alice, bill=bill, amount=6_800, paid_on=month(2), reference="SP2D-002", today=LATE)
    assert scheme_arrears(scheme, dt.date(2026, 3, 1)) == 0


def test_a_member_lapses_after_three_unpaid_months_and_is_reactivated_when_the_arrears_are_paid(alice):
    scheme = make_scheme(alice)
    membership = active_member(alice, scheme, make_worker())
    bills = [bill_issue(actor=alice, scheme=scheme, month=month(m), today=month(m)) for m in (1, 2, 3)]
    assert memberships_lapse_unpaid(scheme=scheme, today=dt.date(2026, 3, 15)) == 0  # March not yet past due
    assert memberships_lapse_unpaid(scheme=scheme, today=dt.date(2026, 3, 16), actor=alice) == 1
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.LAPSED
    assert membership.end_month is None  # never paid: never covered
    assert bill_issue(actor=alice, scheme=scheme, month=month(4), today=dt.date(2026, 4, 1)).members == 0

    payment_record(actor=alice, bill=bills[0], amount=16_800, paid_on=month(4), reference="A", today=LATE)
    payment_record(actor=alice, bill=bills[1], amount=16_800, paid_on=month(4), reference="B", today=LATE)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.LAPSED
    payment_record(actor=alice, bill=bills[2], amount=16_800, paid_on=month(4), reference="C", today=LATE)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.end_month == month(12)
    assert list(membership.events.values_list("to_status", flat=True))[-2:] == ["lapsed", "active"]


def test_the_lapse_threshold_is_configurable_and_a_lapse_ends_coverage_before_the_first_unpaid_month(alice):
    scheme = make_scheme(alice, lapse_after_months=1)
    membership = active_member(alice, scheme, make_worker())
    first = bill_issue(actor=alice, scheme=scheme, month=month(1), today=month(1))
    payment_record(actor=alice, bill=first, amount=16_800, paid_on=month(1), reference="A", today=LATE)
    bill_issue(actor=alice, scheme=scheme, month=month(2), today=month(2))
    memberships_lapse_unpaid(scheme=scheme, today=dt.date(2026, 2, 16))
    membership.refresh_from_db()
    assert (membership.status, membership.end_month) == (MembershipStatus.LAPSED, month(1))


def test_the_burn_down_shows_committed_billed_paid_left_and_projection(alice):
    scheme = make_scheme(alice, budget=1_000_000)
    active_member(alice, scheme, make_worker(name="A"), kpj="KPJ000001")
    active_member(alice, scheme, make_worker(name="B"), kpj="KPJ000002")
    bill = bill_issue(actor=alice, scheme=scheme, month=month(1), today=month(1))
    payment_record(actor=alice, bill=bill, amount=20_000, paid_on=month(1), reference="A", today=LATE)
    figures = burn_down(scheme, today=dt.date(2026, 1, 20))
    assert figures.committed == 2 * 12 * 16_800
    assert figures.billed == 2 * 16_800
    assert figures.paid == 20_000
    assert figures.arrears == 2 * 16_800 - 20_000
    assert figures.left == 1_000_000 - 2 * 16_800
    assert figures.projected == 2 * 12 * 16_800
    assert figures.unused == 1_000_000 - 2 * 12 * 16_800


def test_the_lapse_command_lapses_members_with_unpaid_bills(alice):
    from io import StringIO

    from django.core.management import CommandError, call_command

    scheme = make_scheme(alice)
    membership = active_member(alice, scheme, make_worker())
    for m in (1, 2, 3):
        bill_issue(actor=alice, scheme=scheme, month=month(m), today=month(m))
    out = StringIO()
    call_command("lapse_unpaid", "--date", "2026-04-01", stdout=out)
    assert "lapsed: 1" in out.getvalue()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.LAPSED
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("lapse_unpaid", "--date", "kemarin", stdout=StringIO())
