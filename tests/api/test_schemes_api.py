"""Funding schemes and memberships by the API: the screen's services, scope and refusals, per role."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from fastexcel import read_excel

from payung.accounts.models import Role
from payung.audit.models import AuditEvent, PersonalDataAccess
from payung.lib import dates
from payung.regions.models import Region
from payung.schemes.models import FundingScheme, SchemeStatus, StatusChange
from payung.schemes.services.memberships import membership_propose, memberships_submit
from payung.schemes.services.schemes import SchemeInput, scheme_create, scheme_transition, with_rule_defaults
from payung.schemes.validation import scheme_problems
from tests.api.helpers import api_for
from tests.conftest import make_user

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


@pytest.mark.parametrize(
    ("persona", "answer"), [("alice", 200), ("bob", 200), ("vera", 200), ("charlie", 404), ("dina", 404)]
)
def test_who_sees_a_scheme(persona, answer, alice, request):
    scheme = make_scheme(alice)
    response = api_for(request.getfixturevalue(persona)).get(f"/api/v1/schemes/{scheme.pk}/")
    assert response.status_code == answer
    if answer == 200:
        assert response.json()["figures"]["budget"] == 100_000_000


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


def test_a_draft_with_proposals_keeps_the_terms_its_members_hold(alice, solok_people):
    scheme = make_scheme(alice)
    member = propose(alice, scheme, solok_people["poorest"])
    client = api_for(alice)
    url = f"/api/v1/schemes/{scheme.pk}/"
    held = client.put(url, terms(programmes=["JKK", "JKM", "JHT"]), format="json")
    assert held.status_code == 409 and "sudah punya 1 usulan" in held.json()["error"]["message"]
    short = client.put(url, terms(budget=member.planned_cost - 1), format="json")
    assert short.status_code == 409 and "kurang dari biaya usulan" in short.json()["error"]["message"]
    renamed = client.put(url, terms(name="UCJ Solok (revisi)", budget=member.planned_cost), format="json")
    assert renamed.status_code == 200
    scheme.refresh_from_db()
    assert (scheme.name, scheme.programmes, scheme.budget) == (
        "UCJ Solok (revisi)",
        ["JKK", "JKM"],
        member.planned_cost,
    )


def test_sending_the_same_terms_again_changes_nothing_and_writes_no_trail(alice):
    scheme = make_scheme(alice)
    same = api_for(alice).put(f"/api/v1/schemes/{scheme.pk}/", terms(), format="json")
    assert same.status_code == 200
    assert not AuditEvent.objects.filter(object_type="funding_scheme", action="update").exists()


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


# ---- the selection -------------------------------------------------------------------------------


@pytest.fixture
def solok_people(worker_factory):
    """Two poor workers in Gunung Talang (bob's district), one in Kubung (alice's, not bob's)."""
    return {
        "poorest": worker_factory("13.02.07.2001", name="Rosmiati Koto", dtsen_decile=1),
        "poor": worker_factory("13.02.07.2002", name="Zainal Abidin", dtsen_decile=2, sex="L"),
        "kubung": worker_factory("13.02.10.2001", name="Yusri Kubung", dtsen_decile=1, sex="L"),
    }


def test_the_selection_preview_lists_the_poorest_first_with_costs_and_their_rules(
    alice, bob, vera, solok_people
):
    scheme = make_scheme(alice)
    body = api_for(alice).get(f"/api/v1/schemes/{scheme.pk}/selection/").json()
    assert body["selected_count"] == 3 and body["cost"] == sum(r["cost"] for r in body["selected"])
    assert [r["decile"] for r in body["selected"]] == [1, 1, 2]
    first = body["selected"][0]
    assert first["nik"].count("*") == 8 and first["rule_source"] and first["reason"] == ""
    assert body["rule_source"] and body["citations"]
    # The operator sees the same totals, and the rows of its own district only.
    as_operator = api_for(bob).get(f"/api/v1/schemes/{scheme.pk}/selection/").json()
    assert as_operator["selected_count"] == 3
    assert {r["name"] for r in as_operator["selected"]} == {"Rosmiati Koto", "Zainal Abidin"}
    as_viewer = api_for(vera).get(f"/api/v1/schemes/{scheme.pk}/selection/").json()
    assert (as_viewer["selected_count"], as_viewer["selected"]) == (3, [])


def test_the_selection_preview_shows_who_falls_below_the_line_and_why(alice, solok_people):
    scheme = make_scheme(alice, quota=1)
    body = api_for(alice).get(f"/api/v1/schemes/{scheme.pk}/selection/").json()
    assert body["selected_count"] == 1 and body["left_out"] == 2
    assert {r["reason"] for r in body["below_line"]} == {"kuota skema penuh"}


def test_the_admin_saves_the_selection_and_others_may_not(alice, bob, charlie, solok_people):
    scheme = make_scheme(alice)
    url = f"/api/v1/schemes/{scheme.pk}/selection/"
    assert api_for(bob).post(url).status_code == 403
    assert api_for(charlie).post(url).status_code == 404
    saved = api_for(alice).post(url)
    assert saved.status_code == 201 and saved.json() == {"proposed": 3, "skipped_conflicts": 0}
    assert scheme.memberships.filter(status="proposed").count() == 3
    sources = set(AuditEvent.objects.filter(object_type="membership").values_list("source", flat=True))
    assert sources == {"api"}
    again = api_for(alice).post(url)  # those already in are not proposed twice
    assert again.json()["proposed"] == 0


def test_a_closed_schemes_selection_is_refused_as_on_the_screen(alice):
    scheme = make_scheme(alice)
    approve(alice, scheme)
    scheme_transition(actor=alice, scheme=scheme, to=SchemeStatus.CLOSED)
    refused = api_for(alice).post(f"/api/v1/schemes/{scheme.pk}/selection/")
    assert refused.status_code == 409
    assert refused.json()["error"]["message"] == f"Skema {scheme.name} sudah ditutup."


# ---- memberships ---------------------------------------------------------------------------------


def propose(actor, scheme, worker, **extra):
    return membership_propose(actor=actor, scheme=scheme, worker=worker, **extra)


def test_the_member_list_holds_the_callers_area_only_and_pages_by_cursor(
    alice, bob, charlie, vera, solok_people
):
    scheme = make_scheme(alice)
    for worker in solok_people.values():
        propose(alice, scheme, worker)
    url = f"/api/v1/schemes/{scheme.pk}/memberships/"
    everyone = api_for(alice).get(url).json()["results"]
    assert len(everyone) == 3
    row = everyone[0]
    assert row["status"] == "proposed" and row["planned_cost"] > 0 and row["rule_source"]
    assert row["nik"].count("*") == 8
    mine = api_for(bob).get(url, {"page_size": 1}).json()
    assert len(mine["results"]) == 1 and mine["next"]
    rest = api_for(bob).get(mine["next"]).json()
    names = {r["name"] for r in mine["results"] + rest["results"]}
    assert names == {"Rosmiati Koto", "Zainal Abidin"} and rest["next"] is None
    assert api_for(alice).get(url, {"status": "active"}).json()["results"] == []
    assert api_for(alice).get(url, {"status": "nope"}).status_code == 400
    assert api_for(vera).get(url).status_code == 403
    assert api_for(charlie).get(url).status_code == 404


def test_the_member_list_takes_the_same_queries_for_one_member_or_many(alice, solok_people):
    scheme = make_scheme(alice)
    propose(alice, scheme, solok_people["poorest"])
    client = api_for(alice)
    url = f"/api/v1/schemes/{scheme.pk}/memberships/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    propose(alice, scheme, solok_people["poor"])
    propose(alice, scheme, solok_people["kubung"])
    with CaptureQueriesContext(connection) as three:
        assert len(client.get(url).json()["results"]) == 3
    assert len(three) == len(one)


def test_an_operator_proposes_a_worker_of_its_area_and_the_proposal_is_audited(alice, bob, solok_people):
    scheme = make_scheme(alice)
    worker = solok_people["poorest"]
    response = api_for(bob).post(
        f"/api/v1/schemes/{scheme.pk}/memberships/", {"nik": worker.nik}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["worker_id"], body["status"], body["name"]) == (worker.pk, "proposed", "Rosmiati Koto")
    event = AuditEvent.objects.get(object_type="membership")
    assert (event.source, event.actor_name, event.action) == ("api", "bob", "create")
    again = api_for(bob).post(
        f"/api/v1/schemes/{scheme.pk}/memberships/", {"worker_id": worker.pk}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "Rosmiati Koto sudah menjadi peserta skema ini."


def test_a_proposal_is_refused_as_on_the_screen(alice, bob, vera, solok_people):
    scheme = make_scheme(alice, deciles=[1])
    url = f"/api/v1/schemes/{scheme.pk}/memberships/"
    kubung = solok_people["kubung"]
    # Outside the operator's district: the screen's message, under the NIK.
    outside = api_for(bob).post(url, {"nik": kubung.nik}, format="json")
    assert outside.status_code == 400
    assert outside.json()["error"]["fields"]["nik"] == [
        {"code": "not_in_registry", "message": f"NIK {kubung.nik} tidak ada di registri wilayah Anda."}
    ]
    # A viewer is refused before any look-up: the same answer for a NIK that exists or not.
    assert api_for(vera).post(url, {"nik": kubung.nik}, format="json").status_code == 403
    assert api_for(vera).post(url, {"nik": "1"}, format="json").status_code == 403
    # Outside the scheme's criteria (decile 2): a reason is needed.
    poor = solok_people["poor"]
    refused = api_for(bob).post(url, {"nik": poor.nik}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["reason"][0]["code"] == "outside_criteria"
    with_reason = api_for(bob).post(url, {"nik": poor.nik, "reason": "Korban banjir"}, format="json")
    assert with_reason.status_code == 201
    assert scheme.memberships.count() == 1


def test_a_worker_covered_by_another_scheme_is_a_conflict_naming_it(alice, bob, solok_people):
    other = make_scheme(alice, name="CSR Semen Padang", funder_type="CSR")
    worker = solok_people["poorest"]
    propose(alice, other, worker)
    scheme = make_scheme(alice)
    response = api_for(bob).post(
        f"/api/v1/schemes/{scheme.pk}/memberships/", {"nik": worker.nik}, format="json"
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "already_covered" and "CSR Semen Padang" in error["message"]


def test_proposing_with_the_same_idempotency_key_twice_proposes_once(alice, bob, solok_people):
    scheme = make_scheme(alice)
    client = api_for(bob)
    url = f"/api/v1/schemes/{scheme.pk}/memberships/"
    body = {"nik": solok_people["poorest"].nik}
    first = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="usul-1")
    again = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="usul-1")
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    assert scheme.memberships.count() == 1


def test_a_proposal_is_removed_by_its_area_and_a_submitted_member_is_not(
    alice, bob, charlie, vera, solok_people
):
    scheme = make_scheme(alice)
    mine = propose(alice, scheme, solok_people["poorest"])
    theirs = propose(alice, scheme, solok_people["kubung"])
    url = f"/api/v1/schemes/{scheme.pk}/memberships/"
    assert api_for(charlie).delete(f"{url}{mine.pk}/").status_code == 404
    assert api_for(bob).delete(f"{url}{theirs.pk}/").status_code == 404  # outside bob's district
    assert api_for(vera).delete(f"{url}{mine.pk}/").status_code == 403
    assert api_for(bob).delete(f"{url}{mine.pk}/").status_code == 204
    removal = AuditEvent.objects.get(object_type="membership", action="delete")
    assert (removal.source, removal.object_id) == ("api", str(mine.pk))
    approve(alice, scheme)
    memberships_submit(actor=alice, scheme=scheme)
    refused = api_for(alice).delete(f"{url}{theirs.pk}/")
    assert refused.status_code == 409
    assert (
        refused.json()["error"]["message"]
        == "Hanya usulan yang bisa dihapus; status sekarang Diajukan ke BPJS."
    )


def test_the_admin_submits_the_proposals_once_the_scheme_is_approved(alice, bob, solok_people):
    scheme = make_scheme(alice)
    propose(alice, scheme, solok_people["poorest"])
    url = f"/api/v1/schemes/{scheme.pk}/memberships/submit/"
    draft = api_for(alice).post(url)
    assert draft.status_code == 409
    assert draft.json()["error"]["message"] == "Skema harus disetujui dulu sebelum daftar diajukan ke BPJS."
    english = api_for(alice).post(url, HTTP_ACCEPT_LANGUAGE="en")  # the request's language
    assert (
        english.json()["error"]["message"]
        == "The scheme must be approved before the list is submitted to BPJS."
    )
    approve(alice, scheme)
    assert api_for(bob).post(url).status_code == 403
    submitted = api_for(alice).post(url)
    assert submitted.status_code == 200 and submitted.json() == {"submitted": 1}
    assert scheme.memberships.get().status == "submitted"
    event = AuditEvent.objects.filter(object_type="membership", action="update").get()
    assert event.source == "api"


# ---- the hand-off with the BPJS branch -----------------------------------------------------------


@pytest.fixture
def submitted(alice, solok_people):
    scheme = make_scheme(alice)
    approve(alice, scheme)
    for worker in (solok_people["poorest"], solok_people["poor"]):
        propose(alice, scheme, worker)
    memberships_submit(actor=alice, scheme=scheme)
    return scheme


def test_the_registration_file_is_downloaded_with_a_purpose_and_logged(alice, bob, submitted, solok_people):
    url = f"/api/v1/schemes/{submitted.pk}/registration-file/"
    client = api_for(alice)
    missing = client.get(url)
    assert missing.status_code == 400 and "purpose" in missing.json()["error"]["fields"]
    assert api_for(bob).get(url, {"purpose": "pendaftaran kolektif"}).status_code == 403
    response = client.get(url, {"purpose": "pendaftaran kolektif ke BPJS"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = b"".join(response.streaming_content)  # read to the end: the test client closes the file
    frame = read_excel(data).load_sheet(0, dtypes="string").to_polars()
    assert set(frame["NIK"].to_list()) == {solok_people["poorest"].nik, solok_people["poor"].nik}
    access = PersonalDataAccess.objects.get()
    assert (access.actor, access.purpose, access.full_nik) == (alice, "pendaftaran kolektif ke BPJS", True)


def test_the_bpjs_officer_of_another_region_gets_404_for_the_files(submitted, dina):
    client = api_for(dina)
    assert (
        client.get(f"/api/v1/schemes/{submitted.pk}/registration-file/", {"purpose": "x" * 10}).status_code
        == 404
    )
    upload = SimpleUploadedFile("jawaban.csv", b"NIK,No KPJ\n", content_type="text/csv")
    assert client.post(f"/api/v1/schemes/{submitted.pk}/answer-file/", {"file": upload}).status_code == 404


def test_the_bpjs_officer_serving_the_region_exchanges_both_files(submitted, solok_people):
    officer = make_user("officer.solok", Role.BPJS_OFFICER, ("13.02",))
    client = api_for(officer)
    detail = client.get(f"/api/v1/schemes/{submitted.pk}/").json()["actions"]
    assert (detail["can_manage"], detail["can_exchange_with_bpjs"]) == (False, True)
    download = client.get(
        f"/api/v1/schemes/{submitted.pk}/registration-file/", {"purpose": "pendaftaran cabang"}
    )
    assert download.status_code == 200 and b"".join(download.streaming_content)
    poorest = solok_people["poorest"]
    upload = answer_csv([(poorest.nik, poorest.name, "26012345678", "")])
    answered = client.post(f"/api/v1/schemes/{submitted.pk}/answer-file/", {"file": upload})
    assert answered.status_code == 200 and answered.json()["activated"] == 1
    assert client.post(f"/api/v1/schemes/{submitted.pk}/memberships/submit/").status_code == 403


def answer_csv(rows) -> SimpleUploadedFile:
    text = "NIK,Nama,No KPJ,Alasan Penolakan\n" + "".join(",".join(row) + "\n" for row in rows)
    return SimpleUploadedFile("jawaban.csv", text.encode(), content_type="text/csv")


def test_the_answer_file_activates_and_rejects_and_a_dry_run_changes_nothing(
    alice, bob, submitted, solok_people
):
    poorest, poor = solok_people["poorest"], solok_people["poor"]
    rows = [(poorest.nik, poorest.name, "26012345678", ""), (poor.nik, poor.name, "", "NIK ganda di BPJS")]
    url = f"/api/v1/schemes/{submitted.pk}/answer-file/"
    assert api_for(bob).post(url, {"file": answer_csv(rows)}).status_code == 403
    client = api_for(alice)
    dry = client.post(url, {"file": answer_csv(rows), "dry_run": "true"})
    assert dry.status_code == 200 and dry.json()["applied"] is False
    assert set(submitted.memberships.values_list("status", flat=True)) == {"submitted"}
    applied = client.post(url, {"file": answer_csv(rows)})
    assert applied.status_code == 200
    assert {k: applied.json()[k] for k in ("rows", "applied", "activated", "rejected")} == {
        "rows": 2,
        "applied": True,
        "activated": 1,
        "rejected": 1,
    }
    assert submitted.memberships.get(worker=poorest).kpj_number == "26012345678"
    assert submitted.memberships.get(worker=poor).status == "ended"


def test_an_answer_with_a_blocking_mismatch_or_no_rows_changes_nothing(alice, submitted):
    client = api_for(alice)
    url = f"/api/v1/schemes/{submitted.pk}/answer-file/"
    unknown = client.post(url, {"file": answer_csv([("1302070000000099", "Siapa", "26012345678", "")])})
    assert unknown.status_code == 200
    body = unknown.json()
    assert body["applied"] is False and body["mismatches"][0]["code"] == "unknown_nik"
    empty = client.post(url, {"file": answer_csv([])})
    assert empty.status_code == 400
    problem = empty.json()["error"]["fields"]["file"][0]
    assert problem["code"] == "unreadable" and problem["message"].startswith(
        "Berkas jawaban BPJS tidak terbaca"
    )
    assert client.post(url, {}).status_code == 400
    assert set(submitted.memberships.values_list("status", flat=True)) == {"submitted"}


@pytest.mark.parametrize(
    "content",
    [b"\x00\x9d\xff" * 50, b"PK\x03\x04" + b"\x00" * 60, b""],
    ids=["binary", "broken-zip", "empty"],
)
def test_a_file_that_is_not_an_answer_is_a_400_under_the_file(alice, submitted, content):
    upload = SimpleUploadedFile("jawaban.xlsx", content)
    response = api_for(alice).post(f"/api/v1/schemes/{submitted.pk}/answer-file/", {"file": upload})
    assert response.status_code == 400, response.json()
    assert "file" in response.json()["error"]["fields"]
