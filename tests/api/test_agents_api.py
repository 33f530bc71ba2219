"""The agents API: the same access layer and services as the agent screens. An agent sees itself and
only its own recruits, managers the agents of their regions; registering, collecting and depositing are
the phone forms' rules, idempotent on retry; the statement has the CLI's fields."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from payung.agents.first_rules import ensure_first_rules
from payung.agents.models import CommissionRule, Deposit, HostShareRule, InactivityRule, Recruit
from payung.audit.models import AuditEvent
from payung.lib import dates
from payung.rules import Month
from tests.agents.builders import add_agent, recruit_input, register
from tests.api.helpers import api_for
from tests.conftest import make_worker
from tests.schemes.builders import active_member, approve, make_scheme

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 20)


@pytest.fixture(autouse=True)
def today(monkeypatch, db):
    ensure_first_rules(CommissionRule, InactivityRule, HostShareRule)
    monkeypatch.setattr(dates, "today", lambda: TODAY)
    monkeypatch.setattr(dates, "now", lambda: timezone.make_aware(dt.datetime(2026, 1, 20, 9, 0)))
    return TODAY


@pytest.fixture
def agent(alice):
    return add_agent(alice, "agen.gt", code="PRS-GT-01")


@pytest.fixture
def other(alice):
    return add_agent(alice, "agen.lain", code="PRS-GT-02")


def _body(**overrides):
    data = recruit_input(**overrides)
    return {
        "nik": data.nik,
        "name": data.name,
        "sex": data.sex,
        "birth_date": data.birth_date.isoformat(),
        "village_code": data.village_code,
        "occupation_code": data.occupation_code,
        "phone": data.phone,
        "declared_income": data.declared_income,
        "with_jht": data.with_jht,
        "start_month": str(data.start_month),
    }


def _collection(amount=16_800, **overrides):
    return {"month": "2026-01", "amount": amount, "method": "cash", "collected_on": "2026-01-10", **overrides}


def test_an_agent_registers_a_recruit_through_the_phone_forms_service_and_a_retry_is_idempotent(agent):
    client = api_for(agent.user)
    body = _body(name="Rina Wati")
    first = client.post("/api/v1/agents/PRS-GT-01/recruits/", body, format="json", HTTP_IDEMPOTENCY_KEY="r-1")
    assert first.status_code == 201, first.json()
    again = client.post("/api/v1/agents/PRS-GT-01/recruits/", body, format="json", HTTP_IDEMPOTENCY_KEY="r-1")
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    recruit = Recruit.objects.get()
    assert recruit.agent == agent and first.json()["id"] == recruit.pk
    assert first.json()["name"] == "Rina Wati" and "*" in first.json()["nik"]
    assert first.json()["monthly_contribution"] == 16_800 and first.json()["due_rule_source"]
    event = AuditEvent.objects.get(object_type="recruit", action="create")
    assert event.source == "api"


def test_bad_input_and_a_city_funded_worker_are_refused_as_on_the_phone_form(alice, agent):
    client = api_for(agent.user)
    too_old = client.post(
        "/api/v1/agents/PRS-GT-01/recruits/", _body(birth=dt.date(1950, 1, 2)), format="json"
    )
    assert too_old.status_code == 400 and "birth_date" in too_old.json()["error"]["fields"]
    outside = client.post("/api/v1/agents/PRS-GT-01/recruits/", _body(village="13.02.10.2001"), format="json")
    assert outside.status_code == 400 and "village_code" in outside.json()["error"]["fields"]

    scheme = approve(alice, make_scheme(alice, name="UCJ Kabupaten Solok 2026"))
    worker = make_worker("13.02.07.2001", name="Warga Kota Terdanai", birth_date=dt.date(1990, 4, 2))
    active_member(alice, scheme, worker)
    taken = client.post("/api/v1/agents/PRS-GT-01/recruits/", _body(nik=worker.nik), format="json")
    assert taken.status_code == 400
    problem = taken.json()["error"]["fields"]["programmes"][0]
    assert problem["code"] == "self_paid_taken"
    text = json.dumps(taken.json())
    assert "Solok" not in text and "UCJ" not in text and "APBD" not in text and "Terdanai" not in text
    assert not Recruit.objects.exists()


def test_an_agent_never_sees_another_agents_recruits_through_the_api(agent, other):
    mine, theirs = register(agent.user, today=TODAY), register(other.user, today=TODAY)
    client = api_for(agent.user)
    listed = client.get("/api/v1/agents/PRS-GT-01/recruits/").json()["results"]
    assert [r["id"] for r in listed] == [mine.pk]
    assert [a["code"] for a in client.get("/api/v1/agents/").json()["results"]] == ["PRS-GT-01"]
    missing = client.get("/api/v1/agents/PRS-NONE-99/recruits/")
    for path in ("/api/v1/agents/PRS-GT-02/", "/api/v1/agents/PRS-GT-02/recruits/"):
        response = client.get(path)
        assert response.status_code == 404 and response.json() == missing.json()
    for code in ("PRS-GT-01", "PRS-GT-02"):
        post = client.post(
            f"/api/v1/agents/{code}/recruits/{theirs.pk}/collections/", _collection(), format="json"
        )
        assert post.status_code == 404
    assert client.get("/api/v1/agents/PRS-GT-02/statements/2026-01/").status_code == 404
    assert not theirs.collections.exists()


def test_the_recruit_list_is_keyset_paged_by_name(alice, agent):
    for name in ("Citra", "Ani", "Budi"):
        register(agent.user, today=TODAY, name=name)
    client = api_for(alice)
    page = client.get("/api/v1/agents/PRS-GT-01/recruits/", {"page_size": 2}).json()
    assert [r["name"] for r in page["results"]] == ["Ani", "Budi"] and page["next"]
    rest = client.get(page["next"]).json()
    assert [r["name"] for r in rest["results"]] == ["Citra"] and rest["next"] is None and rest["previous"]
    assert client.get("/api/v1/agents/PRS-GT-01/recruits/", {"after": "bukan-kursor"}).status_code == 400


def test_managers_see_the_agent_list_with_the_leaderboards_figures_and_others_are_refused(
    alice, bob, dina, vera, agent, other
):
    recruit = register(agent.user, today=TODAY)
    api_for(agent.user).post(
        f"/api/v1/agents/PRS-GT-01/recruits/{recruit.pk}/collections/", _collection(), format="json"
    )
    rows = (
        api_for(alice).get("/api/v1/agents/", {"month": "2026-01", "district": "13.02.07"}).json()["results"]
    )
    assert [(r["code"], r["recruits"], r["active"], r["collected"]) for r in rows] == [
        ("PRS-GT-01", 1, 1, 16_800),
        ("PRS-GT-02", 0, 0, 0),
    ]
    assert rows[0]["active_percent"] == 100.0 and rows[0]["month"] == "2026-01"
    assert api_for(alice).get("/api/v1/agents/", {"month": "2026-13"}).status_code == 400
    # A BPJS officer of other regencies: no agent of Solok, 404 for one, as missing.
    assert api_for(dina).get("/api/v1/agents/").json()["results"] == []
    assert api_for(dina).get("/api/v1/agents/PRS-GT-01/").status_code == 404
    for user in (bob, vera):
        assert api_for(user).get("/api/v1/agents/").status_code == 403


def test_the_agent_detail_for_its_managers_and_itself(alice, agent):
    register(agent.user, today=TODAY)
    for user in (alice, agent.user):
        body = api_for(user).get("/api/v1/agents/PRS-GT-01/").json()
        assert body["code"] == "PRS-GT-01" and body["recruits"] == 1 and body["host_name"] == "Koperasi Maju"
        assert body["district_code"] == "13.02.07" and body["status"] == "active"


def test_an_agent_records_a_collection_at_the_engines_price_with_its_source(alice, agent):
    recruit = register(agent.user, today=TODAY)
    client = api_for(agent.user)
    path = f"/api/v1/agents/PRS-GT-01/recruits/{recruit.pk}/collections/"
    wrong = client.post(path, _collection(amount=10_000), format="json")
    assert wrong.status_code == 400 and "amount" in wrong.json()["error"]["fields"]
    before = client.post(path, _collection(month="2025-12"), format="json")
    assert before.status_code == 400 and "month" in before.json()["error"]["fields"]
    negative = client.post(path, _collection(amount=-16_800), format="json")
    assert negative.status_code == 400 and "amount" in negative.json()["error"]["fields"]
    first = client.post(path, _collection(), format="json", HTTP_IDEMPOTENCY_KEY="c-1")
    assert first.status_code == 201, first.json()
    assert first.json()["amount"] == 16_800 and first.json()["rule_source"]
    again = client.post(path, _collection(), format="json", HTTP_IDEMPOTENCY_KEY="c-1")
    assert again.status_code == 201 and again.json() == first.json()
    assert recruit.collections.count() == 1
    assert AuditEvent.objects.get(object_type="collection").source == "api"
    # The agent's manager sees the recruit but does not collect for it.
    assert api_for(alice).post(path, _collection(month="2026-02"), format="json").status_code == 403


def test_an_agent_records_a_deposit_matched_to_its_collections(alice, agent):
    recruits = [register(agent.user, today=TODAY) for _ in range(2)]
    client = api_for(agent.user)
    for recruit, reference in zip(recruits, ("TRF-1", "TRF-2"), strict=True):
        client.post(
            f"/api/v1/agents/PRS-GT-01/recruits/{recruit.pk}/collections/",
            _collection(method="transfer", reference=reference),
            format="json",
        )
    body = {"amount": 20_000, "deposited_on": "2026-01-15", "reference": "BPJS-1", "covers": ["TRF-2"]}
    too_much = client.post("/api/v1/agents/PRS-GT-01/deposits/", {**body, "amount": 33_601}, format="json")
    assert too_much.status_code == 400 and "amount" in too_much.json()["error"]["fields"]
    first = client.post("/api/v1/agents/PRS-GT-01/deposits/", body, format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    assert first.status_code == 201, first.json()
    assert [(c["recruit"], c["amount"]) for c in first.json()["covers"]] == [
        (recruits[1].pk, 16_800),
        (recruits[0].pk, 3_200),
    ]
    again = client.post("/api/v1/agents/PRS-GT-01/deposits/", body, format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    assert again.status_code == 201 and again.json() == first.json() and Deposit.objects.count() == 1
    assert api_for(alice).post("/api/v1/agents/PRS-GT-01/deposits/", body, format="json").status_code == 403


def test_the_statement_has_the_fields_of_the_cli(alice, agent, capsys):
    recruit = register(agent.user, today=TODAY)
    api_for(agent.user).post(
        f"/api/v1/agents/PRS-GT-01/recruits/{recruit.pk}/collections/", _collection(), format="json"
    )
    call_command("agent_statement", "--agent", "PRS-GT-01", "--month", "2026-01", "--json")
    expected = json.loads(capsys.readouterr().out)
    for user in (agent.user, alice):
        response = api_for(user).get("/api/v1/agents/PRS-GT-01/statements/2026-01/")
        assert response.status_code == 200 and response.json() == expected
    assert list(expected) == [
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
    assert expected["collected"] == 16_800 and expected["commission"] == 1_260
    bad = api_for(agent.user).get("/api/v1/agents/PRS-GT-01/statements/2026-13/")
    assert bad.status_code == 400 and "month" in bad.json()["error"]["fields"]
    assert Month(2026, 1)
