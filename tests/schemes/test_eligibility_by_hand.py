"""A worker added by hand who misses the scheme's eligibility is refused unless a reason is stated; the
reason and the criteria missed go into the trail. The criteria are the selection's own filters."""

from __future__ import annotations

import datetime as dt

import pytest

from payung.audit.models import AuditEvent
from payung.lib import dates
from payung.registry.models import Occupation
from payung.schemes.models import Membership
from payung.schemes.selection import eligible_workers, plan_for_scheme
from payung.schemes.services.memberships import MembershipIneligible, membership_propose
from tests.conftest import make_worker

from .builders import TODAY, make_scheme

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("terms", "worker", "missed", "says"),
    [
        ({"deciles": (1, 2)}, {"dtsen_decile": 5}, ["decile"], "desil"),
        ({"occupations": ("nelayan",)}, {}, ["occupation"], "pekerjaan"),
        ({"areas": ("13.02.10",)}, {}, ["area"], "wilayah sasaran"),
        ({}, {"birth_date": dt.date(1940, 1, 1)}, ["age"], "usia"),
        ({"deciles": (1,), "min_age": 50}, {"dtsen_decile": 3}, ["decile", "age"], "desil"),
    ],
)
def test_outside_the_criteria_is_refused_without_a_reason_and_recorded_with_one(
    bob, alice, terms, worker, missed, says
):
    scheme = make_scheme(alice, **terms)
    person = make_worker(**worker)
    assert not eligible_workers(plan_for_scheme(scheme, today=TODAY)).filter(pk=person.pk).exists()
    with pytest.raises(MembershipIneligible, match=says) as refused:
        membership_propose(actor=bob, scheme=scheme, worker=person, today=TODAY)
    assert refused.value.missed == missed and not Membership.objects.exists()
    with pytest.raises(MembershipIneligible):
        membership_propose(actor=bob, scheme=scheme, worker=person, today=TODAY, reason="   ")
    membership = membership_propose(
        actor=bob, scheme=scheme, worker=person, today=TODAY, reason="Korban banjir, verifikasi wali nagari"
    )
    event = AuditEvent.objects.get(object_type="membership", object_id=str(membership.pk))
    assert event.note == "Korban banjir, verifikasi wali nagari"
    assert event.changes["outside_criteria"] == [None, ", ".join(missed)]
    assert membership.events.get().why == "Korban banjir, verifikasi wali nagari"


def test_an_eligible_worker_needs_no_reason_and_records_none(alice):
    scheme = make_scheme(alice, deciles=(1, 2), occupations=("petani",))
    membership = membership_propose(
        actor=alice, scheme=scheme, worker=make_worker(dtsen_decile=1), today=TODAY
    )
    event = AuditEvent.objects.get(object_type="membership", object_id=str(membership.pk))
    assert "outside_criteria" not in event.changes and event.note == ""


def test_the_add_screen_asks_for_the_reason_and_takes_it(client, alice, bob):
    scheme = make_scheme(alice, deciles=(1, 2), year=dates.today().year)  # the screen prices from today
    person = make_worker(dtsen_decile=7, occupation=Occupation.objects.get(code="petani"))
    client.force_login(bob)
    page = client.post(
        f"/kepesertaan/skema/{scheme.pk}/tambah/", {"nik": person.nik}, follow=True
    ).content.decode()
    assert "di luar kriteria skema" in page and "Tulis alasan" in page
    assert not Membership.objects.exists()
    client.post(
        f"/kepesertaan/skema/{scheme.pk}/tambah/", {"nik": person.nik, "reason": "Usulan wali nagari"}
    )
    assert Membership.objects.get().worker == person
