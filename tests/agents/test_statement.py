"""The monthly statement and its commission: the 50-participant bonus, rule versions, the CLI."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from payung.agents.collections import collection_record
from payung.agents.models import CommissionRule, Recruit
from payung.agents.statement import statement_for
from payung.rules import Month

from .builders import add_agent, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(alice):
    return add_agent(alice, "agen.gt", code="PRS-GT-01")


def _recruits(agent, count, today=dt.date(2026, 1, 5)):
    for _ in range(count):
        register(agent.user, today=today)


def _collect_all(agent, month, day):
    for recruit in Recruit.objects.filter(agent=agent):
        collection_record(
            actor=agent.user,
            recruit=recruit,
            month=month,
            amount=recruit.monthly_contribution,
            method="cash",
            reference="",
            collected_on=day,
            today=day,
        )


@pytest.mark.parametrize(("count", "bonus"), [(49, 0), (50, 500_000)])
def test_the_bonus_needs_fifty_new_participants_in_the_month(agent, count, bonus):
    _recruits(agent, count)
    _collect_all(agent, Month(2026, 1), dt.date(2026, 1, 20))
    statement = statement_for(agent, Month(2026, 1))
    collected = count * 16_800
    assert statement.new_participants == count and statement.recruits == count and statement.active == count
    assert statement.collected == collected
    commission = (Decimal(collected) * Decimal("0.075")).quantize(Decimal(1))
    assert statement.commission == int(commission) + bonus
    kinds = [line.kind for line in statement.lines]
    assert kinds == (
        ["collection_commission", "new_participant_bonus"] if bonus else ["collection_commission"]
    )
    assert all("P102" in line.rule_source for line in statement.lines)


def test_a_newer_rule_version_applies_from_its_month_and_the_older_before(agent):
    CommissionRule.objects.create(
        effective_from=dt.date(2026, 2, 1),
        rate_percent=Decimal("10"),
        bonus_amount=750_000,
        bonus_min_new_participants=30,
        source="Surat BPJS uji 2026",
        confidence="uncertain",
    )
    _recruits(agent, 2)
    _collect_all(agent, Month(2026, 1), dt.date(2026, 1, 31))
    _collect_all(agent, Month(2026, 2), dt.date(2026, 2, 1))
    january, february = statement_for(agent, Month(2026, 1)), statement_for(agent, Month(2026, 2))
    assert january.commission == 2_520  # 7,5 % of Rp33.600
    assert february.commission == 3_360  # 10 % of Rp33.600
    assert "Surat BPJS uji 2026" in february.lines[0].rule_source
    assert "P102" in january.lines[0].rule_source
    assert february.new_participants == 0 and february.recruits == 2


def test_the_cli_prints_the_statement_as_json_by_code_or_username(agent, capsys):
    _recruits(agent, 1)
    _collect_all(agent, Month(2026, 1), dt.date(2026, 1, 20))
    for key in ("PRS-GT-01", "agen.gt"):
        call_command("agent_statement", "--agent", key, "--month", "2026-01", "--json")
        data = json.loads(capsys.readouterr().out)
        assert list(data) == [
            "agent",
            "month",
            "recruits",
            "new_participants",
            "active",
            "collected",
            "deposited",
            "commission",
            "lines",
        ]
        assert data["agent"] == "PRS-GT-01" and data["month"] == "2026-01"
        assert data["collected"] == 16_800 and data["commission"] == 1_260
        assert data["lines"] == [
            {"kind": "collection_commission", "amount": 1_260, "rule_source": data["lines"][0]["rule_source"]}
        ]
        assert isinstance(data["deposited"], int)


def test_the_cli_refuses_an_unknown_agent_and_a_bad_month(agent):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="unknown agent"):
        call_command("agent_statement", "--agent", "nobody", "--month", "2026-01", "--json")
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("agent_statement", "--agent", "agen.gt", "--month", "2026-13", "--json")


def test_a_national_admin_adds_a_commission_version_on_the_rules_page_and_others_cannot(
    client, agent, regions
):
    from tests.conftest import make_user

    national = make_user("nasional", "national_admin")
    client.force_login(national)
    form = {
        "kind": "commission",
        "effective_from": "2026-03-01",
        "rate_percent": "8.5",
        "bonus_amount": "600.000",
        "bonus_min_new_participants": "40",
        "source": "Perdir BPJS uji 2026",
        "confidence": "single_source",
    }
    assert client.post("/agen/aturan/", {**form, "effective_from": "2026-03-15"}).status_code == 200
    assert not CommissionRule.objects.filter(source="Perdir BPJS uji 2026").exists()
    assert client.post("/agen/aturan/", form).status_code == 302
    rule = CommissionRule.objects.get(source="Perdir BPJS uji 2026")
    assert rule.rate_percent == Decimal("8.50") and rule.bonus_amount == 600_000
    client.force_login(agent.user)
    page = client.get("/agen/aturan/").content.decode()
    assert "Perdir BPJS uji 2026" in page and "Tambah versi aturan" not in page
    client.post("/agen/aturan/", {**form, "effective_from": "2026-04-01"})
    assert CommissionRule.objects.count() == 2
