"""How the worker list and the viewer's summary read the registry: what keeps them fast as a regency
grows (or a big import writes into it), with the same rows on every page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from payung.registry.models import Worker
from payung.registry.paging import keyset_page
from payung.registry.selectors import WorkerFilters, regency_walks, search_workers
from tests.conftest import make_worker

pytestmark = pytest.mark.django_db

# Names of both regencies interleave, and some repeat (the id breaks the tie).
NAMES = [
    f"{first} {last}" for first in ("Ahmad", "Hasna", "Rahmat") for last in ("Baso", "Sumolang", "Tahir")
]


@pytest.fixture
def two_regencies(regions):
    workers = []
    for i in range(70):
        village = "73.16.01.2001" if i % 3 else "73.07.01.2001"
        workers.append(make_worker(village, name=NAMES[i % len(NAMES)]))
    make_worker("13.02.07.2001", name="Ahmad Baso")  # Solok: outside dina's scope
    return workers


def worker_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if 'FROM "registry_worker"' in q["sql"]]


def test_a_scope_of_two_regencies_pages_like_one_query(dina, two_regencies):
    """Walking each regency and merging gives exactly the pages of the single sorted query, both ways."""
    workers = search_workers(dina, WorkerFilters())
    walks = regency_walks(dina, WorkerFilters())
    assert len(walks) == 2
    expected = list(workers.values_list("id", flat=True))
    assert len(expected) == 70

    seen, after, pages = [], "", []
    while True:
        page = keyset_page(workers, after=after, size=20, walks=walks)
        assert [w.pk for w in page.items] == [w.pk for w in keyset_page(workers, after=after, size=20).items]
        seen += [w.pk for w in page.items]
        pages.append(page)
        if not page.next_cursor:
            break
        after = page.next_cursor
    assert seen == expected
    assert page.total == 70

    back = keyset_page(workers, before=pages[-1].prev_cursor, size=20, walks=walks)
    assert [w.pk for w in back.items] == [w.pk for w in pages[-2].items]
    assert back.prev_cursor and back.next_cursor


def test_the_list_of_two_regencies_reads_each_regency_on_its_own_index(client, dina, two_regencies):
    """No query sorts "regency A or regency B" by name: no index serves that, so PostgreSQL would read
    and sort every worker of both regencies for each page (100 ms for 70,000)."""
    client.force_login(dina)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/pekerja/").content.decode()
    assert "Ahmad Baso" in page
    sorted_reads = [sql for sql in worker_queries(queries) if 'ORDER BY "registry_worker"."name"' in sql]
    walks = [sql for sql in sorted_reads if " IN (" not in sql]  # the last one orders the ids found
    assert len(walks) == 2
    assert sorted(("'73.16'" in sql, "'73.07'" in sql) for sql in walks) == [(False, True), (True, False)]


def test_the_api_list_of_two_regencies_walks_too(dina, two_regencies):
    from tests.api.helpers import api_for

    api = api_for(dina)
    with CaptureQueriesContext(connection) as queries:
        body = api.get("/api/v1/workers/", {"page_size": 30}).json()
    walks = [
        sql
        for sql in worker_queries(queries)
        if 'ORDER BY "registry_worker"."name"' in sql and " IN (" not in sql
    ]
    assert len(walks) == 2
    names = [row["name"] for row in body["results"]]
    expected = search_workers(dina, WorkerFilters()).values_list("name", flat=True)[:30]
    assert len(names) == 30 and names == list(expected)


def test_a_filtered_or_one_regency_list_has_no_walks(charlie, dina, alice):
    assert regency_walks(charlie, WorkerFilters()) == []
    assert regency_walks(dina, WorkerFilters(region="73.16")) == []
    assert regency_walks(dina, WorkerFilters(query="Ahmad")) == []
    assert regency_walks(alice, WorkerFilters()) == []


def test_the_viewers_summary_reads_the_workers_once(client, vera, regions):
    for i in range(6):
        make_worker("13.02.07.2001", name=f"Pekerja {i}", dtsen_decile=i % 3 + 1)
    make_worker("13.02.10.2001", name="Yusuf Tanjung", sex="L")
    client.force_login(vera)
    with CaptureQueriesContext(connection) as queries:
        text = client.get("/pekerja/").content.decode()
    assert len(worker_queries(queries)) == 1
    assert 'Gunung Talang</td><td class="text-end">6<' in text
    assert Worker.objects.filter(regency_code="13.02").count() == 7
