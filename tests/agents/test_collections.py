"""Collections, deposits, arrears, lapse and reactivation of self-paying members."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from payung.agents.collections import (
    CollectionInvalid,
    arrears_of,
    collection_record,
    deposit_record,
    month_due,
    recruits_lapse_unpaid,
)
from payung.agents.models import Collection, Deposit
from payung.rules import Month
from payung.schemes.models import MembershipStatus
from payung.schemes.services.memberships import membership_activate, memberships_submit

from .builders import TODAY, add_agent, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(alice):
    return add_agent(alice, "agen.gt")


def _active(alice, recruit):
    memberships_submit(actor=alice, scheme=recruit.membership.scheme)
    membership_activate(actor=alice, membership=recruit.membership, kpj_number="KPJ7700001")
    recruit.membership.refresh_from_db()
    return recruit


def collect(agent, recruit, month, amount=None, day=dt.date(2026, 1, 10), **kwargs):
    amount = month_due(recruit, month) if amount is None else amount
    return collection_record(
        actor=agent.user,
        recruit=recruit,
        month=month,
        amount=amount,
        method=kwargs.pop("method", "cash"),
        reference=kwargs.pop("reference", ""),
        collected_on=day,
        today=kwargs.pop("today", dt.date(2026, 6, 1)),
    )


def test_a_collection_is_recorded_at_the_engines_price_and_audited(agent):
    recruit = register(agent.user)
    collection = collect(agent, recruit, Month(2026, 1))
    assert collection.amount == 16_800 and collection.agent_id == agent.pk


@pytest.mark.parametrize(
    ("month", "amount", "field"),
    [
        (Month(2025, 12), 16_800, "month"),  # before the membership started
        (Month(2027, 1), 16_800, "month"),  # after it ends (the scheme's last month)
        (Month(2026, 2), -16_800, "amount"),  # negative
        (Month(2026, 2), 10_000, "amount"),  # not the month's contribution
    ],
)
def test_bad_collections_are_refused_with_the_field_and_nothing_is_saved(agent, month, amount, field):
    recruit = register(agent.user)
    with pytest.raises(CollectionInvalid) as error:
        collect(agent, recruit, month, amount=amount)
    assert field in error.value.errors
    assert not Collection.objects.exists()


def test_a_month_is_collected_once_and_a_transfer_needs_a_reference(agent):
    recruit = register(agent.user)
    collect(agent, recruit, Month(2026, 1))
    with pytest.raises(CollectionInvalid) as twice:
        collect(agent, recruit, Month(2026, 1))
    assert "sudah dicatat" in twice.value.errors["month"][0]
    with pytest.raises(CollectionInvalid) as transfer:
        collect(agent, recruit, Month(2026, 2), method="transfer")
    assert "reference" in transfer.value.errors
    assert Collection.objects.count() == 1


def test_another_agent_cannot_record_for_a_recruit_it_did_not_bring(alice, agent):
    from django.core.exceptions import PermissionDenied

    other = add_agent(alice, "agen.lain", "13.02.07")
    recruit = register(agent.user)
    with pytest.raises(PermissionDenied):
        collect(other, recruit, Month(2026, 1))


def test_a_deposit_larger_than_what_was_collected_is_refused(agent):
    recruit = register(agent.user)
    collect(agent, recruit, Month(2026, 1))
    collect(agent, recruit, Month(2026, 2))
    deposit_record(
        actor=agent.user,
        amount=20_000,
        deposited_on=dt.date(2026, 1, 20),
        reference="BPJS-1",
        today=dt.date(2026, 1, 25),
    )
    with pytest.raises(CollectionInvalid) as error:
        deposit_record(
            actor=agent.user,
            amount=13_601,
            deposited_on=dt.date(2026, 1, 20),
            reference="BPJS-2",
            today=dt.date(2026, 1, 25),
        )
    assert "Rp13.600" in error.value.errors["amount"][0]
    with translation.override("en"), pytest.raises(CollectionInvalid) as english:
        deposit_record(
            actor=agent.user,
            amount=13_601,
            deposited_on=dt.date(2026, 1, 20),
            reference="BPJS-2",
            today=dt.date(2026, 1, 25),
        )
    # The amount follows the language's grouping (lib.formats.rupiah), not a dotted number pasted after "Rp".
    assert "(Rp13,600)" in english.value.errors["amount"][0]
    with pytest.raises(CollectionInvalid) as negative:
        deposit_record(
            actor=agent.user,
            amount=-5,
            deposited_on=dt.date(2026, 1, 20),
            reference="X",
            today=dt.date(2026, 1, 25),
        )
    assert "amount" in negative.value.errors
    assert Deposit.objects.count() == 1


def test_an_active_member_lapses_after_three_unpaid_months_and_is_reactivated_when_paid_up(alice, agent):
    recruit = _active(alice, register(agent.user))
    collect(agent, recruit, Month(2026, 1))
    # February, March, April past their due date (the 15th) on 20 April? Only Feb and Mar: no lapse yet.
    assert recruits_lapse_unpaid(today=dt.date(2026, 4, 10)) == 0
    assert recruits_lapse_unpaid(today=dt.date(2026, 4, 20)) == 1
    recruit.membership.refresh_from_db()
    assert recruit.membership.status == MembershipStatus.LAPSED
    assert recruit.membership.end_month == dt.date(2026, 1, 1)
    assert [str(m) for m in arrears_of(recruit, today=dt.date(2026, 4, 20)).unpaid] == [
        "2026-02",
        "2026-03",
        "2026-04",
    ]
    for month in (2, 3):
        collect(agent, recruit, Month(2026, month), day=dt.date(2026, 4, 21), today=dt.date(2026, 4, 21))
    recruit.membership.refresh_from_db()
    assert recruit.membership.status == MembershipStatus.LAPSED  # April still owed
    collect(agent, recruit, Month(2026, 4), day=dt.date(2026, 4, 21), today=dt.date(2026, 4, 21))
    recruit.membership.refresh_from_db()
    assert recruit.membership.status == MembershipStatus.ACTIVE
    assert recruit.membership.end_month == dt.date(2026, 12, 1)


def test_a_discount_month_is_collected_at_its_discounted_price(agent):
    recruit = register(agent.user)
    # PP 50/2025 halves JKK and JKM for BPU in its window (MANDIRI included): April 2026 costs less.
    assert month_due(recruit, Month(2026, 4)) < month_due(recruit, Month(2026, 1))


def test_the_districts_mandiri_scheme_is_not_billed_like_a_funders(alice, agent):
    from payung.schemes.services.bills import BillingInvalid, bill_issue

    recruit = _active(alice, register(agent.user))
    with pytest.raises(BillingInvalid, match="mandiri"):
        bill_issue(actor=alice, scheme=recruit.membership.scheme, month=dt.date(2026, 1, 1), today=TODAY)
