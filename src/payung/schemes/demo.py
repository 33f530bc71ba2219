"""Demo schemes on the demo registry: what a regency's year looks like once Payung runs it.

Enrekang's APBD scheme for 2026 (JKK+JKM for deciles 1-3) goes the whole way: approved, selected,
submitted to the BPJS branch, answered with KPJ numbers, running, billed and partly paid. Two Solok
nagari fund their own workers (APBDes, 100 each at most), still at the proposal stage.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from payung.accounts.models import User
from payung.lib import dates
from payung.schemes.models import Membership, MembershipStatus
from payung.schemes.services.bills import bill_issue, payment_record
from payung.schemes.services.memberships import (
    memberships_answer,
    memberships_propose_selection,
    memberships_submit,
)

from .models import FundingScheme, SchemeStatus
from .services.schemes import SchemeInput, scheme_create, scheme_transition

ENREKANG = SchemeInput(
    name="APBD Enrekang 2026: JKK+JKM pekerja rentan desil 1-3",
    funder_type="APBD", funder_region="73.16", year=2026, budget=400_000_000,
    programmes=("JKK", "JKM"), first_month=1, months=12, deciles=(1, 2, 3),
)
SOLOK_NAGARI = (
    SchemeInput(
        name="APBNag Cupak 2026: JKK+JKM", funder_type="APBDES", funder_region="13.02.07.2002", year=2026,
        budget=25_000_000, programmes=("JKK", "JKM"), first_month=1, months=12, quota=100,
    ),
    SchemeInput(
        name="APBNag Koto Gaek Guguak 2026: JKK+JKM", funder_type="APBDES", funder_region="13.02.07.2001",
        year=2026, budget=25_000_000, programmes=("JKK", "JKM"), first_month=1, months=12, quota=100,
    ),
)


def _run_through(admin, scheme: FundingScheme, today: dt.date, *, pay: bool) -> None:
    scheme_transition(actor=admin, scheme=scheme, to=SchemeStatus.APPROVED, why="data demo")
    memberships_propose_selection(actor=admin, scheme=scheme, today=today)
    if not pay:
        return
    memberships_submit(actor=admin, scheme=scheme)
    submitted = Membership.objects.filter(scheme=scheme, status=MembershipStatus.SUBMITTED).order_by("pk")
    memberships_answer(
        actor=admin, scheme=scheme,
        kpj={m.pk: f"26{m.pk:09d}" for m in submitted},  # demo KPJ numbers, 11 digits
        rejected={},
    )
    scheme.refresh_from_db()
    if scheme.status == SchemeStatus.APPROVED:
        scheme_transition(actor=admin, scheme=scheme, to=SchemeStatus.RUNNING, why="data demo")
    bill = bill_issue(actor=admin, scheme=scheme, month=today.replace(day=1), today=today)
    payment_record(actor=admin, bill=bill, amount=max(bill.total // 2, 1), paid_on=today,
                   reference="SP2D/DEMO/001", today=today)


def load_funding_demo(*, today: dt.date | None = None) -> dict[str, int]:
    """Creates the demo schemes once; a second run finds them and adds nothing."""
    today = today or dates.today()
    admin = User.objects.get(username="admin")
    created = 0
    for data, pay in ((ENREKANG, True), *((nagari, False) for nagari in SOLOK_NAGARI)):
        if FundingScheme.objects.filter(name=data.name).exists():
            continue
        with transaction.atomic():
            scheme = scheme_create(actor=admin, data=data, today=today)
            _run_through(admin, scheme, today, pay=pay)
        created += 1
    return {"schemes_created": created, "memberships": Membership.objects.count()}
