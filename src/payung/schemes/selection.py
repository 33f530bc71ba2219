"""Budget-fitting selection: who a scheme covers, poorest decile first, inside the budget.

Pure reads (nothing is saved): `plan_selection(plan)` is used by `payung scheme_plan`, by the
selection screen and by `memberships_propose_selection` (which saves what it returns).

Order of priority: DTSEN decile ascending (workers without a decile last), then the scheme's
configured priorities (disability first when set, then the order of its occupation list), then
the older worker first, then registry id. The walk is greedy: each worker in that order is taken
when the per-village quota, the total quota and the remaining budget allow; otherwise the reason
is kept ("just below the line"). Because the remaining budget only shrinks, a poorer worker left
out for lack of budget could not have been afforded at any later point either: a richer decile is
never taken while a poorer eligible worker is left out and affordable.

Workers already holding any of the plan's programmes in any of its months with another scheme
are not candidates; they are listed as conflicts naming the other scheme (one NIK, one funder).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from payung.accounts.scope import DEFAULT_LEVEL_FIELDS
from payung.registry.models import Worker
from payung.rules import Month

from .pricing import Pricer, SchemeTerms, months_between, regulation_defaults
from .selectors import conflicts_for, scheme_member_summary

BELOW_LINE_SHOWN = 50

REASON_BUDGET = "budget"
REASON_QUOTA = "quota"
REASON_VILLAGE_QUOTA = "village_quota"
REASONS = {
    REASON_BUDGET: _("anggaran tidak cukup"),
    REASON_QUOTA: _("kuota skema penuh"),
    REASON_VILLAGE_QUOTA: _("kuota desa penuh"),
}


def _defaults():
    """The regulation's defaults (rules/): the lowest income basis, the ages a scheme covers."""
    return regulation_defaults()


@dataclass(frozen=True)
class PlanInput:
    region: str  # the funder's region: candidates live inside it
    year: int
    budget: int
    programmes: tuple[str, ...]
    first_month: Month  # first month to pay for (the remaining months of the year)
    last_month: Month
    segment: str = "BPU"
    funder_type: str = "APBD"
    declared_income: int = field(default_factory=lambda: _defaults().declared_income)
    deciles: tuple[int, ...] = ()
    occupations: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    min_age: int = field(default_factory=lambda: _defaults().min_age)
    max_age: int = field(default_factory=lambda: _defaults().max_age)
    disability_first: bool = False
    quota: int | None = None
    per_village_quota: int | None = None
    scheme_id: int | None = None  # its own members are already in, not conflicts

    @property
    def terms(self) -> SchemeTerms:
        return SchemeTerms(self.segment, self.programmes, self.funder_type, self.declared_income)

    @property
    def months(self) -> tuple[Month, ...]:
        return months_between(self.first_month, self.last_month)


def plan_for_scheme(scheme, *, today: dt.date | None = None) -> PlanInput:
    """The plan of a saved scheme, priced from the later of its first month and `today`'s month."""
    first = scheme.start
    if today is not None and Month.of(today) > first:
        first = Month.of(today)
    return PlanInput(
        region=scheme.funder_region_id,
        year=scheme.year,
        budget=scheme.budget,
        programmes=tuple(scheme.programmes),
        first_month=first,
        last_month=Month.of(scheme.last_month),
        segment=scheme.segment,
        funder_type=scheme.funder_type,
        declared_income=scheme.declared_income,
        deciles=tuple(scheme.deciles),
        occupations=tuple(scheme.occupations),
        areas=tuple(scheme.areas),
        min_age=scheme.min_age,
        max_age=scheme.max_age,
        disability_first=scheme.disability_first,
        quota=scheme.quota,
        per_village_quota=scheme.per_village_quota,
        scheme_id=scheme.pk,
    )


@dataclass(frozen=True)
class Candidate:
    worker_id: int
    nik: str
    name: str
    village_id: str
    decile: int | None
    has_disability: bool
    occupation_id: str
    transport: bool
    risk_class: int
    birth_date: dt.date
    cost: int
    reason: str = ""

    @property
    def reason_text(self) -> str:
        return str(REASONS.get(self.reason, ""))


@dataclass(frozen=True)
class Conflict:
    worker_id: int
    nik: str
    name: str
    village_id: str
    schemes: tuple[str, ...]  # the other schemes' names


@dataclass
class Selection:
    plan: PlanInput
    selected: list[Candidate] = field(default_factory=list)
    below_line: list[Candidate] = field(default_factory=list)  # the first ones left out, with the reason
    left_out: int = 0  # all eligible workers left out
    conflicts: list[Conflict] = field(default_factory=list)
    committed: int = 0  # cost of the scheme's existing members (already in)
    committed_members: int = 0
    cost: int = 0  # cost of the newly selected workers
    citations: tuple = ()  # the rule versions (rules.Citation) that priced the costs

    @property
    def budget(self) -> int:
        return self.plan.budget

    @property
    def unused(self) -> int:
        return self.plan.budget - self.committed - self.cost

    @property
    def by_decile(self) -> dict[str, int]:
        counts = Counter("unknown" if c.decile is None else str(c.decile) for c in self.selected)
        return dict(
            sorted(
                counts.items(), key=lambda kv: (kv[0] == "unknown", int(kv[0]) if kv[0] != "unknown" else 0)
            )
        )

    @property
    def by_village(self) -> dict[str, int]:
        return dict(sorted(Counter(c.village_id for c in self.selected).items()))

    def as_json(self) -> dict:
        return {
            "selected": len(self.selected),
            "cost": self.cost,
            "budget": self.budget,
            "unused": self.unused,
            "by_decile": self.by_decile,
            "by_village": self.by_village,
            "citations": [c.as_json() for c in self.citations],
        }


