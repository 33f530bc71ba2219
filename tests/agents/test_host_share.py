"""The host organisation's share of the commission: dated rule data with its one source (P104, 2017),
in force from its month, replaced by an admin without code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from payung.agents.collections import collection_record
from payung.agents.models import HostShareRule, Recruit
from payung.agents.statement import statement_for
from payung.rules import Month
from tests.conftest import make_user

from .builders import add_agent, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(alice):
    agent = add_agent(alice, "agen.gt", code="PRS-GT-01")
    for _ in range(2):
        register(agent.user)
    for month, day in ((Month(2026, 1), dt.date(2026, 1, 20)), (Month(2026, 2), dt.date(2026, 2, 3))):
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
    return agent


def test_the_2018_version_is_ten_percent_of_the_commission_from_one_source(agent):
    rule = HostShareRule.objects.get()
    assert rule.share_percent == Decimal("10.00") and rule.confidence == "single_source"
    assert "P104" in rule.source
    january = statement_for(agent, Month(2026, 1))
    assert january.commission == 2_520  # 7,5 % of Rp33.600
    assert january.host_share == 252 and january.agent_share == 2_268
    assert "P104" in january.host_share_source and "Satu sumber" in january.host_share_source


def test_an_admins_newer_version_applies_from_its_month_and_a_bad_share_is_refused(client, agent):
    client.force_login(make_user("nasional", "national_admin"))
    form = {
        "kind": "host_share",
        "effective_from": "2026-02-01",
        "share_percent": "0",
        "source": "Konfirmasi cabang BPJS uji 2026",
        "confidence": "uncertain",
    }
    assert client.post("/agen/aturan/", {**form, "share_percent": "150"}).status_code == 200
    assert HostShareRule.objects.count() == 1
    assert client.post("/agen/aturan/", form).status_code == 302
    assert statement_for(agent, Month(2026, 1)).host_share == 252
    february = statement_for(agent, Month(2026, 2))
    assert february.host_share == 0 and february.agent_share == february.commission == 2_520
    assert "Konfirmasi cabang BPJS uji 2026" in february.host_share_source
    page = client.get("/agen/aturan/").content.decode()
    assert "Konfirmasi cabang BPJS uji 2026" in page and "P104" in page


def test_the_agent_page_and_the_cli_text_show_the_share_and_the_json_keeps_its_keys(
    client, alice, agent, capsys
):
    client.force_login(alice)
    page = client.get("/agen/PRS-GT-01/?month=2026-01").content.decode()
    assert 'data-testid="statement-host-share">Rp252' in page and "Koperasi Maju" in page
    call_command("agent_statement", "--agent", "agen.gt", "--month", "2026-01")
    out = capsys.readouterr().out
    assert "host_share        Rp252" in out and "agent_share       Rp2.268" in out
    call_command("agent_statement", "--agent", "agen.gt", "--month", "2026-01", "--json")
    assert "host_share" not in capsys.readouterr().out
