"""Vocabulary of the regulation engine: segments, programmes, funders, months, errors.

Everything here is plain Python so the engine runs without Django (CLI, tests, notebooks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum


class Segment(StrEnum):
    """Participant segment: wage earner (PU) or non-wage / informal (BPU)."""

    PU = "PU"
    BPU = "BPU"


class Programme(StrEnum):
    JKK = "JKK"  # work accident
    JKM = "JKM"  # death
    JHT = "JHT"  # old-age savings
    JP = "JP"  # pension
    JKP = "JKP"  # job loss


class FunderType(StrEnum):
    """Who pays a BPU participant's contribution."""

    APBN = "APBN"  # central government budget
    APBD = "APBD"  # regency / city / province budget
    APBDES = "APBDES"  # village budget (incl. Dana Desa)
    CSR = "CSR"  # company social fund
    BAZNAS = "BAZNAS"  # zakat agency
    MANDIRI = "MANDIRI"  # the worker pays for themselves


class Sector(StrEnum):
    """Sector as PP 50/2025 distinguishes it (ojol, ojek pangkalan, drivers, couriers = transport)."""

    TRANSPORTASI = "transportasi"
    LAINNYA = "lainnya"


class Confidence(StrEnum):
    """How sure the research notes (REGULATION.md) are about a figure."""

    CONFIRMED = "C"  # two or more independent sources
    SINGLE_SOURCE = "S"  # one source, or one press release reprinted
    UNCERTAIN = "U"  # sources conflict, are outdated or unofficial, or nothing was found


CONFIDENCE_ORDER = {Confidence.CONFIRMED: 2, Confidence.SINGLE_SOURCE: 1, Confidence.UNCERTAIN: 0}


def weakest(*levels: Confidence) -> Confidence:
    """The least sure of several confidence marks (a result is only as sure as its weakest input)."""
    return min(levels, key=CONFIDENCE_ORDER.__getitem__, default=Confidence.CONFIRMED)


@dataclass(frozen=True, slots=True)
class Remark:
    """A remark on a priced line, as a code and its parameters.

    The engine knows no language: screens turn `code` into Bahasa Indonesia (or English) through
    tariffs.presenters.remark_text, so no developer note reaches a screen.
    """

    code: str
    params: dict = field(default_factory=dict)


class RuleError(ValueError):
    """Base class of every error the engine raises on purpose; the message is fit to show a user."""


class RuleNotInForce(RuleError):
    """No version of a rule is in force on the date asked about."""


class RuleVersionConflict(RuleError):
    """A rule version overlaps, precedes or otherwise contradicts the versions already known."""


class NotAvailable(RuleError):
    """The programme or benefit does not exist for this segment (e.g. JP for BPU)."""


class InvalidInput(RuleError):
    """An argument is out of range (negative income, risk class 7, ...)."""


_MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """A contribution month (iuran month), e.g. Month(2026, 2) for February 2026."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise InvalidInput(f"month must be 1-12, not {self.month}")
        if not 1900 <= self.year <= 2200:
            raise InvalidInput(f"year {self.year} is out of range")

    @classmethod
    def parse(cls, text: str) -> Month:
        """Read 'YYYY-MM'."""
        match = _MONTH_PATTERN.match(text.strip())
        if not match:
            raise InvalidInput(f"month must look like YYYY-MM, not {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return self.plus(1).first_day - timedelta(days=1)

    def plus(self, months: int) -> Month:
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months; a day the target month lacks becomes its last day.

    31 March + 1 month = 30 April; 31 January 2024 + 1 month = 29 February 2024.
    """
    target = Month.of(day).plus(months)
    return target.first_day.replace(day=min(day.day, target.last_day.day))


def month_span(first: Month, count: int) -> tuple[Month, ...]:
    """`count` consecutive months starting at `first`."""
    if count < 1:
        raise InvalidInput(f"the number of months must be at least 1, not {count}")
    return tuple(first.plus(offset) for offset in range(count))
