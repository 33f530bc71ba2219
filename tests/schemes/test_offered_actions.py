"""Screens offer only what can be done now: an action not possible yet is shown disabled with the
reason (the service refuses the same), and removing a proposal asks first."""

from __future__ import annotations

import pytest

from payung.lib import dates
from payung.schemes.models import SchemeStatus
from payung.schemes.services.memberships import MembershipInvalid, membership_propose, memberships_submit
from payung.schemes.services.schemes import scheme_transition
from tests.conftest import make_worker

from .builders import approve, make_scheme

pytestmark = pytest.mark.django_db


def page(client, scheme) -> str:
    return client.get(f"/kepesertaan/skema/{scheme.pk}/").content.decode()


def this_year(alice):
    return make_scheme(alice, year=dates.today().year)


def test_submitting_a_draft_is_shown_disabled_with_the_reason_the_service_gives(client, alice):
    scheme = this_year(alice)
    membership_propose(actor=alice, scheme=scheme, worker=make_worker(), today=dates.today())
    client.force_login(alice)
    html = page(client, scheme)
    assert 'data-testid="submit-button" disabled' in html
    reason = "Skema harus disetujui dulu sebelum daftar diajukan ke BPJS."
    assert f'data-testid="submit-blocked">{reason}<' in html
    with pytest.raises(MembershipInvalid, match=reason):
        memberships_submit(actor=alice, scheme=scheme)


def test_submitting_without_proposals_is_disabled_and_with_them_offered(client, alice):
    scheme = approve(alice, this_year(alice))
    client.force_login(alice)
    assert "Belum ada usulan untuk diajukan." in page(client, scheme)
    membership_propose(actor=alice, scheme=scheme, worker=make_worker(), today=dates.today())
    html = page(client, scheme)
    assert 'data-testid="submit-button">' in html and "submit-blocked" not in html


def test_a_closed_scheme_offers_no_proposal_form(client, alice, bob):
    scheme = approve(alice, this_year(alice))
    scheme_transition(actor=alice, scheme=scheme, to=SchemeStatus.CLOSED, why="selesai")
    client.force_login(bob)
    html = page(client, scheme)
    assert "NIK pekerja yang ditambahkan" not in html
    assert "sudah ditutup" in html


def test_removing_a_proposal_asks_for_confirmation(client, alice):
    scheme = this_year(alice)
    membership_propose(
        actor=alice, scheme=scheme, worker=make_worker(name="Zainal Piliang"), today=dates.today()
    )
    client.force_login(alice)
    assert 'hx-confirm="Hapus Zainal Piliang dari usulan skema ini?"' in page(client, scheme)
