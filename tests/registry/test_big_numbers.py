"""Integers of 2^63 and above in the registry's non-money fields and filters are answers, never 500s.

(The money field, monthly_income, is read by the one money parser of lib/money.py.)
"""

import pytest
from rest_framework.test import APIClient

HUGE = ["9223372036854775808", "9" * 30, "-" + "9" * 30]
WORKER = {
    "nik": "1302075203850001",
    "name": "Siti Rahma",
    "sex": "P",
    "birth_date": "1985-03-12",
    "village_code": "13.02.07.2001",
    "occupation_code": "petani",
}


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.parametrize("value", HUGE)
def test_a_huge_decile_in_the_form_is_a_field_error(client, bob, value):
    client.force_login(bob)
    response = client.post("/pekerja/baru/", {**WORKER, "dtsen_decile": value})
    assert response.status_code == 200
    assert 'data-field="dtsen_decile"' in response.content.decode()


@pytest.mark.parametrize("value", HUGE)
def test_a_huge_decile_in_the_api_is_a_400_naming_the_field(bob, value):
    response = api_for(bob).post("/api/v1/workers/", {**WORKER, "dtsen_decile": int(value)}, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["dtsen_decile"]


@pytest.mark.parametrize("value", HUGE[:2])
def test_a_huge_decile_filter_lists_without_it(client, bob, worker_factory, value):
    worker_factory(name="Siti Rahma")
    client.force_login(bob)
    assert "Siti Rahma" in client.get("/pekerja/", {"decile": value}).content.decode()
    assert api_for(bob).get("/api/v1/workers/", {"decile": value}).status_code == 200


@pytest.mark.parametrize(
    "path", ["/pekerja/{n}/", "/pekerja/{n}/ubah/", "/api/v1/workers/{n}/", "/impor/{n}/"]
)
def test_a_huge_id_in_a_path_is_not_found(client, bob, path):
    client.force_login(bob)
    assert client.get(path.format(n="9" * 30)).status_code == 404
