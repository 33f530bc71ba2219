"""The one access helper: each persona gets the scheme with what it may do, or NotVisible."""

from __future__ import annotations

import pytest
from django.utils import timezone

from payung.accounts.models import Role
from payung.accounts.scope import NotVisible
from payung.lib.masking import mask_nik
from payung.schemes.access import bill_for_user, may_create_scheme, membership_for_user, scheme_for_user
from payung.schemes.selectors import bill_lines_for_user
from payung.schemes.services.bills import bill_issue
from tests.conftest import make_user, make_worker

from .builders import TODAY, active_member, make_scheme

pytestmark = pytest.mark.django_db


def test_each_persona_gets_what_it_may_do_with_a_solok_scheme(alice, bob, vera, dina):
    scheme = make_scheme(alice)
    admin, operator, viewer = (scheme_for_user(user, scheme.pk) for user in (alice, bob, vera))
    assert (admin.can_manage, admin.can_propose, admin.can_serve) == (True, True, False)
    assert (operator.can_manage, operator.can_propose, operator.can_exchange_with_bpjs) == (
        False,
        True,
        False,
    )
    assert (viewer.can_manage, viewer.can_propose, viewer.can_exchange_with_bpjs) == (False, False, False)
    with pytest.raises(NotVisible):
        scheme_for_user(dina, scheme.pk)  # serves Enrekang and Sinjai, not Solok


def test_the_bpjs_officer_of_the_funder_region_exchanges_the_files_but_manages_nothing(regions, dina):
    enrekang_admin = make_user("erna", Role.REGENCY_ADMIN, ("73.16",))
    access = scheme_for_user(dina, make_scheme(enrekang_admin, funder_region="73.16").pk)
    assert (access.can_serve, access.can_exchange_with_bpjs, access.can_manage) == (True, True, False)


def test_a_scheme_outside_the_regions_a_missing_one_and_a_bad_id_are_all_not_visible(alice, charlie):
    scheme = make_scheme(alice)
    for user, scheme_id in ((charlie, scheme.pk), (alice, scheme.pk + 1000), (alice, "1; DROP")):
        with pytest.raises(NotVisible):
            scheme_for_user(user, scheme_id)


def test_only_regency_admins_create_schemes_and_only_inside_their_regions(alice, bob):
    assert may_create_scheme(alice) and may_create_scheme(alice, "13.02.07")
    assert not may_create_scheme(alice, "73.16")
    assert not may_create_scheme(bob) and not may_create_scheme(bob, "13.02.07")


def test_a_membership_is_found_only_through_its_own_scheme_and_inside_the_users_regions(alice, bob):
    scheme, other = make_scheme(alice), make_scheme(alice, name="UCJ Solok kedua")
    kubung = active_member(alice, scheme, make_worker("13.02.10.2001"))
    access = scheme_for_user(alice, scheme.pk)
    assert membership_for_user(alice, access, kubung.pk).membership == kubung
    assert not membership_for_user(alice, access, kubung.pk).can_remove  # active, not a proposal
    with pytest.raises(NotVisible):
        membership_for_user(alice, scheme_for_user(alice, other.pk), kubung.pk)
    with pytest.raises(NotVisible):  # bob works in Gunung Talang, the member lives in Kubung
        membership_for_user(bob, scheme_for_user(bob, scheme.pk), kubung.pk)


def test_a_bill_is_paid_by_the_admin_and_its_lines_are_cut_to_the_users_area(alice, bob):
    scheme = make_scheme(alice)
    active_member(alice, scheme, make_worker("13.02.07.2001", name="Gunung Talang"))
    active_member(alice, scheme, make_worker("13.02.10.2001", name="Kubung"), kpj="KPJ0000002")
    bill = bill_issue(actor=alice, scheme=scheme, month=TODAY.replace(day=1), today=TODAY)
    assert bill_for_user(alice, scheme_for_user(alice, scheme.pk), bill.pk).can_pay
    assert not bill_for_user(bob, scheme_for_user(bob, scheme.pk), bill.pk).can_pay
    names = {line.membership.worker.name for line in bill_lines_for_user(bob, bill)}
    assert names == {"Gunung Talang"}
    assert {line.membership.worker.name for line in bill_lines_for_user(alice, bill)} == {
        "Gunung Talang",
        "Kubung",
    }


def test_the_selection_screen_shows_viewers_no_person_and_admins_masked_niks(client, alice, vera):
    worker = make_worker(dtsen_decile=1)
    scheme = make_scheme(alice, year=timezone.localdate().year)
    client.force_login(vera)
    page = client.get(f"/skema/{scheme.pk}/seleksi/").content.decode()
    assert worker.nik not in page and mask_nik(worker.nik) not in page and worker.name not in page
    client.force_login(alice)
    page = client.get(f"/skema/{scheme.pk}/seleksi/").content.decode()
    assert worker.nik not in page and mask_nik(worker.nik) in page
