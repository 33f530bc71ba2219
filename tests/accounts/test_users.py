"""User management: a regency admin manages its own regency's users and can give nothing it does not hold.

Every escalation is tried: a role above its own, a region outside its own, the staff or superuser flag, a
user of another regency, itself.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from payung.accounts.models import Role, User
from payung.accounts.roles import ROLE_RANK, roles_assignable_by
from payung.accounts.scope import NotVisible
from payung.accounts.users import (
    UserInput,
    UserInvalid,
    get_user_for_manager,
    user_create,
    user_set_active,
    user_set_password,
    user_update,
    users_managed_by,
)
from payung.audit.models import AuditEvent
from tests.conftest import make_user

PASSWORD = "Payung-uji-2026!"


def operator_input(**changes) -> UserInput:
    values = {"username": "ani", "role": Role.OPERATOR, "region_codes": ("13.02.07",), "first_name": "Ani"}
    values.update(changes)
    return UserInput(**values)


def test_every_role_has_a_rank():
    assert set(ROLE_RANK) == {role.value for role in Role}


def test_a_regency_admin_creates_an_operator_in_its_regency_and_it_is_audited(alice):
    user = user_create(actor=alice, data=operator_input(), password=PASSWORD)
    assert user.check_password(PASSWORD)
    assert list(user.regions.values_list("code", flat=True)) == ["13.02.07"]
    event = AuditEvent.objects.get(object_type="user", object_id=str(user.pk))
    assert (event.action, event.actor, event.actor_name, event.regency_code) == (
        "create",
        alice,
        "alice",
        "13.02",
    )
    assert event.changes["role"] == [None, "operator"]
    assert event.changes["regions"] == [None, "13.02.07"]
    assert PASSWORD not in str(event.changes)


def test_a_regency_admin_adds_a_bpjs_officer_for_its_regency(alice):
    officer = user_create(
        actor=alice,
        data=operator_input(username="bpjs.solok", role=Role.BPJS_OFFICER, region_codes=("13.02",)),
        password=PASSWORD,
    )
    assert officer.role == Role.BPJS_OFFICER


def test_an_admin_may_give_roles_up_to_its_own_and_no_other_role_manages_users(alice, bob, dina, vera):
    assert set(roles_assignable_by(alice)) == {
        r.value for r in Role if ROLE_RANK[r] <= ROLE_RANK[Role.REGENCY_ADMIN]
    }
    for user in (bob, dina, vera):
        assert roles_assignable_by(user) == []
        with pytest.raises(PermissionDenied):
            user_create(actor=user, data=operator_input(), password=PASSWORD)
    assert not User.objects.filter(username="ani").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"region_codes": ("73.16",)}, "regions"),  # a region outside its own
        ({"region_codes": ("13.02", "73.16.01")}, "regions"),  # one of several outside
        ({"region_codes": ("13",)}, "regions"),  # the province above its regency
        ({"region_codes": ()}, "regions"),  # no region at all
        ({"region_codes": ("99.99",)}, "regions"),  # unknown
        ({"role": "superuser"}, "role"),  # a role that does not exist
    ],
)
def test_an_admin_cannot_create_beyond_what_it_holds(alice, changes, field):
    with pytest.raises(UserInvalid) as invalid:
        user_create(actor=alice, data=operator_input(**changes), password=PASSWORD)
    assert field in invalid.value.errors
    assert not User.objects.filter(username="ani").exists()
    assert not AuditEvent.objects.exists()


def test_an_operator_admin_of_a_district_cannot_give_the_regency_or_an_admin_role_above_it(regions):
    # A regency admin whose region is a district gives only that district.
    district_admin = make_user("dedi", Role.REGENCY_ADMIN, ("13.02.07",))
    with pytest.raises(UserInvalid):
        user_create(actor=district_admin, data=operator_input(region_codes=("13.02",)), password=PASSWORD)
    assert user_create(
        actor=district_admin, data=operator_input(region_codes=("13.02.07.2001",)), password=PASSWORD
    )


def test_the_staff_and_superuser_flags_cannot_be_given_on_the_screen(client, alice):
    client.force_login(alice)
    response = client.post(
        "/akun/pengguna/baru/",
        {
            "username": "ani",
            "role": Role.OPERATOR,
            "regions": ["13.02.07"],
            "password1": PASSWORD,
            "password2": PASSWORD,
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    ani = User.objects.get(username="ani")
    assert not ani.is_staff and not ani.is_superuser


def test_an_admin_cannot_touch_users_of_another_regency_staff_superusers_or_itself(alice, charlie, dina):
    root = User.objects.create_superuser("root", password=PASSWORD)
    staff = make_user("staf", Role.OPERATOR, ("13.02.07",), is_staff=True)
    # An operator straddling two regencies (a BPJS officer would be shared: test_shared_officers.py).
    straddling = make_user("lintas", Role.OPERATOR, ("13.02", "73.16"))
    managed = set(users_managed_by(alice))
    for other in (charlie, dina, root, staff, straddling, alice):
        assert other not in managed
        with pytest.raises(NotVisible):
            get_user_for_manager(alice, other.pk)
        with pytest.raises(PermissionDenied):
            user_update(actor=alice, user=other, data=operator_input(username=other.username))
        with pytest.raises(PermissionDenied):
            user_set_active(actor=alice, user=other, active=False)
        with pytest.raises(PermissionDenied):
            user_set_password(actor=alice, user=other, password=PASSWORD)
    for other in (charlie, dina, root, staff, straddling, alice):
        other.refresh_from_db()
        assert other.is_active


def test_an_admin_cannot_raise_itself_through_the_screen(client, alice):
    client.force_login(alice)
    assert client.get(f"/akun/pengguna/{alice.pk}/").status_code == 404
    response = client.post(
        f"/akun/pengguna/{alice.pk}/",
        {"username": "alice", "role": Role.REGENCY_ADMIN, "other_regions": "73.16"},
    )
    assert response.status_code == 404
    assert list(alice.regions.values_list("code", flat=True)) == ["13.02"]


def test_an_admin_cannot_give_or_manage_a_role_above_its_own(alice):
    # The national admin ranks above every regency; one placed in Solok is still out of Solok's reach.
    national = make_user("nasional", Role.NATIONAL_ADMIN, ("13.02",))
    assert national not in set(users_managed_by(alice))
    with pytest.raises(UserInvalid) as invalid:
        user_create(
            actor=alice, data=operator_input(username="baru", role=Role.NATIONAL_ADMIN), password=PASSWORD
        )
    assert "role" in invalid.value.errors
    with pytest.raises(PermissionDenied):
        user_update(actor=alice, user=national, data=operator_input(username="nasional"))


def test_changes_of_role_regions_and_status_write_old_and_new(alice, bob):
    user_update(
        actor=alice, user=bob, data=operator_input(username="bob", role=Role.VIEWER, region_codes=("13.02",))
    )
    event = AuditEvent.objects.get(object_type="user", object_id=str(bob.pk))
    assert event.changes["role"] == ["operator", "viewer"]
    assert event.changes["regions"] == ["13.02.07", "13.02"]
    user_set_active(actor=alice, user=bob, active=False)
    deactivated = AuditEvent.objects.filter(object_type="user", object_id=str(bob.pk)).first()
    assert deactivated.changes == {"is_active": ["ya", "tidak"]}
    user_set_password(actor=alice, user=bob, password=PASSWORD)
    bob.refresh_from_db()
    assert bob.check_password(PASSWORD)
    assert AuditEvent.objects.filter(object_type="user", object_id=str(bob.pk)).count() == 3


def test_a_weak_password_is_refused_with_the_reason(alice):
    with pytest.raises(UserInvalid) as invalid:
        user_create(actor=alice, data=operator_input(), password="ani")
    assert invalid.value.errors["password"]
    assert not User.objects.filter(username="ani").exists()


def test_a_duplicate_username_is_refused(alice, bob):
    with pytest.raises(UserInvalid) as invalid:
        user_create(actor=alice, data=operator_input(username="BOB"), password=PASSWORD)
    assert "username" in invalid.value.errors


def test_the_users_screen_lists_manages_and_deactivates(client, alice, bob, charlie):
    client.force_login(alice)
    page = client.get("/akun/pengguna/").content.decode()
    assert "bob" in page and "charlie" not in page and "Terakhir masuk" in page
    assert client.get(f"/akun/pengguna/{charlie.pk}/").status_code == 404
    response = client.post(f"/akun/pengguna/{bob.pk}/status/", {"active": "0"})
    assert response.status_code == 302
    bob.refresh_from_db()
    assert not bob.is_active
    response = client.post(
        f"/akun/pengguna/{bob.pk}/kata-sandi/", {"password1": "pendek", "password2": "pendek"}
    )
    assert response.status_code == 400
    response = client.post(
        f"/akun/pengguna/{bob.pk}/kata-sandi/", {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302


def test_the_edit_form_refuses_a_region_outside_with_the_field_named(client, alice, bob):
    client.force_login(alice)
    response = client.post(
        f"/akun/pengguna/{bob.pk}/", {"username": "bob", "role": Role.OPERATOR, "other_regions": "73.16.01"}
    )
    assert response.status_code == 200
    assert "Wilayah 73.16.01 tidak ditemukan di wilayah kerja Anda." in response.content.decode()
    assert list(bob.regions.values_list("code", flat=True)) == ["13.02.07"]


def test_other_roles_get_no_users_screen(client, bob, vera):
    for user in (bob, vera):
        client.force_login(user)
        assert client.get("/akun/pengguna/").status_code == 403
        assert client.get("/akun/pengguna/baru/").status_code == 403


def test_the_django_admin_is_for_superusers_only(client, alice, regions):
    staff_admin = make_user("staf", Role.REGENCY_ADMIN, ("13.02",), is_staff=True)
    client.force_login(staff_admin)
    assert client.get("/admin/").status_code == 302  # to the admin's login
    assert client.get("/admin/accounts/user/").status_code == 302


def test_a_superuser_changing_a_user_in_the_admin_is_audited_and_cannot_delete(client, bob):
    root = User.objects.create_superuser("root", password=PASSWORD)
    client.force_login(root)
    page = client.get(f"/admin/accounts/user/{bob.pk}/change/")
    assert page.status_code == 200
    form = {
        "username": "bob",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "role": Role.REGENCY_ADMIN,
        "regions": ["13.02"],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "00:00:00",
    }
    response = client.post(f"/admin/accounts/user/{bob.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(object_type="user", object_id=str(bob.pk))
    assert event.changes["role"] == ["operator", "regency_admin"]
    assert event.changes["regions"] == ["13.02.07", "13.02"]
    assert event.changes["is_staff"] == ["tidak", "ya"]
    assert event.actor_name == "root"
    assert client.get(f"/admin/accounts/user/{bob.pk}/delete/").status_code == 403
