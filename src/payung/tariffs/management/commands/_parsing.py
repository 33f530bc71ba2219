"""Argument parsing shared by the `contribution` and `benefit` commands: clear messages, no tracebacks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.management.base import CommandError

from payung.lib.money import RupiahError, parse_rupiah


def rupiah(text: str | None, *, name: str, minimum: int = 0) -> int | None:
    """A whole Rupiah amount through the one money parser: `1500000.50` is refused, not read as 150.000.050."""
    if text is None:
        return None
    try:
        return parse_rupiah(text, minimum=minimum)
    except RupiahError as error:
        raise CommandError(f"--{name}: {error.message}") from None


def whole_number(text: str | None, *, name: str, minimum: int = 0) -> int | None:
    """A count (workers, months, a risk class); money goes through `rupiah`."""
    if text is None:
        return None
    cleaned = text.strip()
    if not cleaned.isdigit():
        raise CommandError(f"--{name} must be a whole number, not {text!r}")
    value = int(cleaned)
    if value < minimum:
        raise CommandError(f"--{name} must be at least {minimum}, not {value}")
    return value


def decimal_number(text: str | None, *, name: str) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise CommandError(f"--{name} must be a number, not {text!r}") from None


def iso_date(text: str | None, *, name: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--{name} must be a date YYYY-MM-DD, not {text!r}") from None


def code_list(text: str, *, name: str, allowed: list[str]) -> list[str]:
    items = [item.strip().upper() for item in text.split(",") if item.strip()]
    if not items:
        raise CommandError(f"--{name} needs at least one of {', '.join(allowed)}")
    unknown = [item for item in items if item not in allowed]
    if unknown:
        raise CommandError(f"--{name}: unknown {', '.join(unknown)}; choose from {', '.join(allowed)}")
    return items
