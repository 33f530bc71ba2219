"""Funding schemes and memberships by the API: the screen's services, scope and refusals, per role."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from payung.audit.models import AuditEvent
from payung.lib import dates
from payung.regions.models import Region
from payung.schemes.models import FundingScheme, SchemeStatus, StatusChange
from payung.schemes.services.schemes import SchemeInput, scheme_create, scheme_transition, with_rule_defaults
from payung.schemes.validation import scheme_problems
from tests.api.helpers import api_for

pytestmark = pytest.mark.django_db

YEAR = dates.today().year


def terms(**overrides) -> dict:
    body = {
        "name": "UCJ Solok",
        "funder_type": "APBD",
        "funder_region": "13.02",
        "year": YEAR,
        "budget": 100_000_000,
        "programmes": ["JKK", "JKM"],
    }
    body.update(overrides)
    return body


def make_scheme(actor, **overrides) -> FundingScheme:
    fields = terms(**overrides)
    fields["programmes"] = tuple(fields["programmes"])
    return scheme_create(actor=actor, data=SchemeInput(**fields))


def approve(actor, scheme) -> None:
    scheme_transition(actor=actor, scheme=scheme, to=SchemeStatus.APPROVED, why="DPA 2026")


# ---- schemes -------------------------------------------------------------------------------------


def test_the_scheme_list_is_scoped_and_carries_the_budget_figures_with_their_rules(alice, bob, charlie, vera):
    scheme = make_scheme(alice)
    for user in (alice, bob, vera):  # the operator sees it (to propose), the viewer its figures
        body = api_for(user).get("/api/v1/schemes/").json()
        assert [s["id"] for s in body["results"]] == [scheme.pk]
    listed = body["results"][0]
    assert (listed["budget"], listed["figures"]["budget"], listed["figures"]["committed"]) == (
        100_000_000,
    ) * 2 + (0,)
    assert listed["figures"]["rule_source"]
    assert listed["first_month"] == f"{YEAR}-01-01" and listed["status"] == "draft"
    assert api_for(charlie).get("/api/v1/schemes/").json()["results"] == []


def test_the_scheme_list_pages_by_cursor_and_filters_by_year_and_status(alice):
    first, second = make_scheme(alice, name="A"), make_scheme(alice, name="B")
    approve(alice, second)
    client = api_for(alice)
    page = client.get("/api/v1/schemes/", {"page_size": 1}).json()
    assert [s["id"] for s in page["results"]] == [first.pk]
    following = client.get(page["next"]).json()
    assert [s["id"] for s in following["results"]] == [second.pk]
    assert [s["id"] for s in client.get("/api/v1/schemes/", {"status": "approved"}).json()["results"]] == [
        second.pk
    ]
    assert client.get("/api/v1/schemes/", {"year": YEAR + 1}).json()["results"] == []
    assert client.get("/api/v1/schemes/", {"status": "nope"}).status_code == 400
    bad = client.get("/api/v1/schemes/", {"after": "forged"})
    assert bad.status_code == 400 and "after" in bad.json()["error"]["fields"]


def test_the_scheme_list_takes_the_same_queries_for_one_scheme_or_many(alice):
    make_scheme(alice, name="A")
    client = api_for(alice)
    client.get("/api/v1/schemes/")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/schemes/")
    for name in "BCD":
        make_scheme(alice, name=name)
    with CaptureQueriesContext(connection) as four:
        assert len(client.get("/api/v1/schemes/").json()["results"]) == 4
    assert len(four) == len(one)


def test_a_scheme_outside_the_scope_is_404_like_a_missing_one(alice, charlie):
    scheme = make_scheme(alice)
    client = api_for(charlie)
    outside, missing = client.get(f"/api/v1/schemes/{scheme.pk}/"), client.get("/api/v1/schemes/999999/")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    for action in ("approve", "close"):
        assert client.post(f"/api/v1/schemes/{scheme.pk}/{action}/", {"basis": "x"}).status_code == 404
    assert client.put(f"/api/v1/schemes/{scheme.pk}/", terms(), format="json").status_code == 404


def test_the_detail_gives_the_history_the_rules_and_what_the_caller_may_do(alice, bob):
    scheme = make_scheme(alice)
    detail = api_for(alice).get(f"/api/v1/schemes/{scheme.pk}/").json()
    assert [e["to_status"] for e in detail["events"]] == ["draft"]
    assert detail["citations"] and detail["citations"][0]["source"]
    assert detail["actions"]["can_manage"] and detail["actions"]["next_statuses"] == ["approved"]
    assert detail["actions"]["submit_blocked"]  # not approved yet
    as_operator = api_for(bob).get(f"/api/v1/schemes/{scheme.pk}/").json()["actions"]
    assert (as_operator["can_manage"], as_operator["can_propose"], as_operator["next_statuses"]) == (
        False,
        True,
        [],
    )


def test_the_admin_creates_a_scheme_and_the_creation_is_audited_from_the_api(alice):
    response = api_for(alice).post("/api/v1/schemes/", terms(budget="Rp 50.000.000,-"), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    scheme = FundingScheme.objects.get()
    assert (body["id"], body["budget"], body["status"]) == (scheme.pk, 50_000_000, "draft")
    assert body["min_age"] == scheme.min_age and body["declared_income"] == scheme.declared_income  # rules'
    event = AuditEvent.objects.get(object_type="funding_scheme")
    assert (event.source, event.actor_name, event.action) == ("api", "alice", "create")


@pytest.mark.parametrize("persona", ["bob", "vera", "dina"])
def test_other_roles_may_not_create_a_scheme(persona, request):
    user = request.getfixturevalue(persona)
    response = api_for(user).post("/api/v1/schemes/", terms(), format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert not FundingScheme.objects.exists()


def test_bad_terms_are_refused_as_on_the_screen_every_problem_under_its_field(alice):
    body = terms(budget=0, programmes=["JKK", "JP"], areas=["73.16"])
    response = api_for(alice).post("/api/v1/schemes/", body, format="json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    # The form's own check (`scheme_problems`): the same messages under the same fields.
    data = with_rule_defaults(SchemeInput(**{**body, "programmes": ("JKK", "JP"), "areas": ("73.16",)}))
    expected = scheme_problems(data, Region.objects.get(code="13.02"))
    assert {name: [p["message"] for p in problems] for name, problems in fields.items()} == {
        name: [message] for name, message in expected
    }
    assert set(fields) == {"budget", "programmes", "deciles"}  # the areas are an eligibility problem
    assert not FundingScheme.objects.exists()


def test_an_unknown_occupation_and_a_funder_outside_the_admins_regions_are_field_errors(alice):
    client = api_for(alice)
    unknown = client.post("/api/v1/schemes/", terms(occupations=["astronot"]), format="json")
    assert unknown.status_code == 400
    assert unknown.json()["error"]["fields"]["occupations"][0]["code"] == "unknown_occupation"
    outside = client.post("/api/v1/schemes/", terms(funder_region="73.16"), format="json")
    assert outside.status_code == 400
    problem = outside.json()["error"]["fields"]["funder_region"][0]
    assert problem == {
        "code": "outside_regions",
        "message": "Hanya admin kabupaten/kota wilayah ini yang boleh membuat skema.",
    }
    assert not FundingScheme.objects.exists()


def test_creating_with_the_same_idempotency_key_twice_makes_one_scheme(alice):
    client = api_for(alice)
    first = client.post("/api/v1/schemes/", terms(), format="json", HTTP_IDEMPOTENCY_KEY="skema-1")
    again = client.post("/api/v1/schemes/", terms(), format="json", HTTP_IDEMPOTENCY_KEY="skema-1")
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert FundingScheme.objects.count() == 1


def test_the_admin_updates_a_draft_and_an_approved_scheme_is_refused(alice, bob):
    scheme = make_scheme(alice)
    client = api_for(alice)
    url = f"/api/v1/schemes/{scheme.pk}/"
    changed = client.put(
        url, terms(name="UCJ Solok Perubahan", budget=80_000_000, deciles=[1, 2]), format="json"
    )
    assert changed.status_code == 200, changed.json()
    scheme.refresh_from_db()
    assert (scheme.name, scheme.budget, scheme.deciles) == ("UCJ Solok Perubahan", 80_000_000, [1, 2])
    event = AuditEvent.objects.get(object_type="funding_scheme", action="update")
    assert event.source == "api" and event.changes["budget"] == ["100000000", "80000000"]
    assert api_for(bob).put(url, terms(name="X"), format="json").status_code == 403
    approve(alice, scheme)
    refused = client.put(url, terms(name="Sesudah disetujui"), format="json")
    assert refused.status_code == 409
    assert "hanya draf yang bisa diubah" in refused.json()["error"]["message"]
    scheme.refresh_from_db()
    assert scheme.name == "UCJ Solok Perubahan"


def test_the_admin_approves_with_its_basis_and_a_second_approval_is_refused(alice, bob, vera):
    scheme = make_scheme(alice)
    url = f"/api/v1/schemes/{scheme.pk}/approve/"
    for user in (bob, vera):
        assert api_for(user).post(url, {"basis": "DPA 2026"}, format="json").status_code == 403
    client = api_for(alice)
    missing = client.post(url, {}, format="json")
    assert missing.status_code == 400 and "basis" in missing.json()["error"]["fields"]
    approved = client.post(url, {"basis": "DPA Disnaker 2026 No. 12"}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["events"][-1]["why"] == "DPA Disnaker 2026 No. 12"
    change = StatusChange.objects.get(scheme=scheme, to_status="approved")
    assert (change.by, change.why) == (alice, "DPA Disnaker 2026 No. 12")
    assert AuditEvent.objects.filter(object_type="funding_scheme", action="update", source="api").exists()
    again = client.post(url, {"basis": "lagi"}, format="json")
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "Status skema tidak bisa berubah dari Disetujui ke Disetujui."


def test_the_admin_closes_an_approved_scheme_and_not_a_draft(alice, bob):
    draft, running = make_scheme(alice, name="A"), make_scheme(alice, name="B")
    approve(alice, running)
    client = api_for(alice)
    refused = client.post(f"/api/v1/schemes/{draft.pk}/close/", {}, format="json")
    assert refused.status_code == 409
    assert api_for(bob).post(f"/api/v1/schemes/{running.pk}/close/", {}, format="json").status_code == 403
    closed = client.post(f"/api/v1/schemes/{running.pk}/close/", {"why": "Tahun berakhir"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert closed.json()["actions"]["next_statuses"] == []
