"""A recruit's MANDIRI membership carried into the next year: the daily check from January, on first
need (January collected in December), the lapse across the turn of the year, the one-funder rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from payung.agents.collections import CollectionInvalid, collection_record, month_due, recruits_lapse_unpaid
from payung.agents.continuation import FUNDED_ELSEWHERE, recruits_continue_into
from payung.agents.models import Continuation, Recruit
from payung.audit.models import AuditEvent
from payung.lib import dates
from payung.rules import Month
from payung.schemes.models import FundingScheme, MembershipMonth, MembershipStatus
from payung.schemes.services.memberships import membership_activate, memberships_submit
from tests.schemes.builders import active_member, approve, make_scheme

from .builders import add_agent, register

pytestmark = pytest.mark.django_db

NEW_YEAR = dt.date(2027, 1, 2)


@pytest.fixture
def agent(alice):
    return add_agent(alice, "agen.gt")


@pytest.fixture
def recruit(alice, agent):
    recruit = register(agent.user, with_jht=True)
    memberships_submit(actor=alice, scheme=recruit.membership.scheme)
    membership_activate(actor=alice, membership=recruit.membership, kpj_number="KPJ7700001")
    return Recruit.objects.get(pk=recruit.pk)


def collect(agent, recruit, month, *, day, today=None):
    recruit = Recruit.objects.get(pk=recruit.pk)
    return collection_record(
        actor=agent.user,
        recruit=recruit,
        month=month,
        amount=month_due(recruit, month),
        method="cash",
        reference="",
        collected_on=day,
        today=today or day,
    )


def pay_2026(agent, recruit, *, through: int = 12):
    for number in range(1, through + 1):
        collect(agent, recruit, Month(2026, number), day=dt.date(2026, number, 10))


def test_january_cannot_be_collected_before_the_recruit_is_carried_into_the_new_year(agent, recruit):
    pay_2026(agent, recruit)
    with pytest.raises(CollectionInvalid) as error:
        collect(agent, recruit, Month(2027, 1), day=dt.date(2026, 11, 20))  # too early to carry
    assert "month" in error.value.errors
    assert not Continuation.objects.exists()


def test_the_daily_check_carries_an_active_recruit_into_january_without_registering_again(
    agent, recruit, monkeypatch, capsys
):
    pay_2026(agent, recruit)
    old = recruit.membership
    monkeypatch.setattr(dates, "today", lambda: NEW_YEAR)
    call_command("agents_check")
    assert "1 members continued into 2027" in capsys.readouterr().out

    recruit = Recruit.objects.select_related("membership__scheme").get(pk=recruit.pk)
    new = recruit.membership
    assert new.pk != old.pk and new.scheme.year == 2027 and new.scheme.funder_type == "MANDIRI"
    assert new.scheme.district_code == old.scheme.district_code
    assert new.status == MembershipStatus.ACTIVE and new.kpj_number == "KPJ7700001"  # no hand-off again
    assert new.programmes == old.programmes == ["JKK", "JKM", "JHT"]
    assert new.start_month == dt.date(2027, 1, 1) and new.end_month == dt.date(2027, 12, 1)
    assert MembershipMonth.objects.filter(membership=new).count() == 36
    continuation = Continuation.objects.get(recruit=recruit)
    assert continuation.previous == old and continuation.year == 2027
    assert AuditEvent.objects.filter(
        object_type="membership", object_id=str(new.pk), action="create"
    ).exists()
    assert AuditEvent.objects.filter(
        object_type="recruit", object_id=str(recruit.pk), action="update"
    ).exists()
    # January is collected now; the earlier year's months stay collectable and counted.
    collect(agent, recruit, Month(2027, 1), day=dt.date(2027, 1, 5))
    assert recruit.collections.count() == 13
    # Run again: nothing more.
    call_command("agents_check")
    assert "0 members continued into 2027" in capsys.readouterr().out
    assert FundingScheme.objects.filter(funder_type="MANDIRI", year=2027).count() == 1


def test_january_collected_ahead_in_december_carries_the_recruit_on_first_need(agent, recruit):
    pay_2026(agent, recruit)
    collect(agent, recruit, Month(2027, 1), day=dt.date(2026, 12, 20))
    recruit = Recruit.objects.get(pk=recruit.pk)
    assert recruit.membership.scheme.year == 2027 and recruit.continuations.count() == 1


def test_a_recruit_who_lapsed_before_the_turn_of_the_year_is_not_carried(agent, recruit):
    pay_2026(agent, recruit, through=9)  # October, November and December unpaid
    assert recruits_lapse_unpaid(today=dt.date(2026, 12, 16)) == 1
    assert recruits_continue_into(year=2027, today=NEW_YEAR).continued == 0
    assert not Continuation.objects.exists()


def test_arrears_across_the_turn_of_the_year_lapse_both_years_and_paying_them_reactivates(agent, recruit):
    pay_2026(agent, recruit, through=10)  # November and December unpaid: two months, still active
    assert recruits_lapse_unpaid(today=NEW_YEAR) == 0
    assert recruits_continue_into(year=2027, today=NEW_YEAR).continued == 1
    recruit = Recruit.objects.get(pk=recruit.pk)
    old, new = Continuation.objects.get().previous, recruit.membership

    assert recruits_lapse_unpaid(today=dt.date(2027, 1, 16)) == 1  # January past due: three months
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == new.status == MembershipStatus.LAPSED
    assert old.end_month == dt.date(2026, 10, 1) and new.end_month is None

    for month in (Month(2026, 11), Month(2026, 12), Month(2027, 1)):
        collect(agent, recruit, month, day=dt.date(2027, 1, 20))
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == new.status == MembershipStatus.ACTIVE
    assert old.end_month == dt.date(2026, 12, 1) and new.end_month == dt.date(2027, 12, 1)


def test_a_recruit_funded_by_the_city_in_the_new_year_is_not_carried_and_named_nowhere(alice, agent, recruit):
    pay_2026(agent, recruit)
    city = approve(alice, make_scheme(alice, name="UCJ Kabupaten Solok 2027", year=2027))
    active_member(alice, city, recruit.worker, today=NEW_YEAR)
    result = recruits_continue_into(year=2027, today=NEW_YEAR)
    assert result.continued == 0 and result.refused == {FUNDED_ELSEWHERE: 1}
    recruit = Recruit.objects.get(pk=recruit.pk)
    assert recruit.membership.scheme.year == 2026 and not Continuation.objects.exists()


def test_a_carried_recruit_counts_in_coverage_in_the_new_year(agent, recruit, monkeypatch):
    from payung.coverage.models import LabourForceStat
    from payung.coverage.outbox import refresh_pending
    from payung.coverage.selectors import figure_for

    pay_2026(agent, recruit)
    monkeypatch.setattr(dates, "today", lambda: NEW_YEAR)  # coverage counts months up to this one
    LabourForceStat.objects.create(
        region_id="13.02", province_code="13", year=2027, labour_force=200, employed=190
    )
    refresh_pending()
    assert figure_for("13.02", dt.date(2027, 1, 1), "labour_force").funders.get("MANDIRI", 0) == 0
    recruits_continue_into(year=2027, today=NEW_YEAR)
    refresh_pending()
    assert figure_for("13.02", dt.date(2027, 1, 1), "labour_force").funders == {"MANDIRI": 1}
