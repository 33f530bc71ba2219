"""The lifecycle's trail: one answer for roles that cannot propose (no NIK oracle), every removal of a
proposal audited (by hand or by closing the scheme), the "who" kept by name, rows filed under the
scheme's regency."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from payung.accounts.models import Role
from payung.audit.models import Action, AuditEvent
from payung.lib.nik import make_nik
from payung.schemes.models import Bill, Membership, Payment, SchemeStatus, StatusChange
from payung.schemes.services.bills import bill_issue, payment_record
from payung.schemes.services.memberships import membership_propose, membership_remove
from payung.schemes.services.schemes import scheme_transition
from tests.conftest import make_user, make_worker

from .builders import TODAY, active_member, approve, make_scheme

pytestmark = pytest.mark.django_db


def test_a_viewer_gets_the_same_answer_for_a_registered_and_an_unknown_nik(client, alice, vera):
    scheme = make_scheme(alice)
    registered = make_worker().nik
    unknown = make_nik(district_code="13.02.07", birth_date=dt.date(1985, 3, 12), sex="P", serial=9_999)
    client.force_login(vera)
    answers = [
        client.post(f"/kepesertaan/skema/{scheme.pk}/tambah/", {"nik": nik}) for nik in (registered, unknown)
    ]
    assert [a.status_code for a in answers] == [403, 403]
    # Identical but for the CSRF token, which Django masks afresh on every page.
    pages = [re.sub(r"[A-Za-z0-9]{64}", "TOKEN", a.content.decode()) for a in answers]
    assert pages[0] == pages[1]
    assert not Membership.objects.exists()


def test_closing_a_scheme_audits_every_proposal_it_removes_as_a_removal_by_hand_does(alice, bob):
    scheme = approve(alice, make_scheme(alice))
    by_hand, *closed = [
        membership_propose(actor=bob, scheme=scheme, worker=make_worker(name=f"W{i}"), today=TODAY)
        for i in range(3)
    ]
    membership_remove(actor=bob, membership=by_hand)
    scheme_transition(actor=alice, scheme=scheme, to=SchemeStatus.CLOSED, why="Tahun anggaran selesai")
    assert not Membership.objects.exists()
    removals = AuditEvent.objects.filter(object_type="membership", action=Action.DELETE)
    assert sorted(int(e.object_id) for e in removals) == sorted(m.pk for m in (by_hand, *closed))
    for event in removals:
        membership = next(m for m in (by_hand, *closed) if m.pk == int(event.object_id))
        assert event.changes["worker"] == [str(membership.worker_id), None]
        assert event.changes["status"] == ["proposed", None]
        assert event.regency_code == "13.02"
    assert {e.actor_name for e in removals} == {"bob", "alice"}
    assert {e.note for e in removals if e.actor_name == "alice"} == {"Tahun anggaran selesai"}


def test_status_changes_bills_and_payments_keep_the_name_of_who_acted(client, alice):
    ana = make_user("ana", Role.REGENCY_ADMIN, ("13.02",), first_name="Ana", last_name="Putri")
    scheme = approve(ana, make_scheme(ana))
    active_member(ana, scheme, make_worker())
    bill = bill_issue(actor=ana, scheme=scheme, month=dt.date(2026, 1, 1), today=TODAY)
    payment_record(
        actor=ana, bill=bill, amount=1_000, paid_on=dt.date(2026, 1, 5), reference="SP2D-1", today=TODAY
    )
    assert set(StatusChange.objects.values_list("by_name", flat=True)) == {"Ana Putri (ana)"}
    assert Bill.objects.get().issued_by_name == Payment.objects.get().recorded_by_name == "Ana Putri (ana)"
    # What deleting the account does to these rows (the key is SET_NULL): the name stays on the pages.
    StatusChange.objects.update(by=None)
    Payment.objects.update(recorded_by=None)
    Bill.objects.update(issued_by=None)
    client.force_login(alice)
    assert "Ana Putri (ana)" in client.get(f"/skema/{scheme.pk}/").content.decode()
    assert "Ana Putri (ana)" in client.get(f"/tagihan/skema/{scheme.pk}/{bill.pk}/").content.decode()


def test_the_lifecycles_audit_rows_are_filed_under_the_schemes_regency_whoever_acts(regions):
    root = make_user("root", Role.REGENCY_ADMIN, (), is_superuser=True)  # a superuser has no regency
    scheme = approve(root, make_scheme(root))
    active_member(root, scheme, make_worker())
    bill = bill_issue(actor=root, scheme=scheme, month=dt.date(2026, 1, 1), today=TODAY)
    payment_record(
        actor=root, bill=bill, amount=1_000, paid_on=dt.date(2026, 1, 5), reference="SP2D-1", today=TODAY
    )
    kinds = set(AuditEvent.objects.values_list("object_type", flat=True))
    assert {"funding_scheme", "membership", "bill", "payment"} <= kinds
    assert set(AuditEvent.objects.values_list("regency_code", flat=True)) == {"13.02"}


def test_the_trails_keys_hold_without_database_constraints(alice):
    """An event's scheme and author and an audit row's actor carry no database constraint (a step writes
    an event and an audit row per member, and PostgreSQL checked each row's keys at the commit):
    Django's PROTECT and CASCADE still act."""
    ana = make_user("ana", Role.REGENCY_ADMIN, ("13.02",))
    scheme = approve(ana, make_scheme(ana))
    membership_propose(actor=ana, scheme=scheme, worker=make_worker(), today=TODAY)
    with pytest.raises(ProtectedError), transaction.atomic():
        ana.delete()  # she is in the trail
    Membership.objects.filter(scheme=scheme).delete()  # its members' events go with them
    assert set(StatusChange.objects.values_list("membership", "by")) == {(None, ana.pk)}
    scheme.delete()
    assert not StatusChange.objects.exists()
