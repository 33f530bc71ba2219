"""The claims API: the screens' scope (404 outside it), roles, filters, services and refusals."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command

from payung.accounts.models import Role
from payung.audit.models import AuditEvent
from payung.claims.models import Claim, StatusChange
from payung.claims.services import claims_write, heir_add
from payung.claims.validation import ClaimData
from payung.lib import dates
from tests.api.helpers import api_for
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
ENREKANG_VILLAGE = "73.16.01.2001"
SOLOK_VILLAGE = "13.02.07.2001"


def _paid(number, worker, *, amount=42_000_000, event=dt.date(2025, 3, 1)):
    return ClaimData(
        claim_number=number,
        nik=worker.nik,
        name=worker.name,
        programme="JKM",
        kind="jkm_death",
        event_date=event,
        status="paid",
        amount_paid=amount,
        paid_on=event + dt.timedelta(days=31),
    )


@pytest.fixture
def claims(regions, worker_factory):
    """An Enrekang death paid below the rule, an Enrekang accident not yet decided, a Solok death."""
    andi = worker_factory(ENREKANG_VILLAGE, name="Andi Baso")
    mansyur = worker_factory(ENREKANG_VILLAGE, name="Mansyur")
    rosmiati = worker_factory(SOLOK_VILLAGE, name="Rosmiati Koto")
    claims_write(
        actor=None,
        rows=[
            _paid("PLP-1", andi, amount=40_000_000),
            ClaimData(
                claim_number="PLP-2",
                nik=mansyur.nik,
                name=mansyur.name,
                programme="JKK",
                kind="jkk_medical",
                event_date=dt.date(2025, 3, 1),
                status="reported",
            ),
            _paid("SLK-1", rosmiati),
        ],
        today=dt.date(2025, 5, 1),
    )
    return {c.claim_number: c for c in Claim.objects.all()}


def test_the_list_holds_only_claims_in_scope_and_filters_as_the_screen(charlie, bob, claims):
    client = api_for(charlie)
    body = client.get("/api/v1/claims/").json()
    assert [c["claim_number"] for c in body["results"]] == ["PLP-2", "PLP-1"]  # newest event, then id
    first = body["results"][1]
    assert (
        first["nik"].count("*") == 8
        and first["rule_amount"] == 42_000_000
        and first["amount_paid"] == 40_000_000
    )
    assert "PP" in first["rule_source"] and first["differs_from_rule"] is True
    assert [
        c["claim_number"] for c in client.get("/api/v1/claims/", {"flagged": "true"}).json()["results"]
    ] == ["PLP-1"]
    # The report of 1 March recorded on 1 May: the 2 x 24 h report is late, as on the screen.
    late = client.get("/api/v1/claims/", {"deadline": "late"}).json()["results"]
    assert [c["claim_number"] for c in late] == ["PLP-2"] and late[0]["deadline"] == "late"
    assert [c["claim_number"] for c in client.get("/api/v1/claims/", {"q": "Andi"}).json()["results"]] == [
        "PLP-1"
    ]
    refused = client.get("/api/v1/claims/", {"programme": "ASURANSI"})
    assert (
        refused.status_code == 400
        and refused.json()["error"]["fields"]["programme"][0]["code"] == "invalid_choice"
    )
    assert client.get("/api/v1/claims/", {"after": "made-up"}).status_code == 400
    # Keyset pages.
    page = client.get("/api/v1/claims/", {"page_size": 1}).json()
    assert [c["claim_number"] for c in page["results"]] == ["PLP-2"] and page["next"]
    following = client.get(page["next"]).json()
    assert [c["claim_number"] for c in following["results"]] == ["PLP-1"] and following["next"] is None
    assert [c["claim_number"] for c in api_for(bob).get("/api/v1/claims/").json()["results"]] == ["SLK-1"]


def test_a_solok_operator_never_sees_an_enrekang_claim_through_the_api(bob, claims):
    client = api_for(bob)
    enrekang = claims["PLP-1"]
    assert "PLP-1" not in json.dumps(client.get("/api/v1/claims/", {"q": "PLP-1"}).json())
    outside = client.get(f"/api/v1/claims/{enrekang.pk}/")
    missing = client.get("/api/v1/claims/999999/")
    assert outside.status_code == missing.status_code == 404 and outside.json() == missing.json()
    decided = client.post(
        f"/api/v1/claims/{enrekang.pk}/decision/",
        {"to": "rejected", "on": "2025-06-01", "why": "x"},
        format="json",
    )
    assert decided.status_code == 404
    assert client.get("/api/v1/claims/summary/", {"region": "73.16", "year": 2025}).status_code == 404
    assert Claim.objects.get(pk=enrekang.pk).status == "paid"


def test_the_detail_carries_heirs_the_rule_amount_with_its_source_and_documents(charlie, vera, claims):
    claim = claims["PLP-1"]
    heir_add(actor=charlie, claim=claim, name="Hasnah", nik="", relationship="spouse", share_percent=100)

    body = api_for(charlie).get(f"/api/v1/claims/{claim.pk}/").json()

    assert (body["rule_amount"], body["amount_paid"], body["differs_from_rule"]) == (
        42_000_000,
        40_000_000,
        True,
    )
    assert sum(line["amount"] for line in body["rule_lines"]) == 42_000_000
    assert all(line["rule_source"] for line in body["rule_lines"])
    assert body["heirs"] == [
        {
            "id": claim.heirs.get().pk,
            "name": "Hasnah",
            "nik": "",
            "relationship": "spouse",
            "share_percent": "100.00",
            "amount": 40_000_000,
        }
    ]
    assert body["documents"] and {"code", "label", "source", "confidence", "ticked"} <= set(
        body["documents"][0]
    )
    assert [d["code"] for d in body["deadlines"]] == ["lapse"] and body["deadlines"][0]["state"] == "done"
    assert body["history"][0]["to_status"] == "paid" and body["funder_type"] == "NONE"
    # A viewer gets no claim, whether it exists or not.
    viewer = api_for(make_user("vina", Role.VIEWER, ("73.16",)))
    assert viewer.get(f"/api/v1/claims/{claim.pk}/").status_code == 403
    assert viewer.get("/api/v1/claims/999999/").status_code == 403
    assert viewer.get("/api/v1/claims/").status_code == 403


def test_an_operator_reports_a_death_by_hand_once_per_idempotency_key(
    charlie, dina, bob, regions, worker_factory
):
    worker = worker_factory(ENREKANG_VILLAGE, name="Sitti Aminah")
    client = api_for(charlie)
    sent = {"nik": worker.nik, "kind": "jkm_death", "event_date": "2025-06-01", "why": "kabar kepala desa"}

    first = client.post("/api/v1/claims/", sent, format="json", HTTP_IDEMPOTENCY_KEY="lapor-1")
    again = client.post("/api/v1/claims/", sent, format="json", HTTP_IDEMPOTENCY_KEY="lapor-1")

    assert first.status_code == again.status_code == 201, first.json()
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    claim = Claim.objects.get()
    assert (claim.status, claim.origin, claim.worker, claim.rule_amount) == (
        "reported",
        "hand",
        worker,
        42_000_000,
    )
    assert first.json()["status"] == "reported" and first.json()["claim_number"] is None
    event = AuditEvent.objects.get(object_type="claim", action="create")
    assert (event.source, event.actor) == ("api", charlie)
    # The screen's refusals, in the API's shape.
    tomorrow = (dates.today() + dt.timedelta(days=1)).isoformat()
    future = client.post("/api/v1/claims/", {**sent, "event_date": tomorrow}, format="json")
    assert future.status_code == 400
    assert [p["code"] for p in future.json()["error"]["fields"]["event_date"]] == ["event_in_future"]
    unknown = client.post("/api/v1/claims/", {**sent, "nik": "7316014501800099"}, format="json")
    assert unknown.json()["error"]["fields"]["nik"][0]["message"] == (
        "NIK ini tidak terdaftar di wilayah kerja Anda. Daftarkan pekerjanya dahulu."
    )
    # Solok's operator cannot report Enrekang's worker (not in its regions), an officer reports nothing.
    assert api_for(bob).post("/api/v1/claims/", sent, format="json").json()["error"]["fields"]["nik"][0][
        "code"
    ] == ("not_registered")
    assert api_for(dina).post("/api/v1/claims/", sent, format="json").status_code == 403
    assert Claim.objects.count() == 1


def test_the_officer_records_submission_and_payment(charlie, dina, regions, claims):
    claim = claims["PLP-2"]
    client = api_for(dina)
    url = f"/api/v1/claims/{claim.pk}/decision/"
    submitted = client.post(
        url,
        {"to": "submitted", "on": "2025-05-02", "claim_number": "PLP-2B"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["claim_number"] == "PLP-2B" and submitted.json()["status"] == "submitted"
    assert (
        client.post(
            url,
            {"to": "submitted", "on": "2025-05-02", "claim_number": "PLP-2B"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="k1",
        ).headers["Idempotent-Replayed"]
        == "true"
    )
    assert StatusChange.objects.filter(claim=claim, to_status="submitted").count() == 1
    # The claim page's refusals: a rejection needs its reason; a payment its amount.
    no_reason = client.post(url, {"to": "rejected", "on": "2025-05-03"}, format="json")
    assert (
        no_reason.status_code == 400 and no_reason.json()["error"]["fields"]["why"][0]["code"] == "required"
    )
    no_amount = client.post(url, {"to": "paid", "on": "2025-05-03"}, format="json")
    assert no_amount.json()["error"]["fields"]["amount_paid"][0]["code"] == "required"

    paid = client.post(url, {"to": "paid", "on": "2025-05-20", "amount_paid": "Rp 7.500.000"}, format="json")

    assert paid.status_code == 200 and (paid.json()["status"], paid.json()["amount_paid"]) == (
        "paid",
        7_500_000,
    )
    assert (
        AuditEvent.objects.filter(
            object_type="claim", object_id=str(claim.pk), source="api", actor=dina
        ).count()
        == 2
    )
    # An operator does not decide; an officer of other regencies does not see it.
    assert (
        api_for(charlie)
        .post(url, {"to": "rejected", "on": "2025-05-21", "why": "x"}, format="json")
        .status_code
        == 403
    )
    other = api_for(make_user("oki", Role.BPJS_OFFICER, ("13.02",)))
    assert (
        other.post(url, {"to": "rejected", "on": "2025-05-21", "why": "x"}, format="json").status_code == 404
    )


def test_the_summary_is_the_cli_s_and_a_viewer_gets_aggregates_only(regions, claims, capsys):
    call_command("claims_summary", "73.16", "--year", "2025", "--json")
    printed = json.loads(capsys.readouterr().out)
    admin = api_for(make_user("erna", Role.REGENCY_ADMIN, ("73.16",)))

    body = admin.get("/api/v1/claims/summary/", {"region": "73.16", "year": 2025}).json()

    assert body == {**printed, "suppressed": False}
    assert (body["claims"], body["paid"]) == (1, 40_000_000)
    viewer = api_for(make_user("vina", Role.VIEWER, ("73.16",)))
    seen = viewer.get("/api/v1/claims/summary/", {"region": "73.16", "year": 2025}).json()
    assert seen["suppressed"] is True and (seen["claims"], seen["workers"], seen["paid"]) == (
        None,
        None,
        40_000_000,
    )
    assert seen["by_programme"]["JKK"] == {"claims": 0, "workers": 0, "paid": 0}
    refused = admin.get("/api/v1/claims/summary/", {"region": "73.16"})
    assert refused.status_code == 400 and "year" in refused.json()["error"]["fields"]
    assert admin.get("/api/v1/claims/summary/", {"region": "99.99", "year": 2025}).status_code == 404
