"""Search terms are read in one place: spaces as pasted (double, leading, non-breaking) find the name."""

import pytest
from rest_framework.test import APIClient

from payung.registry.selectors import WorkerFilters, search_workers

PASTED = ["Siti  Rahma", "  siti rahma ", "Siti\u00a0Rahma", "Siti \t Rahma", "rahma  "]


@pytest.mark.parametrize("typed", PASTED)
def test_a_search_with_extra_spaces_finds_the_worker(bob, worker_factory, typed):
    worker = worker_factory(name="Siti Rahma")
    worker_factory(name="Siti Aminah")
    assert list(search_workers(bob, WorkerFilters(query=typed))) == [worker]


def test_the_list_page_and_the_api_read_the_query_string_the_same_way(client, bob, worker_factory):
    worker_factory(name="Siti Rahma")
    client.force_login(bob)
    page = client.get("/pekerja/", {"q": "Siti  Rahma"}).content.decode()
    assert "Siti Rahma" in page
    api = APIClient()
    api.force_authenticate(bob)
    body = api.get("/api/v1/workers/", {"q": "Siti  Rahma"}).json()
    assert [w["name"] for w in body["results"]] == ["Siti Rahma"]


def test_filters_from_a_query_string_ignore_a_decile_that_is_not_one():
    assert WorkerFilters.from_params({"decile": "99999999999999999999999"}).decile is None
    assert WorkerFilters.from_params({"decile": " 3 "}).decile == 3
