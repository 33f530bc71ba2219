"""The demo agent of `payung load_demo`: recruits, two months of collections, a statement."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import override_settings

from payung.agents.demo import RECRUITS, USERNAME
from payung.agents.models import Agent, Collection
from payung.regions.loading import load_regions
from payung.rules import Month
from payung.schemes.models import MembershipStatus


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_the_demo_adds_a_makassar_agent_with_recruits_collections_and_a_statement_once(capsys):
    load_regions()
    for _ in range(2):
        call_command("load_demo", "--workers-per-regency", "10")
    out = capsys.readouterr().out
    assert USERNAME in out
    agent = Agent.objects.get(user__username=USERNAME)
    assert agent.area_id.startswith("73.71.") and agent.host_kind == "cooperative"
    assert agent.user.check_password("payung-demo-2026")
    assert agent.recruits.count() == RECRUITS
    assert {r.membership.status for r in agent.recruits.all()} == {MembershipStatus.ACTIVE}
    assert len(set(Collection.objects.filter(agent=agent).values_list("month", flat=True))) == 2
    first = Month.of(min(Collection.objects.filter(agent=agent).values_list("month", flat=True)))
    call_command("agent_statement", "--agent", USERNAME, "--month", str(first), "--json")
    statement = json.loads(capsys.readouterr().out)
    assert statement["recruits"] == RECRUITS and statement["new_participants"] == RECRUITS
    assert statement["collected"] > 0 and statement["commission"] > 0
    assert statement["deposited"] == statement["collected"]
