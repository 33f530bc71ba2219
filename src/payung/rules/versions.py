"""Rules as dated data, and the RuleBook that resolves a date to exactly one version.

A *rule* (RuleSpec) is one regulated figure, e.g. "pu.jp.wage_cap". A *version* (RuleVersion)
is its value between two dates, with the regulation that sets it. The versions of one rule
form a contiguous, non-overlapping chain that ends open-ended, so any date from the first
version on resolves to exactly one version. A new version never edits an old one: adding it
closes the previous open-ended version the day before the new one starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from payung.rules.types import (
    Confidence,
    FunderType,
    InvalidInput,
    RuleNotInForce,
    RuleVersionConflict,
)


class ValueKind(StrEnum):
    """What a rule's value is; decides how it is validated, shown and entered."""

    RATE = "rate"  # Decimal fraction of a basis: 0.01 = 1 %
    AMOUNT = "amount"  # whole Rupiah
    MULTIPLIER = "multiplier"  # Decimal times a monthly wage (48 for JKK death)
    MONTHS = "months"  # whole number of months
    YEARS = "years"  # whole number of years (an age)
    DAYS = "days"  # whole number of days (a reporting deadline)
    DAY_OF_MONTH = "day_of_month"  # 1-28, a day every month has
    BRACKETS = "brackets"  # IncomeBrackets
    DISCOUNT = "discount"  # DiscountTerms
    INCAPACITY_SCHEDULE = "incapacity_schedule"  # tuple of IncapacityStep
    SCHOLARSHIP = "scholarship"  # ScholarshipTable


# Values an admin can type into a form (one number); the others change through code review.
SCALAR_KINDS = frozenset(
    {
        ValueKind.RATE,
        ValueKind.AMOUNT,
        ValueKind.MULTIPLIER,
        ValueKind.MONTHS,
        ValueKind.YEARS,
        ValueKind.DAYS,
        ValueKind.DAY_OF_MONTH,
    }
)
# Scalar kinds whose value is a whole number.
WHOLE_NUMBER_KINDS = frozenset(
    {ValueKind.AMOUNT, ValueKind.MONTHS, ValueKind.YEARS, ValueKind.DAYS, ValueKind.DAY_OF_MONTH}
)


@dataclass(frozen=True, slots=True)
class IncomeBracket:
    """Declared incomes up to `up_to` (inclusive; None = no upper end) pay on `basis`.

    `basis` None means "the declared income itself". `confidence`: how sure the sources are of
    this row (one row of a table can be confirmed while the next is not).
    """

    up_to: int | None
    basis: int | None
    confidence: Confidence = Confidence.CONFIRMED


@dataclass(frozen=True, slots=True)
class IncomeBrackets:
    """PP 44/2015 Lampiran II: the nominal income a BPU contribution is computed on.

    Explicit rows first. Above the last explicit row, either nothing (the last row is
    open-ended) or rows of `step` Rupiah each, whose basis is the row's midpoint
    (Rp1.300.000-1.499.999 -> Rp1.400.000), marked `step_confidence`: the pattern the
    confirmed rows follow, where the official rows were not found.
    """

    brackets: tuple[IncomeBracket, ...]
    step: int | None = None
    step_confidence: Confidence = Confidence.UNCERTAIN

    def __post_init__(self) -> None:
        if not self.brackets:
            raise InvalidInput("an income table needs at least one bracket")
        if self.step is None and self.brackets[-1].up_to is not None:
            raise InvalidInput("the last income bracket must have no upper end")
        if self.step is not None and (self.step <= 0 or self.brackets[-1].up_to is None):
            raise InvalidInput("stepped brackets continue after a last row with an upper end")
        previous_up_to = -1
        previous_basis = 0
        for bracket in self.brackets:
            if bracket.up_to is not None:
                if bracket.up_to <= previous_up_to:
                    raise InvalidInput("income brackets must be in increasing order")
                previous_up_to = bracket.up_to
            if bracket.basis is not None:
                # Monotone bases keep the contribution non-decreasing in income.
                if bracket.basis < previous_basis or bracket.basis <= 0:
                    raise InvalidInput("bracket bases must be positive and non-decreasing")
                previous_basis = bracket.basis

    def basis_for(self, income: int) -> int:
        return self.row_for(income)[0]

    def row_for(self, income: int) -> tuple[int, Confidence]:
        """The basis of `income` and how sure the table is of the row it falls in."""
        for bracket in self.brackets:
            if bracket.up_to is None or income <= bracket.up_to:
                return (income if bracket.basis is None else bracket.basis), bracket.confidence
        assert self.step is not None and self.brackets[-1].up_to is not None
        lower = self.brackets[-1].up_to + 1 + (income - self.brackets[-1].up_to - 1) // self.step * self.step
        return lower + self.step // 2, self.step_confidence


