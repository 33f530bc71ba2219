"""The rules API: the rule table and the calculators, read only, the same figures and refusals as the
screens, every amount with its rule_source."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from payung.accounts.models import Role
from payung.tariffs.services import RuleVersionInput, current_rulebook, rule_version_add
from tests.conftest import make_user

from .helpers import api_for

pytestmark = pytest.mark.django_db

PACKAGE = {
    "segment": "BPU",
    "programmes": ["JKK", "JKM"],
    "income": "1.500.000",
    "month": "2026-01",
    "funder_type": "APBDES",
    "sector": "lainnya",
    "workers": "40",
    "months": "12",
}


def test_the_rule_table_lists_every_rule_with_its_versions_sources_and_confidence(vera):
    body = api_for(vera).get("/api/v1/rules/").json()
    book = current_rulebook()
    assert [rule["key"] for rule in body["rules"]] == list(book.specs)
    assert body["apbdes_excluded_from_discount"] is book.apbdes_excluded_from_discount
    rules = {rule["key"]: rule for rule in body["rules"]}
    jkm = rules["bpu.jkm.amount"]
    assert jkm["kind"] == "amount" and jkm["title"] == "BPU: iuran JKM per bulan"
    [newest, *_older] = jkm["versions"]
    version = book.versions("bpu.jkm.amount")[-1]
    assert (newest["value"], newest["source"], newest["confidence"]) == (
        version.value,
        version.source,
        version.confidence.value,
    )
    assert newest["in_force"] and newest["effective_to"] is None and newest["added_by"] is None
    assert rules["bpu.jkk.rate"]["versions"][-1]["value"] == "0.01"  # 1 %, a fraction as exact text
    brackets = rules["bpu.income_brackets"]["versions"][0]
    assert brackets["value"]["brackets"][0] == {"up_to": 1099999, "basis": 1000000, "confidence": "C"}
    assert brackets["confidence"] == "U" and brackets["explanation"]  # why it is in doubt, in words


def test_a_version_a_national_admin_added_says_who_and_closes_the_previous_one(regions, bob):
    admin = make_user("nasional", Role.NATIONAL_ADMIN)
    rule_version_add(
        actor=admin,
        data=RuleVersionInput(
            rule="bpu.jkm.amount",
            effective_from=dt.date(2027, 1, 1),
            value=Decimal(7000),
            source="PP 99/2026",
            note="Kenaikan iuran JKM",
        ),
    )
    body = api_for(bob).get("/api/v1/rules/", {"rule": "bpu.jkm.amount"}).json()
    [rule] = body["rules"]
    newest, previous = rule["versions"][:2]
    assert (newest["value"], newest["source"], newest["added_by"]) == (7000, "PP 99/2026", "nasional")
    assert newest["explanation"] == "Kenaikan iuran JKM" and newest["value_text"] == "Rp7.000"
    assert previous["effective_to"] == "2026-12-31"


def test_an_unknown_rule_is_404_and_no_token_is_401(bob):
    missing = api_for(bob).get("/api/v1/rules/", {"rule": "bpu.tidak.ada"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    for path in ("/api/v1/rules/", "/api/v1/calculators/contribution/", "/api/v1/calculators/benefit/"):
        assert APIClient().get(path).status_code == 401


def test_the_contribution_calculator_equals_the_screens_with_rule_source_on_every_amount(client, alice):
    client.force_login(alice)
    screen = client.get("/iuran/", PACKAGE).context["result"]["json"]
    body = api_for(alice).get("/api/v1/calculators/contribution/", PACKAGE).json()
    assert body["total"] == screen["total"] == sum(month["total"] for month in body["per_month"])
    # APBDes-funded in 2026: PP 50/2025's discount lowers some months, and says which rule did.
    assert body["discount_total"] > 0 and "PP 50/2025" in body["rule_source"]
    assert body["discount_total"] == screen["discount_total"]
    assert [(line["programme"], line["amount"]) for line in body["lines"]] == [
        (line["programme"], line["amount"]) for line in screen["lines"]
    ]
    assert body["income"] == 1_500_000 and body["workers"] == 40 and len(body["per_month"]) == 12
    assert all(line["rule_source"] for line in body["lines"])
    assert all(month["rule_source"] for month in body["per_month"])
    assert "PP 44/2015" in body["rule_source"]
    assert "note" not in body["lines"][0]  # the engine's notes for developers stay out


def test_the_contribution_calculator_takes_the_screens_defaults(viewer_and_agent):
    for user in viewer_and_agent:
        body = api_for(user).get("/api/v1/calculators/contribution/").json()
        assert (body["segment"], body["funder_type"], body["income"]) == ("BPU", "APBD", 1_000_000)
        assert [line["programme"] for line in body["lines"]] == ["JKK", "JKM"]
        assert body["per_month"][0]["per_worker"] == 16800 and body["months"] == 12


@pytest.fixture
def viewer_and_agent(vera, regions):
    return [vera, make_user("agen", Role.AGENT, ("73.16.01",))]


def test_the_contribution_calculator_refuses_what_the_screen_refuses(client, bob):
    client.force_login(bob)
    api = api_for(bob)
    jp = {**PACKAGE, "programmes": ["JP"]}
    screen = client.get("/iuran/", jp).context["form"].non_field_errors()
    refused = api.get("/api/v1/calculators/contribution/", jp)
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == screen[0]
    assert "BPU hanya JKK, JKM dan JHT" in screen[0]
    english = api.get("/api/v1/calculators/contribution/", jp, HTTP_ACCEPT_LANGUAGE="en")
    assert "BPU have JKK, JKM and JHT only" in english.json()["error"]["message"]
    bad = api.get("/api/v1/calculators/contribution/", {**PACKAGE, "income": "abc", "month": "2026-13"})
    fields = bad.json()["error"]["fields"]
    assert bad.status_code == 400 and fields["income"][0]["code"] == "not_a_number"
    assert (
        fields["month"][0]["message"]
        == client.get("/iuran/", {**PACKAGE, "month": "2026-13"}).context["form"].errors["month"][0]
    )


def test_the_benefit_calculator_prices_a_death_as_the_screen_does(client, bob):
    query = {"kind": "jkk_death", "event_date": "2026-03-10", "wage": "3.000.000"}
    client.force_login(bob)
    screen = client.get("/iuran/manfaat/", query).context["result"]
    body = api_for(bob).get("/api/v1/calculators/benefit/", query).json()
    assert body["total"] == screen.total
    assert [(line["component"], line["amount"]) for line in body["lines"]] == [
        (line.component, line.amount) for line in screen.lines
    ]
    assert all(line["rule_source"] and line["label"] for line in body["lines"])
    assert body["rule_source"] and body["event_date"] == "2026-03-10"


def test_the_benefit_calculator_refuses_what_the_screen_refuses(client, bob):
    client.force_login(bob)
    api = api_for(bob)
    no_wage = {"kind": "jkk_death", "event_date": "2026-03-10"}
    screen = client.get("/iuran/manfaat/", no_wage).context["form"].non_field_errors()
    refused = api.get("/api/v1/calculators/benefit/", no_wage)
    assert refused.status_code == 400 and refused.json()["error"]["message"] == screen[0]
    children = api.get(
        "/api/v1/calculators/benefit/",
        {"kind": "scholarship", "children": "SD,XX", "contribution_months": 40},
    )
    assert "XX" in children.json()["error"]["fields"]["children"][0]["message"]
    assert api.get("/api/v1/calculators/benefit/").json()["error"]["fields"]["kind"][0]["code"] == "required"
