"""Bills and payments by the API: the bill screens' access helper and services, the same refusals, the
lines with the rule that priced them, retries with an Idempotency-Key done once."""

from __future__ import annotations

import datetime as dt

import pytest

from payung.audit.models import AuditEvent
from payung.schemes.models import Bill, Payment
from payung.schemes.services.bills import bill_issue
from tests.api.helpers import api_for
from tests.conftest import make_worker
from tests.schemes.builders import TODAY, active_member, make_scheme

JANUARY = dt.date(2026, 1, 1)


@pytest.fixture
def scheme(alice):
    scheme = make_scheme(alice)
    active_member(alice, scheme, make_worker(name="Rosmiati Koto"))
    return scheme


@pytest.fixture
def bill(alice, scheme):
    return bill_issue(actor=alice, scheme=scheme, month=JANUARY, today=TODAY)


def test_an_admin_issues_a_bill_and_reads_it_with_its_lines(alice, scheme):
    client = api_for(alice)
    response = client.post(f"/api/v1/schemes/{scheme.pk}/bills/", {"month": "2026-01-01"}, format="json")
    assert response.status_code == 201, response.json()
    issued = response.json()
    bill = Bill.objects.get()
    assert issued["id"] == bill.pk and (issued["month"], issued["due_date"]) == ("2026-01-01", "2026-01-15")
    assert (issued["total"], issued["paid"], issued["outstanding"], issued["members"]) == (
        16_800,
        0,
        16_800,
        1,
    )
    assert AuditEvent.objects.filter(object_type="bill", object_id=str(bill.pk)).exists()
    listed = client.get(f"/api/v1/schemes/{scheme.pk}/bills/").json()
    assert [b["id"] for b in listed["results"]] == [bill.pk] and listed["next"] is None
    assert listed["results"][0]["overdue"] is True  # due on 15 January, unpaid
    detail = client.get(f"/api/v1/schemes/{scheme.pk}/bills/{bill.pk}/").json()
    assert detail["totals"] == {"lines": 2, "members": 1, "normal": 16_800, "discount": 0, "amount": 16_800}
    lines = detail["lines"]["results"]
    assert sorted(line["programme"] for line in lines) == ["JKK", "JKM"]
    assert sum(line["amount"] for line in lines) == detail["total"]
    assert all(line["rule_source"] for line in lines)
    assert detail["rule_sources"] == sorted({line["rule_source"] for line in lines})
    worker = bill.lines.first().membership.worker
    assert {line["nik"] for line in lines} == {worker.nik[:4] + "********" + worker.nik[-4:]}
    assert {line["name"] for line in lines} == {"Rosmiati Koto"}


def test_the_lines_page_by_cursor(alice, scheme):
    active_member(alice, scheme, make_worker(name="Yusnidar"), kpj="KPJ0000002")
    bill = bill_issue(actor=alice, scheme=scheme, month=JANUARY, today=TODAY)
    client = api_for(alice)
    first = client.get(f"/api/v1/schemes/{scheme.pk}/bills/{bill.pk}/", {"page_size": 3}).json()
    assert len(first["lines"]["results"]) == 3 and first["lines"]["next"]
    second = client.get(first["lines"]["next"]).json()
    seen = [line["id"] for line in first["lines"]["results"] + second["lines"]["results"]]
    assert sorted(seen) == sorted(bill.lines.values_list("pk", flat=True))
    bad = client.get(f"/api/v1/schemes/{scheme.pk}/bills/{bill.pk}/", {"after": "nonsense"})
    assert bad.status_code == 400 and "after" in bad.json()["error"]["fields"]


