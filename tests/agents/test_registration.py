"""A worker registered by an agent: attribution, matching, the one-funder rule, bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from payung.agents.models import Recruit
from payung.agents.registration import RecruitInvalid, recruit_quote, recruit_register
from payung.audit.models import AuditEvent
from payung.registry.models import Worker
from payung.registry.transfers import REGISTERED_ELSEWHERE
from payung.rules import Month
from payung.schemes.models import FundingScheme, Membership, MembershipMonth, MembershipStatus
from tests.conftest import make_worker
from tests.schemes.builders import active_member, approve, make_scheme

from .builders import TODAY, add_agent, recruit_input, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(alice):
    return add_agent(alice, "agen.gt")


def test_a_registered_worker_lands_in_the_registry_with_a_mandiri_membership_attributed_to_the_agent(agent):
    recruit = register(agent.user, with_jht=True)
    membership = recruit.membership
    assert recruit.agent == agent
    assert Worker.objects.filter(pk=recruit.worker_id, village_id="13.02.07.2001").exists()
    assert membership.scheme.funder_type == "MANDIRI"
    assert membership.scheme.funder_region_id == "13.02.07"
    assert membership.programmes == ["JKK", "JKM", "JHT"]
    assert membership.status == MembershipStatus.PROPOSED
    assert membership.start_month == dt.date(2026, 1, 1) and membership.end_month == dt.date(2026, 12, 1)
    assert MembershipMonth.objects.filter(membership=membership).count() == 36
    assert recruit.monthly_contribution > 0
    assert AuditEvent.objects.filter(object_type="recruit", object_id=str(recruit.pk)).exists()
    # One scheme per district and year, shared by every agent of the district.
    second = register(agent.user)
    assert second.membership.scheme_id == membership.scheme_id
    assert FundingScheme.objects.filter(funder_type="MANDIRI").count() == 1


def test_the_quote_prices_each_month_with_the_rules_and_saves_nothing(agent):
    quote = recruit_quote(actor=agent.user, data=recruit_input(), today=TODAY)
    assert [str(m.month) for m in quote.months][:2] == ["2026-01", "2026-02"]
    assert len(quote.months) == 12
    assert (
        quote.first_month_amount == 16_800
    )  # JKK 1 % of Rp1.000.000 + JKM Rp6.800 (BPU, no discount in 2026-01)
    assert quote.sources
    assert not Worker.objects.exists() and not Membership.objects.exists()


def test_an_existing_nik_in_the_area_is_matched_without_changing_or_revealing_the_record(agent):
    existing = make_worker("13.02.07.2002", name="Nama Asli", birth_date=dt.date(1990, 4, 2))
    data = recruit_input(nik=existing.nik, name="Nama Lain")
    recruit = recruit_register(actor=agent.user, data=data, today=TODAY)
    existing.refresh_from_db()
    assert recruit.worker_id == existing.pk
    assert existing.name == "Nama Asli" and existing.village_id == "13.02.07.2002"
    assert Worker.objects.count() == 1
    assert recruit.given_name == "Nama Lain"  # what the agent sees, not the record's name


def test_a_city_funded_worker_is_refused_without_naming_the_funder(alice, agent):
    scheme = approve(alice, make_scheme(alice, name="UCJ Kabupaten Solok 2026"))
    worker = make_worker("13.02.07.2001", birth_date=dt.date(1990, 4, 2))
    active_member(alice, scheme, worker)
    with pytest.raises(RecruitInvalid) as error:
        recruit_register(actor=agent.user, data=recruit_input(nik=worker.nik), today=TODAY)
    message = str(error.value)
    assert "programmes" in error.value.errors
    assert "Solok" not in message and "UCJ" not in message and "APBD" not in message
    assert not Recruit.objects.exists()
    assert Membership.objects.filter(worker=worker).count() == 1


def test_a_nik_registered_outside_the_agents_area_gets_the_neutral_answer_and_nothing_is_saved(
    agent, regions
):
    elsewhere = make_worker("73.16.01.2001", name="Orang Enrekang", birth_date=dt.date(1990, 4, 2))
    with pytest.raises(RecruitInvalid) as error:
        recruit_register(actor=agent.user, data=recruit_input(nik=elsewhere.nik), today=TODAY)
    assert "Enrekang" not in str(error.value)
    assert error.value.errors["nik"]
    assert not Recruit.objects.exists() and not Membership.objects.exists()
    assert REGISTERED_ELSEWHERE


def test_a_village_outside_the_agents_district_is_refused(agent):
    with pytest.raises(RecruitInvalid) as error:
        register(agent.user, village="13.02.10.2001")
    assert "village_code" in error.value.errors
    assert not Worker.objects.exists()


@pytest.mark.parametrize("birth", [dt.date(2012, 1, 1), dt.date(1950, 1, 1)])
def test_an_age_outside_the_rules_range_is_refused(agent, birth):
    with pytest.raises(RecruitInvalid) as error:
        register(agent.user, birth=birth)
    assert "15-65" in error.value.errors["birth_date"][0]
    assert not Worker.objects.exists() and not Membership.objects.exists()


def test_a_start_month_in_the_past_is_refused(agent):
    with pytest.raises(RecruitInvalid) as error:
        register(agent.user, start=Month(2025, 12))
    assert "start_month" in error.value.errors


def test_a_suspended_agent_cannot_register(alice, agent):
    from django.core.exceptions import PermissionDenied

    from payung.agents.services import agent_suspend

    agent_suspend(actor=alice, agent=agent, why="Laporan warga", today=TODAY)
    agent.user.refresh_from_db()
    with pytest.raises(PermissionDenied):
        register(agent.user)


def test_an_agent_of_a_kelurahan_registers_only_its_residents(alice):
    from payung.regions.models import Region

    Region.objects.create(
        code="13.02.07.1001",
        name="Kelurahan Uji",
        level=4,
        kind="kelurahan",
        parent_id="13.02.07",
        search_name="kelurahan uji",
    )
    agent = add_agent(alice, "agen.kel", "13.02.07.1001")
    assert agent.district_code == "13.02.07" and agent.area_id == "13.02.07.1001"
    recruit = register(agent.user, village="13.02.07.1001")
    assert recruit.membership.scheme.funder_region_id == "13.02.07"  # the district's MANDIRI scheme
    with pytest.raises(RecruitInvalid) as error:
        register(agent.user, village="13.02.07.2001")
    assert "village_code" in error.value.errors


def test_an_agent_cannot_be_placed_in_a_desa_or_a_regency(alice):
    from payung.agents.services import AgentInvalid

    for area in ("13.02.07.2001", "13.02"):
        with pytest.raises(AgentInvalid) as error:
            add_agent(alice, f"agen.{area}", area)
        assert "area_code" in error.value.errors
