"""When a coverage target is reached at the current pace, and what it takes to reach it on time.

Pure functions over a monthly series of participants (month index = year * 12 + month - 1).
The pace is the least-squares slope over the last `window` months (participants per month).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from payung.rules import FunderType, Month, Package, Programme, RuleBook, Segment, cost_plan
from payung.rules.facts import minimum_income_basis
from payung.rules.versions import Citation

WINDOW = 12


def usual_package(month: Month, rulebook: RuleBook | None = None) -> Package:
    """The package most regencies buy for pekerja rentan: BPU JKK + JKM on the lowest income basis in
    force in `month` (rules/: Rp1.000.000 in 2025-2026), paid from the APBD (no PP 50/2025 discount
    for APBD). Rp16.800 per worker per month in 2025-2026."""
    return Package(
        segment=Segment.BPU,
        programmes=(Programme.JKK, Programme.JKM),
        income=minimum_income_basis(month, rulebook=rulebook),
        funder_type=FunderType.APBD,
    )


def month_of(index: int) -> Month:
    return Month(index // 12, index % 12 + 1)


def index_of(month: Month) -> int:
    return month.year * 12 + month.month - 1


@dataclass(frozen=True, slots=True)
class Forecast:
    last_month: Month
    last_participants: int
    pace_per_month: Decimal  # participants gained per month (least squares over the window)
    target_participants: int
    deadline: Month
    reached_month: Month | None  # when the pace reaches the target; None = never at this pace
    already_reached: bool
    on_time: bool
    needed_per_month: int  # gain per month that reaches the target by the deadline
    extra_per_month: int  # needed_per_month minus the current pace, at least 0
    shortfall_at_deadline: int  # participants still missing at the deadline at the current pace
    yearly_budget: int | None  # Rupiah: a year of the usual package for the shortfall workers
    per_worker_month: int | None  # Rupiah per worker per month of that package
    citations: tuple[Citation, ...] = ()  # the rule versions that priced the budget
    income_basis: int | None = None  # the package's declared income


def pace(series: list[tuple[int, int]], window: int = WINDOW) -> Decimal:
    """Least-squares slope of participants per month over the last `window` points."""
    points = sorted(series)[-window:]
    if len(points) < 2:
        return Decimal(0)
    n = Decimal(len(points))
    xs = [Decimal(x) for x, _ in points]
    ys = [Decimal(y) for _, y in points]
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return Decimal(0)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def forecast(
    series: list[tuple[int, int]],
    *,
    target_participants: int,
    deadline: Month,
    rulebook: RuleBook | None = None,
    package: Package | None = None,
) -> Forecast | None:
    if not series:
        return None
    points = sorted(series)
    last_index, last_value = points[-1]
    slope = pace(points)
    deadline_index = index_of(deadline)
    missing = target_participants - last_value
    already = missing <= 0
    if already:
        reached = month_of(next(i for i, v in points if v >= target_participants))
    elif slope > 0:
        reached = month_of(last_index + int((Decimal(missing) / slope).to_integral_value(ROUND_CEILING)))
    else:
        reached = None
    months_left = deadline_index - last_index
    if already:
        needed = 0
    elif months_left > 0:
        needed = math.ceil(missing / months_left)
    else:
        needed = missing
    projected = Decimal(last_value) + slope * max(months_left, 0)
    shortfall = max(0, int((Decimal(target_participants) - projected).to_integral_value(ROUND_CEILING)))
    extra = max(0, int((Decimal(needed) - slope).to_integral_value(ROUND_CEILING))) if not already else 0
    budget = per_month = None
    plan_start = Month(deadline.year, 1)
    package = package or usual_package(plan_start, rulebook)
    month_plan = cost_plan(package=package, workers=1, first_month=plan_start, months=1, rulebook=rulebook)
    per_month, citations = month_plan.total, month_plan.citations
    if shortfall:
        year_plan = cost_plan(
            package=package, workers=shortfall, first_month=plan_start, months=12, rulebook=rulebook
        )
        budget, citations = year_plan.total, year_plan.citations
    return Forecast(
        last_month=month_of(last_index),
        last_participants=last_value,
        pace_per_month=slope.quantize(Decimal("0.1")),
        target_participants=target_participants,
        deadline=deadline,
        reached_month=reached,
        already_reached=already,
        on_time=reached is not None and reached <= deadline,
        needed_per_month=needed,
        extra_per_month=extra,
        shortfall_at_deadline=shortfall,
        yearly_budget=budget if shortfall else 0,
        per_worker_month=per_month,
        citations=citations,
        income_basis=package.income,
    )
