"""Agents as data: the role, management rights, the inactivity rule, and recruits' BPJS hand-off."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.exceptions import PermissionDenied
from fastexcel import read_excel

from payung.accounts.roles import ROLE_RANK, roles_assignable_by
from payung.accounts.scope import scope_for
from payung.agents.collections import collection_record
from payung.agents.models import AgentStatus, InactivityRule
from payung.agents.services import AgentInvalid, agent_reinstate, agents_apply_inactivity
from payung.rules import Month
from payung.schemes.access import scheme_access
from payung.schemes.branch import answer_apply, export_registration_xlsx
from payung.schemes.models import MembershipStatus
from payung.schemes.services.memberships import memberships_submit
from tests.conftest import make_user
from tests.schemes.test_branch import answer_file

from .builders import add_agent, register

pytestmark = pytest.mark.django_db


def test_the_agent_role_ranks_below_an_operator_and_has_no_region_scope(alice):
    agent = add_agent(alice, "agen.gt")
    assert ROLE_RANK["agent"] < ROLE_RANK["operator"]
    assert "agent" in roles_assignable_by(alice)
    assert scope_for(agent.user).codes == () and not scope_for(agent.user).everything


def test_an_operator_cannot_add_an_agent_nor_an_admin_outside_its_regency(bob, regions):
    with pytest.raises(PermissionDenied):
        add_agent(bob, "agen.x")
    outsider = make_user("eko", "regency_admin", ("73.16",))
    with pytest.raises(AgentInvalid):
        add_agent(outsider, "agen.y", "13.02.07")


def test_an_agent_with_three_empty_months_is_dropped_and_rejoins_only_after_six(alice):
    agent = add_agent(alice, "agen.gt", start=dt.date(2025, 12, 1))
    register(agent.user, today=dt.date(2026, 1, 5))
    assert agents_apply_inactivity(today=dt.date(2026, 4, 30)).dropped == []  # Feb, Mar empty; April not over
    assert agents_apply_inactivity(today=dt.date(2026, 5, 1)).dropped == [agent.code]
    agent.refresh_from_db()
    assert agent.status == AgentStatus.DROPPED and agent.status_since == dt.date(2026, 5, 1)
    with pytest.raises(AgentInvalid, match="01/11/2026"):
        agent_reinstate(actor=alice, agent=agent, today=dt.date(2026, 10, 31))
    agent_reinstate(actor=alice, agent=agent, today=dt.date(2026, 11, 1))
    agent.refresh_from_db()
    assert agent.status == AgentStatus.ACTIVE


def test_a_collection_counts_as_activity(alice):
    agent = add_agent(alice, "agen.gt", start=dt.date(2025, 12, 1))
    recruit = register(agent.user, today=dt.date(2026, 1, 5))
    collection_record(
        actor=agent.user,
        recruit=recruit,
        month=Month(2026, 3),
        amount=recruit.monthly_contribution,
        method="cash",
        reference="",
        collected_on=dt.date(2026, 3, 2),
        today=dt.date(2026, 3, 2),
    )
    assert agents_apply_inactivity(today=dt.date(2026, 5, 1)).dropped == []


def test_an_admin_changes_the_inactivity_rule_as_data(alice):
    InactivityRule.objects.create(
        effective_from=dt.date(2026, 1, 1),
        drop_after_months=1,
        rejoin_after_months=2,
        source="Surat cabang uji",
        confidence="uncertain",
    )
    agent = add_agent(alice, "agen.gt", start=dt.date(2025, 12, 1))
    register(agent.user, today=dt.date(2026, 1, 5))
    assert agents_apply_inactivity(today=dt.date(2026, 3, 1)).dropped == [agent.code]


def test_recruits_go_to_bpjs_through_the_collective_hand_off_and_come_back_with_kpj(alice, dina, regions):
    agent = add_agent(alice, "agen.gt")
    recruit = register(agent.user)
    scheme = recruit.membership.scheme
    assert scheme_access(alice, scheme).can_manage
    memberships_submit(actor=alice, scheme=scheme)
    path = export_registration_xlsx(
        scheme,
        scheme.memberships.select_related("worker__village", "worker__occupation"),
        alice,
        purpose="Pendaftaran kolektif",
    )
    try:
        rows = read_excel(path).load_sheet(0, dtypes="string").to_polars().to_dicts()
    finally:
        os.unlink(path)
    assert rows[0]["NIK"] == recruit.worker.nik and rows[0]["Program"] == "JKK+JKM"
    assert rows[0]["Penghasilan (Rp)"] == "1000000"
    report = answer_apply(
        actor=alice,
        scheme=scheme,
        data=answer_file([(recruit.worker.nik, recruit.worker.name, "KPJ9900001", "")]),
    )
    assert report.activated == 1
    recruit.membership.refresh_from_db()
    assert (
        recruit.membership.status == MembershipStatus.ACTIVE and recruit.membership.kpj_number == "KPJ9900001"
    )


def test_the_daily_check_command_drops_an_inactive_agent(alice, capsys):
    from django.core.management import call_command

    from payung.lib import dates

    start = Month.of(dates.today()).plus(-5).first_day
    agent = add_agent(alice, "agen.diam", start=start)
    call_command("agents_check")
    assert "1 agents dropped" in capsys.readouterr().out
    agent.refresh_from_db()
    assert agent.status == AgentStatus.DROPPED
