"""Every role sees only workers inside its regions, by every path; a viewer never gets a full NIK."""

import re

import fastexcel
import pytest

from payung.accounts.models import Role
from tests.conftest import make_user

PERSONAS = ["alice", "bob", "charlie", "dina", "vera"]
# Which of the three workers each persona may see.
VISIBLE = {
    "alice": {"solok_gt", "solok_kubung"},
    "bob": {"solok_gt"},
    "charlie": {"enrekang"},
    "dina": {"enrekang"},
    "vera": {"solok_gt", "solok_kubung"},
}


@pytest.fixture
def three_workers(worker_factory):
    return {
        "solok_gt": worker_factory("13.02.07.2001", name="Rosmiati Koto", phone="081234567890"),
        "solok_kubung": worker_factory("13.02.10.2001", name="Yusuf Tanjung", sex="L"),
        "enrekang": worker_factory("73.16.01.2001", name="Baharuddin Tahir", sex="L"),
    }


def xlsx_cells(response) -> str:
    sheet = fastexcel.read_excel(b"".join(response.streaming_content)).load_sheet(0, header_row=None)
    return " ".join(str(value) for column in sheet.to_polars().iter_columns() for value in column if value is not None)


@pytest.mark.parametrize("persona", PERSONAS)
def test_workers_outside_the_scope_are_invisible_everywhere(persona, request, client, three_workers):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    listing = client.get("/pekerja/").content.decode()
    export = xlsx_cells(client.get("/pekerja/unduh.xlsx"))
    for key, worker in three_workers.items():
        visible = key in VISIBLE[persona]
        assert (worker.nik[-4:] in listing) == visible, (persona, key)
        assert (worker.nik[-4:] in export) == visible, (persona, key)
        detail = client.get(f"/pekerja/{worker.pk}/")
        assert detail.status_code == (200 if visible else 404)
        edit = client.get(f"/pekerja/{worker.pk}/ubah/")
        assert edit.status_code in ((200, 403) if visible else (404,))
        if user.sees_personal_data:
            search = client.get("/pekerja/", {"q": worker.nik}, headers={"HX-Request": "true"}).content.decode()
            assert (worker.nik[-4:] in search) == visible
            by_name = client.get("/pekerja/", {"q": worker.name.split()[0]}).content.decode()
            assert ("Tidak ada pekerja" in by_name) != visible


def test_a_404_outside_the_scope_looks_like_a_missing_record(client, bob, three_workers):
    client.force_login(bob)
    outside = client.get(f"/pekerja/{three_workers['enrekang'].pk}/")
    missing = client.get("/pekerja/999999/")
    assert outside.status_code == missing.status_code == 404

    def without_request_details(response) -> str:
        # The styled 404 page carries a fresh CSRF token and its own address (the language switch).
        page = re.sub(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return re.sub(r'name="next" type="hidden" value="[^"]+"', "", page)

    assert without_request_details(outside) == without_request_details(missing)


def test_a_viewer_never_receives_an_unmasked_nik_name_or_phone(client, vera, three_workers):
    client.force_login(vera)
    worker = three_workers["solok_gt"]
    pages = [
        client.get("/pekerja/").content.decode(),
        client.get(f"/pekerja/{worker.pk}/").content.decode(),
        client.get("/pekerja/", {"q": worker.nik}, headers={"HX-Request": "true"}).content.decode(),
        client.get("/").content.decode(),
        client.get("/wilayah/13.02.07/").content.decode(),
        xlsx_cells(client.get("/pekerja/unduh.xlsx")),
    ]
    for page in pages:
        assert worker.nik not in page
        assert worker.name not in page
        assert "081234567890" not in page
    assert worker.nik[:4] + "********" + worker.nik[-4:] in pages[1]
    assert "0812****7890" in pages[1]


def test_a_viewer_cannot_find_a_person_by_nik_or_name(client, vera, three_workers):
    client.force_login(vera)
    worker = three_workers["solok_gt"]
    for query in (worker.nik, worker.name):
        rows = client.get("/pekerja/", {"q": query}, headers={"HX-Request": "true"}).content.decode()
        assert "Pencarian nama dan NIK tidak tersedia" in rows


def test_a_user_without_regions_sees_nothing(client, three_workers):
    nobody = make_user("nobody", Role.OPERATOR, ())
    client.force_login(nobody)
    assert "Tidak ada pekerja" in client.get("/pekerja/").content.decode()
    assert client.get(f"/pekerja/{three_workers['solok_gt'].pk}/").status_code == 404


def test_anonymous_users_are_sent_to_the_login_page(client, three_workers):
    for url in ("/", "/pekerja/", f"/pekerja/{three_workers['solok_gt'].pk}/", "/pekerja/unduh.xlsx", "/wilayah/13.02/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/akun/masuk/")


def test_the_list_page_runs_a_fixed_number_of_queries(client, alice, worker_factory, django_assert_max_num_queries):
    for i in range(30):
        worker_factory("13.02.07.2001" if i % 2 else "13.02.10.2001", name=f"Pekerja {i:02d}")
    client.force_login(alice)
    with django_assert_max_num_queries(8):
        response = client.get("/pekerja/")
    assert response.content.decode().count("/pekerja/") >= 30
