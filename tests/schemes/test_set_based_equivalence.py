"""The set-based lifecycle writes exactly what the per-member code wrote.

One scheme is taken through every bulk step (selection with a conflict, submission, the KPJ answer
with a rejection, bills with discount months, a member who leaves mid-year, a lapse, the payments
that reactivate, a late proposal, the scheme's close). After each step the whole state is read back
(memberships, their months, bills and lines, payments, status events, audit rows, the coverage outbox)
with ids replaced by names, and compared with `lifecycle_expected.json`, which was written by the
per-member code before the steps were rewritten (commit "tests: the lifecycle's state after each
step, captured from the per-member code"). `PAYUNG_WRITE_EXPECTED=1` rewrites the file.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest
import xlsxwriter

from payung.audit.models import AuditEvent
from payung.lib import dates
from payung.registry.models import Occupation, Worker
from payung.schemes.branch import answer_apply
from payung.schemes.models import (
    Bill,
    BillLine,
    FundingScheme,
    Membership,
    MembershipMonth,
    Payment,
    RegionMonthChange,
    SchemeStatus,
    StatusChange,
)
from payung.schemes.services.bills import bill_issue, payment_record
from payung.schemes.services.memberships import (
    membership_activate,
    membership_end,
    membership_propose,
    memberships_propose_selection,
    memberships_submit,
)
from payung.schemes.services.schemes import scheme_transition
from tests.conftest import make_worker
from tests.schemes.builders import TODAY, approve, make_scheme

pytestmark = pytest.mark.django_db

EXPECTED = Path(__file__).with_name("lifecycle_expected.json")
LATE = dt.date(2026, 12, 31)


def month(m: int) -> dt.date:
    return dt.date(2026, m, 1)


class Names:
    """Stable names for the ids a run hands out (they differ between databases and runs)."""

    def __init__(self):
        self.membership: dict[int, str] = {}
        self.bill: dict[int, str] = {}
        self.nik: dict[str, str] = {}
        self.worker: dict[str, str] = {}
        self.scheme: dict[str, str] = {}

    def learn(self) -> None:
        for pk, name in Worker.objects.values_list("pk", "name"):
            self.worker[str(pk)] = name
        for pk, name in FundingScheme.objects.values_list("pk", "name"):
            self.scheme[str(pk)] = name
        for pk, name in Membership.objects.values_list("pk", "worker__name"):
            self.membership.setdefault(pk, name)
        for pk, m in Bill.objects.values_list("pk", "month"):
            self.bill.setdefault(pk, f"bill {m:%Y-%m}")
        for nik, name in Worker.objects.values_list("nik", "name"):
            self.nik[nik] = name

    def value(self, key: str, value):
        if value is None:
            return None
        if key == "bill":
            return self.bill.get(int(value), value)
        if key == "worker":  # a NIK in the lifecycle's rows, a key in a removal's trail row
            return self.nik.get(value, self.worker.get(str(value), value))
        if key == "scheme":
            return self.scheme.get(str(value), value)
        return value

    def audit_object(self, object_type: str, object_id: str) -> str:
        if object_type == "membership":
            return self.membership.get(int(object_id), object_id)
        if object_type == "bill":
            return self.bill.get(int(object_id), object_id)
        if object_type == "payment":
            return (
                Payment.objects.filter(pk=object_id).values_list("reference", flat=True).first() or object_id
            )
        if object_type == "funding_scheme":
            return (
                FundingScheme.objects.filter(pk=object_id).values_list("name", flat=True).first() or object_id
            )
        return object_id


def _sorted(rows: list) -> list:
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True, default=str))


def snapshot(names: Names) -> dict:
    """Everything the lifecycle wrote, without ids or timestamps."""
    names.learn()
    member = names.membership
    return {
        "memberships": _sorted(
            [
                [
                    member[m.pk],
                    m.scheme.name,
                    m.status,
                    str(m.start_month),
                    str(m.end_month),
                    m.kpj_number,
                    m.rejection_reason,
                    m.planned_cost,
                    m.programmes,
                    m.regency_code,
                ]
                for m in Membership.objects.select_related("scheme")
            ]
        ),
        "months": _sorted(
            [
                [member[pk], programme, str(m)]
                for pk, programme, m in MembershipMonth.objects.values_list(
                    "membership_id", "programme", "month"
                )
            ]
        ),
        "bills": _sorted(
            [
                [str(b.month), str(b.due_date), b.total, b.members, b.issued_by_id is not None]
                for b in Bill.objects.all()
            ]
        ),
        "lines": _sorted(
            [
                [
                    names.bill[line.bill_id],
                    member[line.membership_id],
                    line.programme,
                    line.amount,
                    line.normal_amount,
                    line.discount,
                    line.rule_source,
                ]
                for line in BillLine.objects.all()
            ]
        ),
        "payments": _sorted(
            [[names.bill[p.bill_id], p.amount, str(p.paid_on), p.reference] for p in Payment.objects.all()]
        ),
        "events": _sorted(
            [
                [
                    e.scheme.name,
                    member.get(e.membership_id) if e.membership_id else None,
                    e.by.username if e.by else None,
                    e.from_status,
                    e.to_status,
                    e.why,
                ]
                for e in StatusChange.objects.select_related("scheme", "by")
            ]
        ),
        "audit": _sorted(
            [
                [
                    a.object_type,
                    names.audit_object(a.object_type, a.object_id),
                    a.action,
                    a.source,
                    a.actor.username if a.actor else None,
                    a.actor_name,
                    a.regency_code,
                    a.note,
                    {k: [names.value(k, v) for v in pair] for k, pair in sorted(a.changes.items())},
                ]
                for a in AuditEvent.objects.filter(
                    object_type__in=["membership", "bill", "payment", "funding_scheme"]
                ).select_related("actor")
            ]
        ),
        "outbox": sorted(
            [r, str(m)] for r, m in RegionMonthChange.objects.values_list("regency_code", "month")
        ),
    }


def answer_file(rows) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ("NIK", "Nama", "No KPJ", "Alasan Penolakan"))
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            sheet.write_string(i, j, value)
    book.close()
    return buffer.getvalue()


def run_lifecycle(alice, monkeypatch) -> list[tuple[str, dict]]:
    """The scenario; returns (step, snapshot) after each step."""
    names = Names()
    steps: list[tuple[str, dict]] = []

    def step(name: str, extra=None):
        state = snapshot(names)
        if extra is not None:
            state["result"] = extra
        steps.append((name, state))

    ojek = Occupation.objects.get(code="ojek")
    workers = {
        name: make_worker(name=name, dtsen_decile=1, birth_date=dt.date(1980, 1, i + 1), occupation=occ)
        for i, (name, occ) in enumerate(
            [("Andi", ojek), ("Budi", None), ("Citra", ojek), ("Dewi", None), ("Eka", None), ("Fajar", None)]
        )
    }
    gita = make_worker(name="Gita", dtsen_decile=1)
    other = make_scheme(alice, name="CSR Lain", funder_type="CSR")
    membership_propose(actor=alice, scheme=other, worker=gita, today=TODAY)
    # CSR: PP 50/2025's discount for transport workers applies (APBD is excluded from it).
    scheme = make_scheme(alice, name="CSR Solok", funder_type="CSR", budget=10_000_000)
    step("created")

    result = memberships_propose_selection(actor=alice, scheme=scheme, today=TODAY)
    step(
        "select",
        {
            "created": sorted(names.membership.get(m.pk) or m.worker.name for m in result.created),
            "conflicts": {Worker.objects.get(pk=k).name: v for k, v in result.conflicts.items()},
        },
    )
    scheme = approve(alice, scheme)
    step("approve")
    step("submit", memberships_submit(actor=alice, scheme=scheme))

    def nik(name):
        return workers[name].nik

    answer = [
        (nik("Andi"), "Andi", "KPJ100001", ""),
        (nik("Budi"), "Budi", "KPJ100002", ""),
        (nik("Citra"), "CITRA", "KPJ100003", ""),
        (nik("Dewi"), "Dewi", "", "NIK tidak cocok dengan Dukcapil"),
        (nik("Eka"), "Eka", "KPJ100005", ""),
        (nik("Fajar"), "Fajar", "KPJ100006", ""),
    ]
    report = answer_apply(actor=alice, scheme=scheme, data=answer_file(answer))
    step("answer", [report.activated, report.rejected, report.applied, len(report.mismatches)])

    def bill(m, today):
        return bill_issue(actor=alice, scheme=scheme, month=month(m), today=today, ahead=True)

    def pay(b, amount, ref):
        payment_record(actor=alice, bill=b, amount=amount, paid_on=month(4), reference=ref, today=LATE)

    bills = {1: bill(1, month(1))}
    step("bill 1")
    pay(bills[1], bills[1].total, "SP2D-1")
    step("pay 1")
    bills[2] = bill(2, month(2))
    step("bill 2")
    hadi = make_worker(name="Hadi", dtsen_decile=2)
    membership_propose(actor=alice, scheme=scheme, worker=hadi, today=month(3))
    memberships_submit(actor=alice, scheme=scheme)
    membership_activate(actor=alice, membership=Membership.objects.get(worker=hadi), kpj_number="KPJ100008")
    step("late member")
    bills[3] = bill(3, month(3))
    step("bill 3")
    eka = Membership.objects.get(worker=workers["Eka"], scheme=scheme)
    membership_end(actor=alice, membership=eka, month=month(3), why="Pindah ke luar daerah")
    step("left mid-year")
    bills[4] = bill(4, month(4))
    step("bill 4")
    bills[5] = bill(5, dt.date(2026, 4, 16))  # February to April past due: Andi, Budi, Citra, Fajar lapse
    step("bill 5 with lapse")
    pay(bills[2], bills[2].total, "SP2D-2")
    pay(bills[3], bills[3].total, "SP2D-3")
    step("pay 2 and 3")
    pay(bills[4], 1_000, "SP2D-4a")
    step("pay 4 in part")
    bills[4].refresh_from_db()
    pay(bills[4], bills[4].total - 1_000, "SP2D-4b")
    step("pay 4 rest: reactivation")
    membership_propose(
        actor=alice, scheme=scheme, worker=make_worker(name="Irma", dtsen_decile=3), today=month(5)
    )
    memberships_submit(actor=alice, scheme=scheme)
    membership_propose(
        actor=alice, scheme=scheme, worker=make_worker(name="Joko", dtsen_decile=3), today=month(5)
    )
    step("late proposals")
    monkeypatch.setattr(dates, "now", lambda: dt.datetime(2026, 6, 10, 9, 0, tzinfo=dates.office_zone()))
    scheme.refresh_from_db()
    scheme_transition(actor=alice, scheme=scheme, to=SchemeStatus.CLOSED, why="Tahun anggaran selesai")
    step("close")
    return steps


def test_every_step_writes_what_the_per_member_code_wrote(alice, monkeypatch):
    steps = json.loads(json.dumps(run_lifecycle(alice, monkeypatch), default=str))
    if os.environ.get("PAYUNG_WRITE_EXPECTED"):
        EXPECTED.write_text(json.dumps(steps, indent=1, ensure_ascii=False) + "\n")
    expected = json.loads(EXPECTED.read_text())
    assert [name for name, _ in steps] == [name for name, _ in expected]
    for (name, state), (_, wanted) in zip(steps, expected, strict=True):
        for part in wanted:
            assert state[part] == wanted[part], f"{name}: {part}"