@dataclass(frozen=True, slots=True)
class DiscountTerms:
    """A temporary cut of a contribution (PP 49/2020, PP 50/2025).

    `fraction` is the share taken off (0.5 = half). Funders in `excluded_funders` pay full.
    `excludes_apbdes_if_configured`: APBDes counts as APBD only when the RuleBook setting says so.
    """

    fraction: Decimal
    excluded_funders: frozenset[FunderType] = frozenset()
    excludes_apbdes_if_configured: bool = False

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.fraction <= Decimal(1):
            raise InvalidInput("a discount must be between 0 and 100 %")


NO_DISCOUNT = DiscountTerms(fraction=Decimal(0))


@dataclass(frozen=True, slots=True)
class IncapacityStep:
    """Temporary incapacity (STMB): `share` of the wage for `months` months (None = until recovery)."""

    months: int | None
    share: Decimal


class SchoolLevel(StrEnum):
    TK_SD = "TK_SD"  # kindergarten / primary
    SMP = "SMP"  # junior secondary
    SMA = "SMA"  # senior secondary
    PT = "PT"  # higher education up to S1


@dataclass(frozen=True, slots=True)
class ScholarshipLevel:
    level: SchoolLevel
    yearly_amount: int
    max_years: int

    @property
    def max_amount(self) -> int:
        return self.yearly_amount * self.max_years


@dataclass(frozen=True, slots=True)
class ScholarshipTable:
    levels: tuple[ScholarshipLevel, ...]
    max_children: int
    min_contribution_months: int  # masa iur for the JKM scholarship only; JKK scholarships need none
    # Before PP 82/2019 the scholarship was one payment, whatever the school level.
    one_off_amount: int | None = None

    def level(self, level: SchoolLevel) -> ScholarshipLevel:
        for row in self.levels:
            if row.level == level:
                return row
        raise InvalidInput(f"no scholarship for school level {level}")

    @property
    def max_per_child(self) -> int:
        if self.one_off_amount is not None:
            return self.one_off_amount
        return sum(row.max_amount for row in self.levels)

    def remaining_from(self, level: SchoolLevel) -> int:
        """The most a child now at `level` can still receive, through to university."""
        if self.one_off_amount is not None:
            return self.one_off_amount
        order = list(SchoolLevel)
        return sum(row.max_amount for row in self.levels if order.index(row.level) >= order.index(level))


RuleValue = Decimal | int | IncomeBrackets | DiscountTerms | tuple[IncapacityStep, ...] | ScholarshipTable


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One regulated figure. `monthly` rules change only on the first day of a month."""

    key: str
    title: str  # English; screens translate it
    kind: ValueKind
    monthly: bool = True


@dataclass(frozen=True, slots=True)
class RuleVersion:
    """A rule's value from `effective_from` to `effective_to` (inclusive; None = still in force)."""

    rule: str
    effective_from: date
    value: RuleValue
    source: str
    effective_to: date | None = None
    confidence: Confidence = Confidence.CONFIRMED
    note: str = ""  # internal: doubts with the research notes' source IDs (docs, reviewers)
    explanation: str = ""  # for screens: plain Bahasa Indonesia, translated by the presenters

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True, slots=True)
class Citation:
    """Which rule version priced an amount: its key, the day it took effect, its source and confidence."""

    rule: str
    effective_from: date
    source: str
    confidence: Confidence

    @classmethod
    def of(cls, version: RuleVersion) -> Citation:
        return cls(version.rule, version.effective_from, version.source, version.confidence)

    def as_json(self) -> dict:
        return {
            "rule": self.rule,
            "effective_from": self.effective_from.isoformat(),
            "source": self.source,
            "confidence": self.confidence.value,
        }


