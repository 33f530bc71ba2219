"""The home page lists what waits for the user: approvals, lists to submit, KPJ answers, bills due."""

import datetime as dt

import pytest

from payung.billing.services import bill_issue, payment_record
from payung.core.todo import todo_for
from payung.enrolment.services import membership_propose, memberships_submit
from tests.conftest import make_user, make_worker
from tests.funding.builders import active_member, approve, make_scheme

pytestmark = pytest.mark.django_db

FEB = dt.date(2026, 2, 1)


def kinds(items):
    return [(item.kind, item.scheme_name, item.count) for item in items]


def test_an_admin_sees_the_draft_to_approve_and_the_list_to_submit(alice, bob):
    make_scheme(alice, name="Draf Solok")
    proposed = approve(alice, make_scheme(alice, name="Usulan Solok"))
    for name in ("A", "B"):
        membership_propose(actor=alice, scheme=proposed, worker=make_worker(name=name), today=FEB)
    assert kinds(todo_for(alice, today=FEB)) == [("approve", "Draf Solok", 1), ("submit", "Usulan Solok", 2)]
    # The operator proposes but neither approves nor submits: nothing waits for him.
    assert todo_for(bob, today=FEB) == []


def test_the_bpjs_officer_sees_the_lists_waiting_for_kpj_numbers_of_the_regencies_it_serves(alice, dina):
    enrekang_admin = make_user("erna", "regency_admin", ("73.16",))
    scheme = approve(enrekang_admin, make_scheme(enrekang_admin, name="APBD Enrekang", funder_region="73.16"))
    membership_propose(actor=enrekang_admin, scheme=scheme, worker=make_worker("73.16.01.2001"), today=FEB)
    memberships_submit(actor=enrekang_admin, scheme=scheme)
    solok = approve(alice, make_scheme(alice, name="Solok"))
    membership_propose(actor=alice, scheme=solok, worker=make_worker(), today=FEB)
    memberships_submit(actor=alice, scheme=solok)

    officer = todo_for(dina, today=FEB)
    assert kinds(officer) == [("answer", "APBD Enrekang", 1)]
    assert officer[0].url == f"/kepesertaan/skema/{scheme.pk}/jawaban-bpjs/"


def test_an_unpaid_bill_shows_before_its_due_date_turns_urgent_after_it_and_goes_once_paid(alice):
    scheme = make_scheme(alice)
    active_member(alice, scheme, make_worker(), kpj="KPJ000001")
    bill = bill_issue(actor=alice, scheme=scheme, month=FEB, today=FEB)
    assert [i.kind for i in todo_for(alice, today=dt.date(2026, 1, 20))] == []  # weeks before it is due
    due = todo_for(alice, today=dt.date(2026, 2, 10))
    assert [(i.kind, i.amount, i.urgent) for i in due] == [("pay", bill.total, False)]
    assert [(i.kind, i.urgent) for i in todo_for(alice, today=dt.date(2026, 2, 16))] == [("pay", True)]
    payment_record(actor=alice, bill=bill, amount=bill.total, paid_on=FEB, reference="SP2D/1", today=FEB)
    assert todo_for(alice, today=dt.date(2026, 2, 16)) == []


def test_the_home_page_shows_the_to_do_with_links(client, alice):
    make_scheme(alice, name="Draf Solok")
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert (
        'data-testid="todo-approve"' in page and "Skema menunggu persetujuan" in page and "Draf Solok" in page
    )


def test_the_home_page_says_so_when_nothing_waits(client, bob):
    client.force_login(bob)
    assert "Tidak ada yang menunggu Anda saat ini." in client.get("/").content.decode()