# The eligibility criteria by name, with what the operator is told when a worker falls outside one.
CRITERIA = {
    "decile": _("desil DTSEN di luar kriteria skema"),
    "occupation": _("pekerjaan di luar kriteria skema"),
    "area": _("tinggal di luar wilayah sasaran skema"),
    "age": _("usia di luar rentang usia skema"),
}


def eligibility_filters(plan: PlanInput) -> dict[str, Q]:
    """The plan's eligibility as one condition per criterion (the one rule: the selection applies them
    all, a worker added by hand is checked against each to say which one it misses)."""
    filters: dict[str, Q] = {}
    if plan.deciles:
        filters["decile"] = Q(dtsen_decile__in=plan.deciles)
    if plan.occupations:
        filters["occupation"] = Q(occupation_id__in=plan.occupations)
    if plan.areas:
        area_q = Q()
        for code in plan.areas:
            area_q |= Q(**{DEFAULT_LEVEL_FIELDS[code.count(".") + 1]: code})
        filters["area"] = area_q
    day = plan.first_month.first_day
    # Age on the first day of the first paid month: min_age <= age <= max_age.
    filters["age"] = Q(
        birth_date__lte=_years_before(day, plan.min_age),
        birth_date__gt=_years_before(day, plan.max_age + 1),
    )
    return filters


def eligible_workers(plan: PlanInput):
    """Registry workers the plan's eligibility admits (conflicts and members not yet removed)."""
    workers = Worker.objects.in_region(plan.region)
    for condition in eligibility_filters(plan).values():
        workers = workers.filter(condition)
    return workers


def criteria_missed(plan: PlanInput, worker_id: int) -> list[str]:
    """The criteria (keys of CRITERIA) a worker of the funder's region does not meet."""
    one = Worker.objects.filter(pk=worker_id)
    return [
        name for name, condition in eligibility_filters(plan).items() if not one.filter(condition).exists()
    ]


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _priority(plan: PlanInput):
    occupation_rank = {code: index for index, code in enumerate(plan.occupations)}

    def key(row: dict):
        return (
            row["dtsen_decile"] is None,
            row["dtsen_decile"] or 0,
            not row["has_disability"] if plan.disability_first else False,
            occupation_rank.get(row["occupation_id"], len(occupation_rank)),
            row["birth_date"],
            row["id"],
        )

    return key


def plan_selection(plan: PlanInput, *, pricer: Pricer | None = None) -> Selection:
    pricer = pricer or Pricer(plan.terms)
    months = plan.months
    selection = Selection(plan=plan)
    if not months:  # the scheme's months are over: nobody can be covered any more
        return selection
    rows = list(
        eligible_workers(plan).values(
            "id",
            "nik",
            "name",
            "village_id",
            "dtsen_decile",
            "has_disability",
            "occupation_id",
            "occupation__transport",
            "occupation__risk_class",
            "birth_date",
        )
    )
    per_village: Counter[str] = Counter()
    members: set[int] = set()
    if plan.scheme_id is not None:
        summary = scheme_member_summary(plan.scheme_id)
        members = summary.worker_ids
        per_village.update(summary.per_village)
        selection.committed = summary.planned_cost
        selection.committed_members = len(members)
    conflicts = conflicts_for(
        worker_ids=[r["id"] for r in rows if r["id"] not in members],
        programmes=plan.programmes,
        months=[m.first_day for m in months],
        exclude_scheme_id=plan.scheme_id,
    )
    remaining = plan.budget - selection.committed
    taken = len(members)
    for row in sorted(rows, key=_priority(plan)):
        if row["id"] in members:
            continue
        if row["id"] in conflicts:
            selection.conflicts.append(
                Conflict(row["id"], row["nik"], row["name"], row["village_id"], tuple(conflicts[row["id"]]))
            )
            continue
        cost = pricer.cost(
            months, transport=row["occupation__transport"], risk_class=row["occupation__risk_class"]
        )
        reason = ""
        if plan.quota is not None and taken >= plan.quota:
            reason = REASON_QUOTA
        elif plan.per_village_quota is not None and per_village[row["village_id"]] >= plan.per_village_quota:
            reason = REASON_VILLAGE_QUOTA
        elif cost > remaining:
            reason = REASON_BUDGET
        candidate = Candidate(
            worker_id=row["id"],
            nik=row["nik"],
            name=row["name"],
            village_id=row["village_id"],
            decile=row["dtsen_decile"],
            has_disability=row["has_disability"],
            occupation_id=row["occupation_id"],
            transport=row["occupation__transport"],
            risk_class=row["occupation__risk_class"],
            birth_date=row["birth_date"],
            cost=cost,
            reason=reason,
        )
        if reason:
            selection.left_out += 1
            if len(selection.below_line) < BELOW_LINE_SHOWN:
                selection.below_line.append(candidate)
            continue
        selection.selected.append(candidate)
        selection.cost += cost
        remaining -= cost
        taken += 1
        per_village[row["village_id"]] += 1
    selection.citations = pricer.citations
    return selection
