"""Demo schemes on the demo registry: the seeds' story, told with a small registry.

- Enrekang's APBD scheme for 2026 (JKK+JKM for deciles 1-3) goes the whole way: approved, selected,
  submitted to the BPJS branch, answered with KPJ numbers, running, billed and partly paid.
- Kabupaten Solok (seed: 54 of 74 nagari take part, Danau Kembar and Junjung Sirih with every nagari,
  eight nagari fund 100 workers each): 54 nagari fund their own workers from their APBNag since the
  launch of 25 July 2025, so the 2025 dashboard says 54 of 74 with those two districts at 100 %.
  Cupak and Koto Gaek Guguk, funded by their own nagari, are at the proposal stage for 2026 (the
  Gunung Talang operator's work).
- Kota Makassar (seed: 81,466 workers with JKK+JKM from the APBD, JHT for 45,000 of deciles 1-3 in
  2026): two 2026 schemes whose quotas and budgets are the headline figures; their members are the
  demo registry's Makassar workers (2,500, not 81,466: `make run` stays fast). The JKK+JKM list is
  submitted to the branch and waits for KPJ numbers (the BPJS officer's work); the JHT selection is
  proposed (the admin's next step). The city's total coverage (the BPJS report) is in coverage/demo.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.db import transaction

from payung.accounts.models import User
from payung.lib import dates
from payung.regions.models import Level, Region
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
    funder_type="APBD",
    funder_region="73.16",
    year=2026,
    budget=400_000_000,
    programmes=("JKK", "JKM"),
    first_month=1,
    months=12,
    deciles=(1, 2, 3),
)
MAKASSAR_JKK_JKM = SchemeInput(
    name="APBD Makassar 2026: JKK+JKM Makassar Berjasa (81.466 pekerja rentan)",
    funder_type="APBD",
    funder_region="73.71",
    year=2026,
    budget=81_466 * 16_800 * 12,
    programmes=("JKK", "JKM"),
    first_month=1,
    months=12,
    quota=81_466,
)
MAKASSAR_JHT = SchemeInput(
    name="APBD Makassar 2026: JHT pekerja rentan desil 1-3 (45.000)",
    funder_type="APBD",
    funder_region="73.71",
    year=2026,
    budget=45_000 * 20_000 * 12,
    programmes=("JHT",),
    first_month=1,
    months=12,
    quota=45_000,
    deciles=(1, 2, 3),
)
SOLOK = "13.02"
SOLOK_LAUNCH = dt.date(2025, 7, 25)  # the launch in Arosuka; the nagari schemes cover August-December 2025
SOLOK_FUNDING_NAGARI = 54
SOLOK_COMPLETE_DISTRICTS = ("Danau Kembar", "Junjung Sirih")
# The eight nagari of the seed that budgeted 100 workers each ("Koto Anau" is Koto Gadang Koto Anau).
SOLOK_HUNDRED = (
    "Taruang-Taruang",
    "Simanau",
    "Alahan Panjang",
    "Sungai Abu",
    "Koto Gadang Koto Anau",
    "Muaro Paneh",
    "Koto Baru",
    "Kampung Batu Dalam",
)
SOLOK_PROPOSING = ("Cupak", "Koto Gaek Guguk")  # in Gunung Talang, 2026, at the proposal stage
NAGARI_QUOTA = 10  # the other nagari fund a few workers each


def _nagari_scheme(village: Region, *, year: int, quota: int, first_month: int) -> SchemeInput:
    months = 13 - first_month
    return SchemeInput(
        name=f"APBNag {village.name} {year}: JKK+JKM",
        funder_type="APBDES",
        funder_region=village.code,
        year=year,
        budget=quota * 16_800 * months,
        programmes=("JKK", "JKM"),
        first_month=first_month,
        months=months,
        quota=quota,
    )


def solok_funding_nagari() -> list[Region]:
    """The 54 nagari that fund workers: every nagari of the two complete districts, the eight of 100,
    then others in code order, always leaving a nagari out of every other district (and Cupak and Koto
    Gaek Guguk, whose schemes are for 2026)."""
    villages = list(Region.objects.filter(level=Level.VILLAGE, code__startswith=SOLOK + ".").order_by("code"))
    districts = dict(Region.objects.filter(parent_id=SOLOK).values_list("code", "name"))
    complete = {code for code, name in districts.items() if name in SOLOK_COMPLETE_DISTRICTS}
    chosen = [v for v in villages if v.parent_id in complete]
    chosen += [v for v in villages if v.name in SOLOK_HUNDRED and v not in chosen]
    left_out = {v.parent_id for v in villages if v.name in SOLOK_PROPOSING}
    for village in reversed(villages):  # the last nagari of each other district stays out
        if village.parent_id not in complete and village.parent_id not in left_out and village not in chosen:
            left_out.add(village.parent_id)
            village.left_out = True
    for village in villages:
        if len(chosen) >= SOLOK_FUNDING_NAGARI:
            break
        if (
            village not in chosen
            and not getattr(village, "left_out", False)
            and village.name not in SOLOK_PROPOSING
        ):
            chosen.append(village)
    return chosen[:SOLOK_FUNDING_NAGARI]


def _answer_all(admin, scheme: FundingScheme) -> None:
    submitted = Membership.objects.filter(scheme=scheme, status=MembershipStatus.SUBMITTED).order_by("pk")
    memberships_answer(
        actor=admin,
        scheme=scheme,
        kpj={m.pk: f"26{m.pk:09d}" for m in submitted},  # demo KPJ numbers, 11 digits
        rejected={},
    )
    scheme.refresh_from_db()
    if scheme.status == SchemeStatus.APPROVED:
        scheme_transition(actor=admin, scheme=scheme, to=SchemeStatus.RUNNING, why="data demo")


def _run_through(admin, scheme: FundingScheme, today: dt.date, *, stage: str) -> None:
    """stage: "proposed", "submitted", "active" or "paid" (billed and half paid)."""
    scheme_transition(actor=admin, scheme=scheme, to=SchemeStatus.APPROVED, why="data demo")
    memberships_propose_selection(actor=admin, scheme=scheme, today=today)
    if stage == "proposed":
        return
    memberships_submit(actor=admin, scheme=scheme)
    if stage == "submitted":
        return
    _answer_all(admin, scheme)
    if (
        stage != "paid"
        or not Membership.objects.filter(scheme=scheme, status=MembershipStatus.ACTIVE).exists()
    ):
        return
    bill = bill_issue(actor=admin, scheme=scheme, month=today.replace(day=1), today=today)
    payment_record(
        actor=admin,
        bill=bill,
        amount=max(bill.total // 2, 1),
        paid_on=today,
        reference="SP2D/DEMO/001",
        today=today,
    )


def _plans(today: dt.date) -> list[tuple[SchemeInput, str, dt.date]]:
    plans: list[tuple[SchemeInput, str, dt.date]] = [
        (ENREKANG, "paid", today),
        (MAKASSAR_JKK_JKM, "submitted", today),
        (MAKASSAR_JHT, "proposed", today),
    ]
    for village in Region.objects.filter(
        level=Level.VILLAGE, code__startswith=SOLOK + ".", name__in=SOLOK_PROPOSING
    ):
        plans.append((_nagari_scheme(village, year=2026, quota=100, first_month=1), "proposed", today))
    for village in solok_funding_nagari():
        quota = 100 if village.name in SOLOK_HUNDRED else NAGARI_QUOTA
        nagari = _nagari_scheme(
            village, year=SOLOK_LAUNCH.year, quota=quota, first_month=SOLOK_LAUNCH.month + 1
        )
        plans.append((nagari, "active", SOLOK_LAUNCH))
    return [(replace(data, name=data.name[:150]), stage, day) for data, stage, day in plans]


def load_funding_demo(*, today: dt.date | None = None) -> dict[str, int]:
    """Creates the demo schemes once; a second run finds them and adds nothing."""
    today = today or dates.today()
    admin = User.objects.get(username="admin")
    created = 0
    existing = set(FundingScheme.objects.values_list("name", flat=True))
    for data, stage, day in _plans(today):
        if data.name in existing:
            continue
        with transaction.atomic():
            scheme = scheme_create(actor=admin, data=data, today=day)
            _run_through(admin, scheme, day, stage=stage)
        created += 1
    return {"schemes_created": created, "memberships": Membership.objects.count()}
