"""Regulation facts the scheme and billing code need, read from the rules (one place, dated, cited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from payung.rules.types import Month
from payung.rules.versions import Citation, IncomeBrackets, RuleBook


def _book(rulebook: RuleBook | None) -> RuleBook:
    from payung.rules.catalogue import default_rulebook

    return rulebook if rulebook is not None else default_rulebook()


@dataclass(frozen=True, slots=True)
class SchemeDefaults:
    """What a new funding scheme starts from, each figure with the rule version behind it."""

    declared_income: int  # the lowest BPU income basis (Lampiran II's first row): Rp1.000.000
    min_age: int
    max_age: int
    lapse_after_months: int
    due_day: int
    citations: tuple[Citation, ...]


def minimum_income_basis(month: Month, *, rulebook: RuleBook | None = None) -> int:
    """The lowest BPU income basis in force in `month` (the basis Pemda cohorts are enrolled at)."""
    version = _book(rulebook).version_at("bpu.income_brackets", month.first_day)
    assert isinstance(version.value, IncomeBrackets)
    basis = version.value.brackets[0].basis
    assert basis is not None
    return basis


def scheme_defaults(day: date, *, rulebook: RuleBook | None = None) -> SchemeDefaults:
    book = _book(rulebook)
    versions = {
        key: book.version_at(key, Month.of(day).first_day)
        for key in (
            "bpu.income_brackets",
            "eligibility.min_age",
            "eligibility.max_age",
            "membership.lapse_after_unpaid_months",
            "bill.due_day",
        )
    }
    return SchemeDefaults(
        declared_income=minimum_income_basis(Month.of(day), rulebook=book),
        min_age=int(versions["eligibility.min_age"].value),  # type: ignore[arg-type]
        max_age=int(versions["eligibility.max_age"].value),  # type: ignore[arg-type]
        lapse_after_months=int(versions["membership.lapse_after_unpaid_months"].value),  # type: ignore[arg-type]
        due_day=int(versions["bill.due_day"].value),  # type: ignore[arg-type]
        citations=tuple(Citation.of(version) for version in versions.values()),
    )


def bill_due_date(month: Month, *, rulebook: RuleBook | None = None) -> date:
    """The day a bill for contribution month `month` is due."""
    version = _book(rulebook).version_at("bill.due_day", month.first_day)
    return month.first_day.replace(day=int(version.value))  # type: ignore[arg-type]