def _check_value(spec: RuleSpec, value: RuleValue) -> None:
    expected: dict[ValueKind, type | tuple[type, ...]] = {
        ValueKind.RATE: Decimal,
        ValueKind.MULTIPLIER: Decimal,
        ValueKind.AMOUNT: int,
        ValueKind.MONTHS: int,
        ValueKind.YEARS: int,
        ValueKind.DAYS: int,
        ValueKind.DAY_OF_MONTH: int,
        ValueKind.BRACKETS: IncomeBrackets,
        ValueKind.DISCOUNT: DiscountTerms,
        ValueKind.INCAPACITY_SCHEDULE: tuple,
        ValueKind.SCHOLARSHIP: ScholarshipTable,
    }
    if isinstance(value, bool) or not isinstance(value, expected[spec.kind]):
        raise RuleVersionConflict(f"{spec.key} needs a {spec.kind} value, not {value!r}")
    if spec.kind in SCALAR_KINDS and value < 0:  # type: ignore[operator]
        raise RuleVersionConflict(f"{spec.key}: the value must not be negative")
    if spec.kind == ValueKind.DAY_OF_MONTH and not 1 <= value <= 28:  # type: ignore[operator]
        raise RuleVersionConflict(
            f"{spec.key}: a day every month has is 1-28, not {value}", code="day_out_of_range"
        )
    if spec.kind == ValueKind.RATE and value > 1:  # type: ignore[operator]
        raise RuleVersionConflict(
            f"{spec.key}: a rate is a fraction (0.01 = 1 %), not {value}", code="rate_above_100"
        )


def _check_chain(spec: RuleSpec, versions: tuple[RuleVersion, ...]) -> None:
    """Contiguous, non-overlapping, open-ended at the end; month starts for monthly rules."""
    if not versions:
        raise RuleVersionConflict(f"{spec.key} has no version")
    for version in versions:
        _check_value(spec, version.value)
        if not version.source.strip():
            raise RuleVersionConflict(f"{spec.key} from {version.effective_from}: a source is required")
        if version.effective_to is not None and version.effective_to < version.effective_from:
            raise RuleVersionConflict(f"{spec.key} from {version.effective_from}: it ends before it starts")
        if spec.monthly and version.effective_from.day != 1:
            raise RuleVersionConflict(
                f"{spec.key} changes per contribution month: start on the 1st, not {version.effective_from}",
                code="not_first_of_month",
            )
    for earlier, later in zip(versions, versions[1:], strict=False):
        if earlier.effective_to is None or earlier.effective_to >= later.effective_from:
            raise RuleVersionConflict(
                f"{spec.key}: the version from {later.effective_from} overlaps the one from "
                f"{earlier.effective_from}"
            )
        if earlier.effective_to + timedelta(days=1) != later.effective_from:
            raise RuleVersionConflict(
                f"{spec.key}: gap between {earlier.effective_to} and {later.effective_from}"
            )
    if versions[-1].effective_to is not None:
        raise RuleVersionConflict(f"{spec.key}: the latest version must be open-ended")


