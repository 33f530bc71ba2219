"""Every role sees only workers inside its regions, by every path; a viewer never gets a full NIK."""

import re

import fastexcel
import pytest

from payung.accounts.models import Role
from tests.conftest import make_user

PERSONAS = ["alice", "bob", "charlie", "dina"]
PURPOSE = {"purpose": "verifikasi data desa"}
# Which of the three workers each persona may see.
VISIBLE = {
    "alice": {"solok_gt", "solok_kubung"},
    "bob": {"solok_gt"},
    "charlie": {"enrekang"},
    "dina": {"enrekang"},
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
    return " ".join(
        str(value) for column in sheet.to_polars().iter_columns() for value in column if value is not None
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_workers_outside_the_scope_are_invisible_everywhere(persona, request, client, three_workers):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    listing = client.get("/pekerja/").content.decode()
    export = xlsx_cells(client.get("/pekerja/unduh.xlsx", PURPOSE))
    for key, worker in three_workers.items():
        visible = key in VISIBLE[persona]
        assert (worker.nik[-4:] in listing) == visible, (persona, key)
        assert (worker.nik[-4:] in export) == visible, (persona, key)
        detail = client.get(f"/pekerja/{worker.pk}/")
        assert detail.status_code == (200 if visible else 404)
        edit = client.get(f"/pekerja/{worker.pk}/ubah/")
        assert edit.status_code in ((200, 403) if visible else (404,))
        if user.sees_personal_data:
            search = client.get(
                "/pekerja/", {"q": worker.nik}, headers={"HX-Request": "true"}
            ).content.decode()
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
        page = re.sub(
            r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode()
        )
        return re.sub(r'name="next" type="hidden" value="[^"]+"', "", page)

    assert without_request_details(outside) == without_request_details(missing)


def test_lists_and_the_list_export_mask_the_nik_and_phone_for_every_role(client, alice, three_workers):
    worker = three_workers["solok_gt"]
    client.force_login(alice)
    listing = client.get("/pekerja/").content.decode()
    export = xlsx_cells(client.get("/pekerja/unduh.xlsx", PURPOSE))
    api = api_list(alice)
    for text in (listing, export, api):
        assert worker.nik not in text
        assert "081234567890" not in text
        assert worker.nik[:4] + "********" + worker.nik[-4:] in text
    assert worker.name in listing and worker.name in export


def test_a_persons_page_shows_the_full_nik_phone_and_kk(client, bob, worker_factory):
    worker = worker_factory(
        "13.02.07.2001", name="Rosmiati Koto", phone="081234567890", kk_number="1302071203090002"
    )
    client.force_login(bob)
    page = client.get(f"/pekerja/{worker.pk}/").content.decode()
    assert worker.nik in page and "081234567890" in page and "1302071203090002" in page


def test_a_viewer_gets_counts_and_no_person_by_any_path(client, vera, three_workers):
    client.force_login(vera)
    worker = three_workers["solok_gt"]
    summary = client.get("/pekerja/")
    assert summary.status_code == 200
    text = summary.content.decode()
    assert "Ringkasan pekerja" in text
    assert f"/pekerja/{worker.pk}/" not in text
    for body in (text, client.get("/").content.decode(), client.get("/wilayah/13.02.07/").content.decode()):
        assert worker.nik[-4:] not in body
        assert worker.name not in body and "R*****" not in body
        assert "081234567890" not in body
    assert client.get(f"/pekerja/{worker.pk}/").status_code == 403
    assert client.get("/pekerja/unduh.xlsx", PURPOSE).status_code == 403

    # A name or NIK search answers the same counts, registered or not: nothing to confirm who is there.
    def main(response) -> str:
        body = response.content.decode()
        return body[body.index("<main") : body.index("</main>")]

    registered = main(client.get("/pekerja/", {"q": worker.nik}))
    assert (
        registered
        == main(client.get("/pekerja/", {"q": "1302070101010009"}))
        == main(client.get("/pekerja/"))
    )


def test_a_viewers_breakdowns_suppress_counts_under_five(client, vera, worker_factory):
    for i in range(6):
        worker_factory("13.02.07.2001", name=f"Pekerja {i}")
    worker_factory("13.02.10.2001", name="Yusuf Tanjung", sex="L")
    client.force_login(vera)
    text = client.get("/pekerja/").content.decode()
    assert 'Gunung Talang</td><td class="text-end">6<' in text
    assert 'Kubung</td><td class="text-end">&lt; 5<' in text


def api_list(user) -> str:
    from tests.api.helpers import api_for

    return api_for(user).get("/api/v1/workers/").content.decode()


def test_a_user_without_regions_sees_nothing(client, three_workers):
    nobody = make_user("nobody", Role.OPERATOR, ())
    client.force_login(nobody)
    assert "Tidak ada pekerja" in client.get("/pekerja/").content.decode()
    assert client.get(f"/pekerja/{three_workers['solok_gt'].pk}/").status_code == 404


def test_anonymous_users_are_sent_to_the_login_page(client, three_workers):
    for url in (
        "/",
        "/pekerja/",
        f"/pekerja/{three_workers['solok_gt'].pk}/",
        "/pekerja/unduh.xlsx",
        "/wilayah/13.02/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/akun/masuk/")


def test_the_list_page_runs_a_fixed_number_of_queries(
    client, alice, worker_factory, django_assert_max_num_queries
):
    for i in range(30):
        worker_factory("13.02.07.2001" if i % 2 else "13.02.10.2001", name=f"Pekerja {i:02d}")
    client.force_login(alice)
    with django_assert_max_num_queries(9):  # one of them: the session's second-factor device
        response = client.get("/pekerja/")
    assert response.content.decode().count("/pekerja/") >= 30
