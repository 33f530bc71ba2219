from payung.accounts.models import Role
from payung.accounts.scope import RegionScope, scope_for
from payung.registry.models import Worker
from tests.conftest import make_user


def test_a_scope_contains_its_regions_and_everything_below():
    scope = RegionScope(codes=("13.02", "73.16.01"))
    assert scope.contains("13.02")
    assert scope.contains("13.02.07.2001")
    assert scope.contains("73.16.01.2001")
    assert not scope.contains("13.021")
    assert not scope.contains("73.16")
    assert not scope.contains("13")


def test_nested_regions_collapse_to_the_outermost(regions):
    user = make_user("eka", Role.REGENCY_ADMIN, ("13.02", "13.02.07", "73.16.01"))
    assert scope_for(user).codes == ("13.02", "73.16.01")


def test_a_bpjs_officer_serves_several_regencies(dina, worker_factory):
    worker_factory("73.16.01.2001")
    worker_factory("73.07.01.2001")
    worker_factory("13.02.07.2001")
    visible = scope_for(dina).filter(Worker.objects.all())
    assert sorted(visible.values_list("regency_code", flat=True)) == ["73.07", "73.16"]


def test_inactive_and_anonymous_users_see_nothing(bob, worker_factory):
    worker_factory("13.02.07.2001")
    bob.is_active = False
    assert scope_for(bob).filter(Worker.objects.all()).count() == 0
    assert scope_for(None).filter(Worker.objects.all()).count() == 0


def test_the_admin_site_manages_users_and_shows_regions_read_only(client, regions):
    from payung.accounts.models import User

    root = User.objects.create_superuser("root", password="rahasia-uji-123")
    client.force_login(root)
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/regions/region/13.02/change/").status_code == 200
    assert client.get("/admin/regions/region/add/").status_code == 403
