"""The bill page: a page of lines at a time (keyset by id), totals from the database, the whole bill
as a streamed download; the same number of queries for 10 members and for 300."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from payung.schemes.models import Bill, Membership
from payung.schemes.paging import PAGE_SIZE
from payung.schemes.services.bills import bill_issue
from payung.schemes.services.memberships import (
    memberships_answer,
    memberships_propose_selection,
    memberships_submit,
)
from tests.schemes.builders import TODAY, approve, make_scheme
from tests.schemes.test_bulk_parameters import many_workers

pytestmark = pytest.mark.django_db


def billed_scheme(alice, members: int, decile: int) -> Bill:
    many_workers(members, decile)
    scheme = approve(
        alice, make_scheme(alice, name=f"Skema {decile}", funder_type="CSR", budget=10**12, deciles=(decile,))
    )
    memberships_propose_selection(actor=alice, scheme=scheme, today=TODAY)
    memberships_submit(actor=alice, scheme=scheme)
    ids = Membership.objects.filter(scheme=scheme).values_list("pk", flat=True)
    memberships_answer(actor=alice, scheme=scheme, kpj={pk: f"KPJ{pk:07d}" for pk in ids}, rejected={})
    return bill_issue(actor=alice, scheme=scheme, month=dt.date(2026, 1, 1), today=dt.date(2026, 1, 1))


def page_rows(html: str) -> list[str]:
    body = html.split('data-testid="bill-lines"', 1)[1]
    return re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>(JKK|JKM)</td>", body)


def test_the_bill_page_walks_every_line_a_page_at_a_time_with_the_totals_of_all(client, alice):
    bill = billed_scheme(alice, 130, decile=1)  # 260 lines: three pages
    client.force_login(alice)
    url = f"/tagihan/skema/{bill.scheme_id}/{bill.pk}/"
    seen, query, pages = [], "", 0
    while True:
        html = client.get(url + query).content.decode()
        rows = page_rows(html)
        assert len(rows) <= PAGE_SIZE
        seen += rows
        pages += 1
        totals = re.search(
            r'data-testid="bill-totals"><td colspan="2">[^:]*: ([\d.,]+) [^,]*, ([\d.,]+)', html
        )
        assert totals.groups() == ("130", "260")
        assert f"{bill.total:,}".replace(",", ".") in html or f"{bill.total:,}" in html
        found = re.search(r'href="\?after=([^"]+)"', html)
        if not found:
            break
        query = "?after=" + found.group(1)
    assert pages == 3 and len(seen) == 260 and len(set(seen)) == 260
    back = re.search(r'href="\?before=([^"]+)"', html).group(1)
    assert len(page_rows(client.get(url + "?before=" + back).content.decode())) == PAGE_SIZE
    assert len(page_rows(client.get(url + "?after=made-up").content.decode())) == PAGE_SIZE  # page 1


def test_the_bill_page_runs_as_many_queries_for_300_members_as_for_10(client, alice):
    small, large = billed_scheme(alice, 10, decile=2), billed_scheme(alice, 300, decile=3)
    client.force_login(alice)
    counts = []
    for bill in (small, large):
        client.get(f"/tagihan/skema/{bill.scheme_id}/{bill.pk}/")  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/tagihan/skema/{bill.scheme_id}/{bill.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_whole_bill_downloads_every_line(client, alice):
    bill = billed_scheme(alice, 130, decile=4)
    client.force_login(alice)
    response = client.get(
        f"/tagihan/skema/{bill.scheme_id}/{bill.pk}/?format=xlsx&purpose=Rekonsiliasi+tagihan"
    )
    from tests.schemes.test_views import xlsx_rows

    rows = xlsx_rows(response)
    assert len(rows) - 1 == 260
    assert sum(int(r[6]) for r in rows[1:]) == bill.total


def test_the_member_list_pages_by_keyset_and_counts_all(client, alice):
    bill = billed_scheme(alice, 130, decile=5)
    client.force_login(alice)
    url = f"/kepesertaan/skema/{bill.scheme_id}/"
    first = client.get(url).content.decode()
    assert re.search(r'data-testid="member-count">130 peserta', first)
    after = re.search(r'href="\?status=&after=([^"]+)"', first).group(1)
    second = client.get(url + "?status=&after=" + after).content.decode()
    names = set(re.findall(r"Pekerja 5-\d{5}", first)), set(re.findall(r"Pekerja 5-\d{5}", second))
    assert (len(names[0]), len(names[1])) == (100, 30) and not names[0] & names[1]
    assert 'href="?status=&after=' not in second and 'href="?status=&before=' in second
