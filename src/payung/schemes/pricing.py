"""What a scheme pays per worker per month, from the regulation engine (shipped + admin-added rules).

A worker's cost depends on the month (a discount window or a new rule version can start mid-year),
on the funder type (PP 50/2025 excludes APBN/APBD), on the worker's sector (transport has its own
discount window) and, for PU, the occupation's risk class. `Pricer` caches one breakdown per
(month, sector, risk class), so pricing 80,000 workers costs a handful of engine calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from payung.lib import dates
from payung.rules import ContributionBreakdown, Month, Package, RuleBook, contribution_for
from payung.rules import FunderType as EngineFunder
from payung.rules import Programme as EngineProgramme
from payung.rules import Sector as EngineSector
from payung.rules import Segment as EngineSegment
from payung.rules.facts import SchemeDefaults, bill_due_date, scheme_defaults
from payung.rules.versions import Citation
from payung.tariffs.services import current_rulebook


@dataclass(frozen=True)
class SchemeTerms:
    """The parts of a scheme the price depends on (a scheme row or a CLI plan give them)."""

    segment: str
    programmes: tuple[str, ...]
    funder_type: str
    declared_income: int


def terms_of(scheme) -> SchemeTerms:
    return SchemeTerms(
        segment=scheme.segment,
        programmes=tuple(scheme.programmes),
        funder_type=scheme.funder_type,
        declared_income=scheme.declared_income,
    )


@dataclass
class Pricer:
    terms: SchemeTerms
    rulebook: RuleBook = field(default_factory=current_rulebook)
    _cache: dict[tuple[Month, bool, int | None], ContributionBreakdown] = field(default_factory=dict)
    _costs: dict[tuple, int] = field(default_factory=dict)

    def package(self, *, transport: bool, risk_class: int | None) -> Package:
        return Package(
            segment=EngineSegment(self.terms.segment),
            programmes=tuple(EngineProgramme(p) for p in self.terms.programmes),
            income=self.terms.declared_income,
            funder_type=EngineFunder(self.terms.funder_type),
            sector=EngineSector.TRANSPORTASI if transport else EngineSector.LAINNYA,
            risk_class=risk_class if self.terms.segment == EngineSegment.PU else None,
        )

    def breakdown(
        self, month: Month, *, transport: bool, risk_class: int | None = None
    ) -> ContributionBreakdown:
        key = (month, transport, risk_class if self.terms.segment == EngineSegment.PU else None)
        if key not in self._cache:
            self._cache[key] = contribution_for(
                package=self.package(transport=transport, risk_class=risk_class),
                month=month,
                rulebook=self.rulebook,
            )
        return self._cache[key]

    def month_cost(self, month: Month, *, transport: bool, risk_class: int | None = None) -> int:
        return self.breakdown(month, transport=transport, risk_class=risk_class).total

    def cost(self, months: Iterable[Month], *, transport: bool, risk_class: int | None = None) -> int:
        """A worker's cost over `months`: each month priced on its own (once per distinct combination)."""
        months = tuple(months)
        key = (months, transport, risk_class if self.terms.segment == EngineSegment.PU else None)
        if key not in self._costs:
            self._costs[key] = sum(
                self.month_cost(m, transport=transport, risk_class=risk_class) for m in months
            )
        return self._costs[key]

    @property
    def citations(self) -> tuple[Citation, ...]:
        """The rule versions behind every amount this pricer has priced, once each, oldest first."""
        seen: dict[tuple[str, object], Citation] = {}
        for breakdown in self._cache.values():
            for citation in breakdown.citations:
                seen.setdefault((citation.rule, citation.effective_from, citation.confidence), citation)
        return tuple(sorted(seen.values(), key=lambda c: (c.rule, c.effective_from)))


def scheme_citations(scheme, *, rulebook: RuleBook | None = None) -> tuple[Citation, ...]:
    """The rule versions that price a scheme's amounts (members' planned costs, bills, the budget
    projection): its terms over its covered months, for both sectors (transport has its own discount)
    and, for PU, every risk class."""
    pricer = Pricer(terms_of(scheme), **({"rulebook": rulebook} if rulebook is not None else {}))
    risk_classes = (1, 2, 3, 4, 5) if scheme.segment == EngineSegment.PU else (None,)
    for month in scheme.covered_months:
        for transport in (False, True):
            for risk_class in risk_classes:
                pricer.breakdown(month, transport=transport, risk_class=risk_class)
    return pricer.citations


def regulation_defaults(day: date | None = None) -> SchemeDefaults:
    """What a new scheme starts from (income basis, ages, lapse, due day), each from rules/ with the
    admin's corrections: the one place the scheme code reads these facts."""
    return scheme_defaults(day or dates.today(), rulebook=current_rulebook())


def due_date_of(month: Month) -> date:
    """The day the bill of contribution month `month` falls due (rules/, with the admin's corrections)."""
    return bill_due_date(month, rulebook=current_rulebook())


def months_between(first: Month, last: Month) -> tuple[Month, ...]:
    """Every month from `first` to `last`, both included (empty when last < first)."""
    result = []
    current = first
    while current <= last:
        result.append(current)
        current = current.plus(1)
    return tuple(result)
