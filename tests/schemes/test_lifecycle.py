"""Memberships: proposals inside the budget, the one-funder rule, the guarded lifecycle, scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import translation

from payung.audit.models import AuditEvent
from payung.schemes.models import Membership, MembershipMonth, MembershipStatus, SchemeStatus
from payung.schemes.selectors import memberships_visible_to, other_funder_coverage
from payung.schemes.services.memberships import (
    MembershipConflict,
    MembershipInvalid,
    membership_activate,
    membership_end,
    membership_propose,
    membership_reject,
    membership_remove,
    memberships_propose_selection,
    memberships_submit,
)
from tests.conftest import make_worker
from tests.schemes.builders import TODAY, active_member, approve, make_scheme

pytestmark = pytest.mark.django_db


def test_a_proposal_claims_every_programme_month_and_leaves_a_row(alice):
    worker = make_worker(dtsen_decile=1)
    scheme = make_scheme(alice, first_month=7, months=6)
    membership = membership_propose(actor=alice, scheme=scheme, worker=worker, today=TODAY)
    assert membership.status == MembershipStatus.PROPOSED
    assert (membership.start_month, membership.end_month) == (dt.date(2026, 7, 1), dt.date(2026, 12, 1))
    assert MembershipMonth.objects.filter(membership=membership).count() == 2 * 6
    assert membership.planned_cost == 6 * 16_800
    assert membership.regency_code == "13.02" and membership.district_code == "13.02.07"
    assert list(membership.events.values_list("from_status", "to_status")) == [("", "proposed")]
    assert AuditEvent.objects.filter(object_type="membership", object_id=str(membership.pk)).exists()


def test_a_proposal_made_mid_year_covers_only_the_remaining_months(alice):
    worker = make_worker(dtsen_decile=1)
    scheme = make_scheme(alice)
    membership = membership_propose(actor=alice, scheme=scheme, worker=worker, today=dt.date(2026, 10, 20))
    assert membership.start_month == dt.date(2026, 10, 1)
    assert membership.planned_cost == 3 * 16_800


def test_a_second_funder_for_the_same_programme_and_month_is_refused_naming_the_first(alice):
    worker = make_worker(name="Rosmiati", dtsen_decile=1)
    first = make_scheme(alice, name="APBD Solok")
    membership_propose(actor=alice, scheme=first, worker=worker, today=TODAY)
    second = make_scheme(
        alice,
        name="Nagari Koto Gaek",
        funder_type="APBDES",
        funder_region="13.02.07.2001",
        first_month=6,
        months=3,
    )
    with pytest.raises(MembershipConflict, match="APBD Solok"):
        membership_propose(actor=alice, scheme=second, worker=worker, today=TODAY)
    assert Membership.objects.filter(scheme=second).count() == 0


def test_a_different_programme_from_another_funder_is_allowed(alice):
    worker = make_worker(dtsen_decile=1)
    membership_propose(actor=alice, scheme=make_scheme(alice, name="JKK JKM"), worker=worker, today=TODAY)
    jht = make_scheme(alice, name="JHT BAZNAS", funder_type="BAZNAS", programmes=("JHT",))
    assert membership_propose(actor=alice, scheme=jht, worker=worker, today=TODAY).programmes == ["JHT"]
    assert other_funder_coverage([worker.nik], today=TODAY) == {worker.nik: ("JKK JKM", "13.02")}
    assert other_funder_coverage([worker.nik], today=dt.date(2027, 1, 1)) == {}


def test_the_database_itself_refuses_a_second_row_for_the_same_worker_programme_and_month(alice):
    worker = make_worker(dtsen_decile=1)
    a = membership_propose(actor=alice, scheme=make_scheme(alice, name="A"), worker=worker, today=TODAY)
    b = Membership.objects.create(
        worker=worker,
        scheme=make_scheme(alice, name="B"),
        programmes=["JKK"],
        start_month=dt.date(2026, 1, 1),
        village_id=worker.village_id,
        district_code=worker.district_code,
        regency_code="13.02",
        province_code="13",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipMonth.objects.create(
            membership=b, worker=worker, programme="JKK", month=dt.date(2026, 3, 1)
        )
    assert a.month_rows.count() == 24


def test_a_manual_addition_over_the_budget_is_refused_and_changes_nothing(alice):
    scheme = make_scheme(alice, budget=16_800 * 12 + 100)
    membership_propose(actor=alice, scheme=scheme, worker=make_worker(name="Satu"), today=TODAY)
    with pytest.raises(MembershipInvalid, match="biaya Dua Rp201.600, sisa anggaran Rp100."):
        membership_propose(actor=alice, scheme=scheme, worker=make_worker(name="Dua"), today=TODAY)
    assert scheme.memberships.count() == 1


def test_the_over_budget_message_groups_rupiah_as_the_language_does(alice):
    scheme = make_scheme(alice, budget=16_800 * 12 + 100)
    membership_propose(actor=alice, scheme=scheme, worker=make_worker(name="Satu"), today=TODAY)
    with translation.override("en"), pytest.raises(MembershipInvalid) as refused:
        membership_propose(actor=alice, scheme=scheme, worker=make_worker(name="Dua"), today=TODAY)
    assert str(refused.value) == "Budget insufficient: Dua costs Rp201,600, remaining budget Rp100."


def test_an_operator_proposes_only_in_its_own_area_and_sees_only_its_area(alice, bob):
    scheme = make_scheme(alice)
    own = make_worker("13.02.07.2001", name="Milik Bob")
    other = make_worker("13.02.10.2001", name="Di Kubung")
    membership_propose(actor=bob, scheme=scheme, worker=own, today=TODAY)
    with pytest.raises(PermissionDenied):
        membership_propose(actor=bob, scheme=scheme, worker=other, today=TODAY)
    membership_propose(actor=alice, scheme=scheme, worker=other, today=TODAY)
    assert set(memberships_visible_to(bob).values_list("worker__name", flat=True)) == {"Milik Bob"}
    assert memberships_visible_to(alice).count() == 2


def test_an_operator_of_another_regency_cannot_propose_nor_see(alice, charlie):
    scheme = make_scheme(alice)
    worker = make_worker("13.02.07.2001")
    with pytest.raises(PermissionDenied):
        membership_propose(actor=charlie, scheme=scheme, worker=worker, today=TODAY)
    membership_propose(actor=alice, scheme=scheme, worker=worker, today=TODAY)
    assert memberships_visible_to(charlie).count() == 0


def test_saving_the_selection_proposes_the_selected_and_reports_conflicts(alice):
    poor = [make_worker(name=f"Miskin {i}", dtsen_decile=1) for i in range(2)]
    taken = make_worker(name="Sudah CSR", dtsen_decile=1)
    make_worker(name="Kaya", dtsen_decile=9)
    csr = make_scheme(alice, name="CSR Bank Nagari", funder_type="CSR")
    membership_propose(actor=alice, scheme=csr, worker=taken, today=TODAY)
    scheme = make_scheme(alice, budget=16_800 * 12 * 2)
    result = memberships_propose_selection(actor=alice, scheme=scheme, today=TODAY)
    assert {m.worker_id for m in result.created} == {w.pk for w in poor}
    assert result.conflicts == {taken.pk: ["CSR Bank Nagari"]}
    assert sum(m.planned_cost for m in result.created) <= scheme.budget


def test_the_lifecycle_is_guarded(alice):
    worker = make_worker()
    scheme = make_scheme(alice)
    membership = membership_propose(actor=alice, scheme=scheme, worker=worker, today=TODAY)
    with pytest.raises(MembershipInvalid, match="tidak bisa berubah"):
        membership_activate(actor=alice, membership=membership, kpj_number="12345678")
    with pytest.raises(MembershipInvalid, match="disetujui"):
        memberships_submit(actor=alice, scheme=scheme)
    approve(alice, scheme)
    scheme.refresh_from_db()
    assert memberships_submit(actor=alice, scheme=scheme) == 1
    membership.refresh_from_db()
    with pytest.raises(MembershipInvalid, match="tanpa nomor KPJ"):
        membership_activate(actor=alice, membership=membership, kpj_number="  ")
    with pytest.raises(MembershipInvalid, match="Hanya usulan"):
        membership_remove(actor=alice, membership=membership)
    membership_activate(actor=alice, membership=membership, kpj_number="26012345678")
    membership.refresh_from_db()
    scheme.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE and membership.kpj_number == "26012345678"
    assert scheme.status == SchemeStatus.RUNNING
    assert list(membership.events.values_list("to_status", flat=True)) == ["proposed", "submitted", "active"]
    assert membership.events.last().by == alice


def test_the_database_refuses_an_active_membership_without_kpj(alice):
    membership = active_member(alice, make_scheme(alice), make_worker())
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(kpj_number="")


def test_removing_a_proposal_frees_the_worker_for_another_funder(alice):
    worker = make_worker()
    first = make_scheme(alice, name="Pertama")
    membership = membership_propose(actor=alice, scheme=first, worker=worker, today=TODAY)
    membership_remove(actor=alice, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert membership_propose(
        actor=alice, scheme=make_scheme(alice, name="Kedua"), worker=worker, today=TODAY
    )


def test_a_rejection_ends_the_membership_and_releases_the_months(alice):
    scheme = make_scheme(alice)
    approve(alice, scheme)
    membership = membership_propose(actor=alice, scheme=scheme, worker=make_worker(), today=TODAY)
    memberships_submit(actor=alice, scheme=scheme)
    membership.refresh_from_db()
    membership_reject(actor=alice, membership=membership, reason="NIK tidak padu dengan Dukcapil")
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ENDED and membership.end_month is None
    assert membership.rejection_reason == "NIK tidak padu dengan Dukcapil"
    assert membership.month_rows.count() == 0


def test_ending_keeps_the_months_covered_and_releases_the_rest(alice):
    membership = active_member(alice, make_scheme(alice), make_worker())
    membership_end(actor=alice, membership=membership, month=dt.date(2026, 4, 1), why="Meninggal dunia")
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ENDED and membership.end_month == dt.date(2026, 4, 1)
    assert sorted({r.month.month for r in membership.month_rows.all()}) == [1, 2, 3, 4]


def test_closing_a_scheme_ends_its_memberships(alice):
    from payung.schemes.services.schemes import scheme_transition

    scheme = make_scheme(alice)
    membership = active_member(alice, scheme, make_worker())
    scheme.refresh_from_db()
    scheme_transition(actor=alice, scheme=scheme, to=SchemeStatus.CLOSED, why="Tahun anggaran selesai")
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ENDED
    with pytest.raises(MembershipInvalid, match="ditutup"):
        membership_propose(actor=alice, scheme=scheme, worker=make_worker(name="Baru"), today=TODAY)


def test_a_worker_taken_between_selection_and_saving_is_skipped_not_lost(alice, monkeypatch):
    from payung.schemes.selection import plan_selection as real_plan_selection
    from payung.schemes.services import memberships as services

    free, taken = make_worker(name="Bebas", dtsen_decile=1), make_worker(name="Direbut", dtsen_decile=1)
    scheme = make_scheme(alice, name="APBD")
    selection = real_plan_selection(
        services.plan_for_scheme(scheme, today=TODAY)
    )  # read before the other commit
    membership_propose(
        actor=alice, scheme=make_scheme(alice, name="CSR Lain", funder_type="CSR"), worker=taken, today=TODAY
    )
    monkeypatch.setattr(services, "plan_selection", lambda plan: selection)
    result = memberships_propose_selection(actor=alice, scheme=scheme, today=TODAY)
    assert [m.worker_id for m in result.created] == [free.pk]
    assert result.conflicts == {taken.pk: ["CSR Lain"]}
