"""A viewer walks every page and download it can reach from the home page: no person-level row anywhere
(no NIK, masked or not, no name, not even as initials, no phone, no link to a person's page).

One crawl over every app, so a new screen that forgets the presenter fails here without its own test.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import fastexcel
import pytest
from django.utils import timezone

from payung.lib.masking import mask_name, mask_nik, mask_phone
from payung.schemes.services.bills import bill_issue
from tests.conftest import make_worker
from tests.schemes.builders import active_member, make_scheme

HREF = re.compile(r'href="([^"#]+)"')
SKIP = ("/akun/keluar/", "/bahasa/", "/admin/", "/static/", "/api/schema/")


def page_text(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        data = b"".join(response.streaming_content) if response.streaming else response.content
        reader = fastexcel.read_excel(data)
        cells = []
        for name in reader.sheet_names:
            frame = reader.load_sheet(name, header_row=None, dtypes="string").to_polars()
            cells += [str(v) for column in frame.iter_columns() for v in column if v is not None]
        return " ".join(cells)
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def crawl(client, start: str = "/", limit: int = 150, on_response=None):
    """(url, text) of every page and download reachable from `start` by links; `on_response(url,
    response)` sees every answer, redirects and refusals included."""
    seen: set[str] = set()
    queue = deque([start])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if on_response is not None:
            on_response(url, response)
        assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
        if response.status_code != 200:
            continue
        text = page_text(response)
        yield url, text
        if "html" in response.get("Content-Type", ""):
            for link in HREF.findall(text):
                target = urljoin(url, link.replace("&amp;", "&"))
                parts = urlsplit(target)
                if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP):
                    continue
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))


@pytest.mark.django_db
def test_an_operator_of_another_regency_never_meets_solok_people(client, alice, charlie, worker_factory):
    solok = worker_factory("13.02.07.2001", name="Rosmiati Koto", phone="081234567890", dtsen_decile=1)
    worker_factory("73.16.01.2001", name="Baharuddin Tahir", sex="L")
    scheme = make_scheme(alice, year=timezone.localdate().year)
    active_member(alice, scheme, solok, today=timezone.localdate())
    client.force_login(charlie)
    pages = 0
    for url, text in crawl(client):
        pages += 1
        assert solok.nik not in text and solok.nik[-6:] not in text, url
        assert "Rosmiati" not in text and "UCJ Solok" not in text, url
    assert pages >= 10


@pytest.mark.django_db
def test_a_viewer_never_meets_personal_data_on_any_reachable_page(client, alice, vera):
    year = timezone.localdate().year
    people = [
        make_worker("13.02.07.2001", name="Rosmiati Koto", phone="081234567890", dtsen_decile=1),
        make_worker("13.02.10.2001", name="Yusuf Tanjung", sex="L", phone="085211112222", dtsen_decile=2),
    ]
    scheme = make_scheme(alice, year=year)
    active_member(alice, scheme, people[0], today=timezone.localdate())
    bill_issue(
        actor=alice, scheme=scheme, month=timezone.localdate().replace(day=1), today=timezone.localdate()
    )

    client.force_login(vera)
    seen = []
    for url, text in crawl(client):
        seen.append(url)
        for person in people:
            assert person.nik not in text, url
            assert mask_nik(person.nik) not in text, url
            assert person.name not in text and mask_name(person.name) not in text, url
            assert person.phone not in text and mask_phone(person.phone) not in text, url
            assert f"/pekerja/{person.pk}/" not in text, url
    pages = len(seen)
    visited = " ".join(sorted(seen))
    # The crawl really went through the apps that hold people.
    for prefix in ("/pekerja/", "/skema/", "/kepesertaan/", "/tagihan/", "/cakupan/", "/wilayah/"):
        assert prefix in visited, (prefix, visited)
    assert pages >= 15, pages


@pytest.mark.django_db
def test_a_viewer_sees_counts_under_five_as_under_five_on_home_and_region_pages(client, alice, vera):
    make_worker("13.02.07.2001", name="Rosmiati Koto")
    make_worker("13.02.10.2001", name="Yusuf Tanjung", sex="L")
    client.force_login(vera)
    for url in ("/", "/wilayah/13.02/"):
        text = client.get(url).content.decode()
        assert "&lt; 5" in text, url
        assert '-end">2<' not in text and '-end">1<' not in text and ">2</div>" not in text, url
    client.force_login(alice)
    assert '-end">1<' in client.get("/wilayah/13.02/").content.decode()