@dataclass(frozen=True)
class RuleBook:
    """All rule versions the engine computes with, plus engine settings.

    `apbdes_excluded_from_discount`: whether village-budget (APBDes / Dana Desa) funders are
    treated like APBD and excluded from PP 50/2025. Unknown in law (REGULATION.md 1.2.1), so it
    defaults to False (not excluded) and is a setting, not a hidden assumption.
    """

    specs: Mapping[str, RuleSpec]
    chains: Mapping[str, tuple[RuleVersion, ...]]
    apbdes_excluded_from_discount: bool = False

    @classmethod
    def build(
        cls,
        *,
        specs: Iterable[RuleSpec],
        versions: Iterable[RuleVersion],
        apbdes_excluded_from_discount: bool = False,
    ) -> RuleBook:
        spec_map = {spec.key: spec for spec in specs}
        grouped: dict[str, list[RuleVersion]] = {key: [] for key in spec_map}
        for version in versions:
            if version.rule not in spec_map:
                raise RuleVersionConflict(f"unknown rule {version.rule!r}")
            grouped[version.rule].append(version)
        chains = {}
        for key, items in grouped.items():
            chain = tuple(sorted(items, key=lambda version: version.effective_from))
            _check_chain(spec_map[key], chain)
            chains[key] = chain
        return cls(
            specs=MappingProxyType(spec_map),
            chains=MappingProxyType(chains),
            apbdes_excluded_from_discount=apbdes_excluded_from_discount,
        )

    def spec(self, rule: str) -> RuleSpec:
        try:
            return self.specs[rule]
        except KeyError:
            raise RuleVersionConflict(f"unknown rule {rule!r}") from None

    def versions(self, rule: str) -> tuple[RuleVersion, ...]:
        self.spec(rule)
        return self.chains[rule]

    def version_at(self, rule: str, day: date) -> RuleVersion:
        for version in self.versions(rule):
            if version.in_force_on(day):
                return version
        first = self.chains[rule][0].effective_from
        raise RuleNotInForce(
            f"{self.specs[rule].title} ({rule}) is not in force on {day}; it starts {first}",
            code="not_in_force",
            rule=rule,
            day=day,
            first=first,
        )

    def version_from(self, rule: str, effective_from: date) -> RuleVersion | None:
        """The version of `rule` that starts on `effective_from` (a citation's version), if any."""
        for version in self.versions(rule):
            if version.effective_from == effective_from:
                return version
        return None

    def value_at(self, rule: str, day: date) -> RuleValue:
        return self.version_at(rule, day).value

    def with_version(self, version: RuleVersion) -> RuleBook:
        """A new RuleBook with `version` appended to its rule's chain.

        The version must start after the latest existing one. The latest existing version is
        closed the day before (it is never edited otherwise); if it already ends on or after
        the new start, the versions overlap and the version is rejected.
        """
        spec = self.spec(version.rule)
        chain = self.chains[version.rule]
        latest = chain[-1]
        if version.effective_from <= latest.effective_from:
            raise RuleVersionConflict(
                f"{spec.key}: a new version must start after the latest one "
                f"({latest.effective_from}), not on {version.effective_from}",
                code="not_after_latest",
                latest=latest.effective_from,
            )
        if latest.effective_to is not None and latest.effective_to >= version.effective_from:
            raise RuleVersionConflict(
                f"{spec.key}: the version from {latest.effective_from} runs to {latest.effective_to} "
                f"and overlaps the new one from {version.effective_from}",
                code="overlaps_latest",
                latest=latest.effective_from,
                until=latest.effective_to,
            )
        closed = replace(latest, effective_to=version.effective_from - timedelta(days=1))
        new_chain = (*chain[:-1], closed, version)
        _check_chain(spec, new_chain)
        chains = dict(self.chains)
        chains[version.rule] = new_chain
        return replace(self, chains=MappingProxyType(chains))

    def with_versions(self, versions: Iterable[RuleVersion]) -> RuleBook:
        """Append several versions in date order (e.g. every admin-added version from the database)."""
        book = self
        for version in sorted(versions, key=lambda item: (item.rule, item.effective_from)):
            book = book.with_version(version)
        return book

    def with_settings(self, *, apbdes_excluded_from_discount: bool) -> RuleBook:
        return replace(self, apbdes_excluded_from_discount=apbdes_excluded_from_discount)
