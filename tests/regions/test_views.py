import re

import pytest


def test_region_page_shows_children_and_counts_only_inside_the_scope(client, bob, charlie, worker_factory):
    worker_factory("13.02.07.2001")
    worker_factory("13.02.07.2002")
    client.force_login(bob)
    page = client.get("/wilayah/13.02.07/").content.decode()
    assert "Koto Gaek Guguak" in page and "Cupak" in page
    assert "2 pekerja terdaftar" in page

    client.force_login(charlie)
    page = client.get("/wilayah/13.02.07/").content.decode()
    assert "Cupak" in page  # the tree is public
    assert "pekerja terdaftar" not in page  # the counts are not


def test_unknown_region_is_404(client, bob):
    client.force_login(bob)
    assert client.get("/wilayah/99.99/").status_code == 404


def test_the_picker_answers_as_you_type(client, bob):
    client.force_login(bob)
    page = client.get("/wilayah/cari/", {"q": "cup", "level": 4, "target": "village_code"}).content.decode()
    assert "13.02.07.2002" in page and "Gunung Talang" in page
    scoped = client.get("/wilayah/cari/", {"q": "bangkala", "scoped": "1", "target": "x"}).content.decode()
    assert "73.16.01.2001" not in scoped


@pytest.mark.parametrize(
    "target",
    [
        "x')%3Balert(1)%3B//",
        "x');alert(1);//",
        "village code",
        "<b>",
        "1abc",
        "a" * 65,
        'x"onmouseover=alert(1)',
    ],
)
def test_the_picker_refuses_a_target_that_is_not_a_plain_field_name(client, bob, target):
    client.force_login(bob)
    response = client.get("/wilayah/cari/", {"q": "Gunung Talang", "target": target})
    assert response.status_code == 400
    assert "alert" not in response.content.decode()


def test_the_picker_results_carry_no_inline_code(client, bob):
    client.force_login(bob)
    page = client.get("/wilayah/cari/", {"q": "Gunung Talang", "target": "village_code"}).content.decode()
    assert "data-pick-code=" in page
    assert not re.search(r"\son[a-z]+=", page)
