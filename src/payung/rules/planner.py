"""Cost planner: what covering N workers with a package costs, month by month.

A discount window or a new wage cap can start mid-year, so each month is computed on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from payung.rules.contribution import ContributionBreakdown, contribution
from payung.rules.types import FunderType, InvalidInput, Month, Programme, Sector, Segment, month_span
from payung.rules.versions import Citation, RuleBook


@dataclass(frozen=True, slots=True)
class Package:
    """What a funding scheme buys for each worker."""

    segment: Segment
    programmes: tuple[Programme, ...]
    income: int
    funder_type: FunderType = FunderType.MANDIRI
    sector: Sector = Sector.LAINNYA
    risk_class: int | None = None


@dataclass(frozen=True, slots=True)
class MonthCost:
    month: Month
    workers: int
    breakdown: ContributionBreakdown  # one worker

    @property
    def per_worker(self) -> int:
        return self.breakdown.total

    @property
    def total(self) -> int:
        return self.per_worker * self.workers


@dataclass(frozen=True, slots=True)
class CostPlan:
    package: Package
    workers: int
    months: tuple[MonthCost, ...]

    @property
    def total(self) -> int:
        return sum(month.total for month in self.months)

    @property
    def discount_total(self) -> int:
        return sum(month.breakdown.discount_total * self.workers for month in self.months)

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every rule version that priced any month of the plan, once each, in order of use."""
        seen: dict[tuple[str, object], Citation] = {}
        for month in self.months:
            for citation in month.breakdown.citations:
                seen.setdefault((citation.rule, citation.effective_from), citation)
        return tuple(seen.values())

    def total_by_programme(self) -> dict[Programme, int]:
        totals: dict[Programme, int] = {}
        for month in self.months:
            for line in month.breakdown.lines:
                totals[line.programme] = totals.get(line.programme, 0) + line.amount * self.workers
        return totals


def contribution_for(
    *, package: Package, month: Month, rulebook: RuleBook | None = None
) -> ContributionBreakdown:
    return contribution(
        segment=package.segment,
        programmes=package.programmes,
        income=package.income,
        month=month,
        funder_type=package.funder_type,
        sector=package.sector,
        risk_class=package.risk_class,
        rulebook=rulebook,
    )


def cost_plan(
    *,
    package: Package,
    workers: int,
    first_month: Month,
    months: int,
    rulebook: RuleBook | None = None,
) -> CostPlan:
    """The cost of `workers` workers for `months` months from `first_month`."""
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InvalidInput(f"the number of workers must be at least 1, not {workers!r}")
    return CostPlan(
        package=package,
        workers=workers,
        months=tuple(
            MonthCost(
                month=month,
                workers=workers,
                breakdown=contribution_for(package=package, month=month, rulebook=rulebook),
            )
            for month in month_span(first_month, months)
        ),
    )


def package_from(
    *,
    segment: Segment,
    programmes: Iterable[Programme],
    income: int,
    funder_type: FunderType = FunderType.MANDIRI,
    sector: Sector = Sector.LAINNYA,
    risk_class: int | None = None,
) -> Package:
    return Package(
        segment=Segment(segment),
        programmes=tuple(Programme(item) for item in programmes),
        income=income,
        funder_type=FunderType(funder_type),
        sector=Sector(sector),
        risk_class=risk_class,
    )
