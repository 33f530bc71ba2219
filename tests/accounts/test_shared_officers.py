"""A BPJS branch officer serves several regencies: each regency's admin adds and changes only its own
regions of the officer; the role, the status and the other regions stay out of its reach."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from payung.accounts.models import Role
from payung.accounts.users import (
    UserInput,
    UserInvalid,
    officer_share,
    user_set_active,
    user_update,
    users_managed_by,
    users_wholly_managed_by,
)
from payung.audit.models import AuditEvent
from tests.conftest import make_user


@pytest.fixture
def enrekang_admin(regions):
    return make_user("eka", Role.REGENCY_ADMIN, ("73.16",))


def codes(user) -> list[str]:
    return sorted(user.regions.values_list("code", flat=True))


def test_an_admin_adds_its_regency_to_an_officer_of_another_regency_and_it_is_audited(alice, dina):
    officer_share(actor=alice, username="DINA", region_codes=("13.02",))
    assert codes(dina) == ["13.02", "73.07", "73.16"]
    event = AuditEvent.objects.filter(object_type="user", object_id=str(dina.pk)).latest("pk")
    assert (event.actor_name, event.changes["regions"]) == ("alice", ["73.07,73.16", "13.02,73.07,73.16"])
    assert users_managed_by(alice).filter(pk=dina.pk).exists()
    assert not users_wholly_managed_by(alice).filter(pk=dina.pk).exists()


def test_only_an_active_bpjs_officer_can_be_shared_and_only_with_the_admins_own_regions(
    alice, bob, charlie, dina
):
    for username in ("bob", "charlie", "nobody"):
        with pytest.raises(UserInvalid) as refused:
            officer_share(actor=alice, username=username, region_codes=("13.02",))
        assert "username" in refused.value.errors
    with pytest.raises(UserInvalid) as refused:
        officer_share(actor=alice, username="dina", region_codes=("73.16.01",))
    assert "regions" in refused.value.errors
    with pytest.raises(PermissionDenied):
        officer_share(actor=bob, username="dina", region_codes=("13.02.07",))
    assert codes(dina) == ["73.07", "73.16"]


def test_an_admin_changes_only_its_own_regions_of_a_shared_officer(enrekang_admin, dina):
    # Enrekang's admin drops Enrekang; Sinjai, outside its reach, stays.
    user_update(
        actor=enrekang_admin,
        user=dina,
        data=UserInput(username="dina", role=Role.BPJS_OFFICER, region_codes=("73.16.01",)),
    )
    assert codes(dina) == ["73.07", "73.16.01"]


def test_an_admin_can_neither_change_the_role_nor_deactivate_a_shared_officer(enrekang_admin, dina):
    with pytest.raises(UserInvalid) as refused:
        user_update(
            actor=enrekang_admin,
            user=dina,
            data=UserInput(username="dina", role=Role.OPERATOR, region_codes=("73.16",)),
        )
    assert "role" in refused.value.errors
    with pytest.raises(PermissionDenied):
        user_set_active(actor=enrekang_admin, user=dina, active=False)
    dina.refresh_from_db()
    assert (dina.role, dina.is_active, codes(dina)) == (Role.BPJS_OFFICER, True, ["73.07", "73.16"])


def test_the_screen_shares_an_officer_and_offers_no_deactivation_for_it(client, enrekang_admin, dina):
    client.force_login(enrekang_admin)
    page = client.get("/akun/pengguna/").content.decode()
    assert "dina" in page and "juga melayani wilayah lain" in page
    assert f"/akun/pengguna/{dina.pk}/status/" not in page
    edit = client.get(f"/akun/pengguna/{dina.pk}/").content.decode()
    assert "73.07" in edit and 'value="73.07"' not in edit  # told, not offered for change
    answer = client.post("/akun/pengguna/petugas-bpjs/", {"username": "tidak.ada", "regions": ["73.16"]})
    assert answer.status_code == 400
    assert "Tidak ada petugas BPJS aktif" in answer.content.decode()


def test_changing_ones_own_password_is_audited_without_the_password(client, bob):
    client.force_login(bob)
    answer = client.post(
        "/akun/kata-sandi/",
        {
            "old_password": "rahasia-uji-123",
            "new_password1": "Payung-baru-2026!",
            "new_password2": "Payung-baru-2026!",
        },
    )
    assert answer.status_code == 302
    event = AuditEvent.objects.filter(object_type="user", object_id=str(bob.pk)).latest("pk")
    assert event.actor_name == "bob" and "Payung-baru-2026!" not in str(event.changes)
