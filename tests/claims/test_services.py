"""Claims by hand and the branch's decisions through the services: checked, audited, dated rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from payung.audit.models import AuditEvent
from payung.claims.services import ClaimInvalid, claim_report, claim_transition
from tests.conftest import make_user

from .builders import ENREKANG_VILLAGE, enrekang_admin, funded_scheme

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 30)


def test_an_operator_reports_a_death_of_a_funded_worker_and_the_officer_rejects_it_with_a_reason(
    regions, charlie, dina, bob, worker_factory
):
    worker = worker_factory(ENREKANG_VILLAGE, name="Sitti Aminah")
    scheme = funded_scheme(enrekang_admin(), workers=[worker])

    claim = claim_report(
        actor=charlie,
        worker=worker,
        kind="jkm_death",
        programme="JKM",
        event_date=dt.date(2025, 6, 1),
        today=TODAY,
        why="kabar dari kepala desa",
    )

    assert (claim.status, claim.scheme, claim.funder_type, claim.rule_amount) == (
        "reported",
        scheme,
        "APBD",
        42_000_000,
    )
    assert AuditEvent.objects.filter(
        object_type="claim", object_id=str(claim.pk), action="create", actor=charlie
    ).exists()
    with pytest.raises(PermissionDenied):  # the operator does not decide
        claim_transition(actor=charlie, claim=claim, to="rejected", on=TODAY, today=TODAY, why="x")
    with pytest.raises(ClaimInvalid) as refused:  # a rejection needs its reason
        claim_transition(actor=dina, claim=claim, to="rejected", on=TODAY, today=TODAY, why=" ")
    assert [p.field for p in refused.value.problems] == ["why"]
    with pytest.raises(ClaimInvalid):  # not before the event
        claim_transition(actor=dina, claim=claim, to="submitted", on=dt.date(2025, 5, 1), today=TODAY)

    claim_transition(
        actor=dina,
        claim=claim,
        to="rejected",
        on=TODAY,
        today=TODAY,
        why="Bukan peserta aktif pada tanggal kejadian",
    )

    claim.refresh_from_db()
    assert (claim.status, claim.rejection_reason) == ("rejected", "Bukan peserta aktif pada tanggal kejadian")
    assert [(e.from_status, e.to_status, e.by) for e in claim.events.all()] == [
        ("", "reported", charlie),
        ("reported", "rejected", dina),
    ]
    change = AuditEvent.objects.get(object_type="claim", object_id=str(claim.pk), actor=dina)
    assert change.changes["status"] == ["reported", "rejected"]
    # An officer of other regencies does not decide it; a Solok operator cannot report for this worker.
    other = make_user("oki", "bpjs_officer", ("13.02",))
    with pytest.raises(PermissionDenied):
        claim_transition(actor=other, claim=claim, to="paid", on=TODAY, today=TODAY, amount_paid=1)
    with pytest.raises(PermissionDenied):
        claim_report(
            actor=bob,
            worker=worker,
            kind="jkm_death",
            programme="JKM",
            event_date=dt.date(2025, 6, 1),
            today=TODAY,
        )


def test_a_death_reported_for_tomorrow_is_refused(regions, charlie, worker_factory):
    worker = worker_factory(ENREKANG_VILLAGE)
    with pytest.raises(ClaimInvalid) as refused:
        claim_report(
            actor=charlie,
            worker=worker,
            kind="jkk_death",
            programme="JKK",
            event_date=TODAY + dt.timedelta(days=1),
            today=TODAY,
        )
    assert [p.code for p in refused.value.problems] == ["event_in_future"]