def test_an_operator_sees_the_bills_but_may_not_issue_or_pay_them(bob, scheme, bill):
    client = api_for(bob)
    refused = client.post(f"/api/v1/schemes/{scheme.pk}/bills/", {"month": "2026-02-01"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == "Hanya admin kabupaten/kota yang boleh menerbitkan tagihan."
    paying = client.post(
        f"/api/v1/schemes/{scheme.pk}/bills/{bill.pk}/payments/",
        {"amount": 1000, "paid_on": "2026-01-10", "reference": "SP2D-1"},
        format="json",
    )
    assert paying.status_code == 403
    assert Bill.objects.count() == 1 and not Payment.objects.exists()
    assert [b["id"] for b in client.get(f"/api/v1/schemes/{scheme.pk}/bills/").json()["results"]] == [bill.pk]


def test_bills_of_another_regency_are_404_like_missing_ones(charlie, dina, scheme, bill):
    for user in (charlie, dina):
        client = api_for(user)
        for outside, missing in [
            (f"/api/v1/schemes/{scheme.pk}/bills/", "/api/v1/schemes/999999/bills/"),
            (f"/api/v1/schemes/{scheme.pk}/bills/{bill.pk}/", f"/api/v1/schemes/999999/bills/{bill.pk}/"),
            (
                f"/api/v1/schemes/{scheme.pk}/bills/{bill.pk}/payments/",
                f"/api/v1/schemes/{scheme.pk}/bills/999999/payments/",
            ),
        ]:
            answers = [client.get(outside), client.get(missing)]
            assert [a.status_code for a in answers] == [404, 404]
            assert answers[0].json() == answers[1].json()
        assert (
            client.post(
                f"/api/v1/schemes/{scheme.pk}/bills/", {"month": "2026-02-01"}, format="json"
            ).status_code
            == 404
        )


def test_a_viewer_gets_the_amounts_without_names_or_niks(vera, scheme, bill):
    detail = api_for(vera).get(f"/api/v1/schemes/{scheme.pk}/bills/{bill.pk}/").json()
    lines = detail["lines"]["results"]
    assert len(lines) == 2 and sum(line["amount"] for line in lines) == 16_800
    assert {(line["nik"], line["name"], line["worker_id"]) for line in lines} == {(None, None, None)}


@pytest.mark.parametrize(
    ("month", "says"),
    [
        ("2026-01-01", "Tagihan bulan 2026-01 untuk skema ini sudah ada."),
        ("2027-01-01", "Bulan 2027-01 di luar bulan yang ditanggung skema."),
    ],
)
def test_a_bill_the_screen_refuses_is_refused_with_the_screens_message(
    client, alice, scheme, bill, month, says
):
    response = api_for(alice).post(f"/api/v1/schemes/{scheme.pk}/bills/", {"month": month}, format="json")
    assert response.status_code == 400
    assert response.json()["error"] == {"code": "refused", "message": says, "fields": {}}
    client.force_login(alice)
    page = client.post(
        f"/tagihan/skema/{scheme.pk}/terbitkan/", {"month": month}, follow=True
    ).content.decode()
    assert says in page
    assert Bill.objects.count() == 1


def test_a_day_the_rules_have_no_month_for_is_refused_as_on_the_screen(client, alice, scheme):
    response = api_for(alice).post(
        f"/api/v1/schemes/{scheme.pk}/bills/", {"month": "0001-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["month"] == [
        {"code": "month_invalid", "message": "Pilih bulan tagihan."}
    ]
    client.force_login(alice)
    page = client.post(f"/tagihan/skema/{scheme.pk}/terbitkan/", {"month": "0001-01-01"}, follow=True)
    assert "Pilih bulan tagihan." in page.content.decode()
    assert not Bill.objects.exists()


def test_a_bill_issued_again_with_its_key_is_issued_once(alice, scheme):
    client = api_for(alice)
    answers = [
        client.post(
            f"/api/v1/schemes/{scheme.pk}/bills/",
            {"month": "2026-01-01"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="tagihan-2026-01",
        )
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[1]["Idempotent-Replayed"] == "true" and answers[0].json() == answers[1].json()
    assert Bill.objects.count() == 1


def test_an_admin_records_payments_and_lists_them(alice, scheme, bill):
    client = api_for(alice)
    address = f"/api/v1/schemes/{scheme.pk}/bills/{bill.pk}/payments/"
    first = client.post(
        address, {"amount": "10.000", "paid_on": "2026-01-10", "reference": "SP2D-1"}, format="json"
    )
    assert first.status_code == 201, first.json()
    assert (first.json()["amount"], first.json()["paid_on"], first.json()["bill"]) == (
        10_000,
        "2026-01-10",
        bill.pk,
    )
    assert (
        client.post(
            address, {"amount": 6_800, "paid_on": "2026-01-20", "reference": "SP2D-2"}, format="json"
        ).status_code
        == 201
    )
    listed = client.get(address).json()["results"]
    assert [(p["amount"], p["reference"]) for p in listed] == [(10_000, "SP2D-1"), (6_800, "SP2D-2")]
    assert AuditEvent.objects.filter(object_type="payment").count() == 2
    paid = client.get(f"/api/v1/schemes/{scheme.pk}/bills/{bill.pk}/").json()
    assert (paid["paid"], paid["outstanding"], paid["overdue"]) == (16_800, 0, False)
    assert [p["reference"] for p in paid["payments"]] == ["SP2D-1", "SP2D-2"]


@pytest.mark.parametrize(
    ("amount", "paid_on", "reference", "says"),
    [
        ("20000", "2026-01-10", "SP2D-1", "melebihi sisa tagihan"),
        ("840", "2025-12-31", "SP2D-1", "sebelum bulan tagihan"),
        ("840", "2026-01-10", " ", "Bidang ini harus diisi"),
    ],
)
def test_a_payment_the_screen_refuses_is_refused_here_too(
    client, alice, scheme, bill, amount, paid_on, reference, says
):
    response = api_for(alice).post(
        f"/api/v1/schemes/{scheme.pk}/bills/{bill.pk}/payments/",
        {"amount": amount, "paid_on": paid_on, "reference": reference},
        format="json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert says in error["message"] or says in str(error["fields"])
    client.force_login(alice)
    page = client.post(
        f"/tagihan/skema/{scheme.pk}/{bill.pk}/bayar/",
        {"amount": amount, "paid_on": paid_on, "reference": reference},
        follow=True,
    ).content.decode()
    assert says in page
    assert not Payment.objects.exists()


def test_a_payment_sent_again_with_its_key_is_recorded_once(alice, scheme, bill):
    client = api_for(alice)
    address = f"/api/v1/schemes/{scheme.pk}/bills/{bill.pk}/payments/"
    body = {"amount": 16_800, "paid_on": "2026-01-10", "reference": "SP2D-7"}
    first = client.post(address, body, format="json", HTTP_IDEMPOTENCY_KEY="bayar-SP2D-7")
    again = client.post(address, body, format="json", HTTP_IDEMPOTENCY_KEY="bayar-SP2D-7")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    assert Payment.objects.count() == 1
    # Without the key, the same payment again is refused by the service: nothing is left to pay.
    assert client.post(address, body, format="json").status_code == 400


def test_the_bill_list_does_not_grow_queries_with_bills(alice, scheme, django_assert_max_num_queries):
    client = api_for(alice)
    bill_issue(actor=alice, scheme=scheme, month=JANUARY, today=TODAY)
    client.get(f"/api/v1/schemes/{scheme.pk}/bills/")
    with django_assert_max_num_queries(20) as few:
        client.get(f"/api/v1/schemes/{scheme.pk}/bills/")
    baseline = len(few.captured_queries)
    for month in range(2, 6):
        bill_issue(
            actor=alice, scheme=scheme, month=dt.date(2026, month, 1), today=TODAY.replace(month=month)
        )
    with django_assert_max_num_queries(baseline):
        assert len(client.get(f"/api/v1/schemes/{scheme.pk}/bills/").json()["results"]) == 5


def test_a_bills_detail_does_not_grow_queries_with_its_lines(alice, scheme, django_assert_max_num_queries):
    client = api_for(alice)
    small = bill_issue(actor=alice, scheme=scheme, month=JANUARY, today=TODAY)
    client.get(f"/api/v1/schemes/{scheme.pk}/bills/{small.pk}/")
    with django_assert_max_num_queries(30) as few:
        client.get(f"/api/v1/schemes/{scheme.pk}/bills/{small.pk}/")
    baseline = len(few.captured_queries)
    for serial in range(2, 7):
        active_member(alice, scheme, make_worker(name=f"Anggota {serial}"), kpj=f"KPJ00000{serial:02d}")
    larger = bill_issue(actor=alice, scheme=scheme, month=dt.date(2026, 2, 1), today=TODAY.replace(month=2))
    with django_assert_max_num_queries(baseline):
        body = client.get(f"/api/v1/schemes/{scheme.pk}/bills/{larger.pk}/").json()
    assert len(body["lines"]["results"]) == 12
