"""Numbers, percentages, dates and sizes as the screen's language writes them (Babel, the active language).

One formatter each, for templates (the `formats` tag library in core) and Python alike:
`number(1431.9, 1)` -> "1.431,9", `percent(Decimal("20"))` -> "20,00 %", `month(date)` ->
"Desember 2026", `day(date)` -> "15 Desember 2026", `filesize(1_501_400_000)` -> "1.431,8 MB".
English pages get "1,431.9", "20.00 %", "December 2026".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal
from django.utils.translation import get_language, to_locale

EMPTY = "—"


def _locale() -> str:
    return to_locale(get_language() or "id")


def number(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """Grouped thousands; `decimals` fixed places (None: whole numbers as they are, others to 2 at most)."""
    if value is None or value == "":
        return EMPTY
    if decimals is None:
        pattern = "#,##0" if isinstance(value, int) else "#,##0.##"
    else:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale())


def percent(value: int | float | Decimal | None, decimals: int = 2) -> str:
    """A percentage already in percent units: Decimal("20") -> "20,00 %"."""
    if value is None or value == "":
        return EMPTY
    return f"{number(value, decimals)} %"


def signed_percent(value: int | float | Decimal | None, decimals: int = 2) -> str:
    if value is None or value == "":
        return EMPTY
    return ("+" if value > 0 else "") + percent(value, decimals)


def month(value: dt.date | None) -> str:
    """The month of a date, spelled out: "Desember 2026"."""
    if value is None:
        return EMPTY
    return format_date(value, "LLLL y", locale=_locale())


def day(value: dt.date | dt.datetime | None) -> str:
    """A calendar day: "15 Desember 2026" ("December 15, 2026" in English)."""
    if value is None:
        return EMPTY
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, "long", locale=_locale())


def filesize(size: int | None) -> str:
    """Bytes in B, kB or MB (1,024 steps, one decimal; uploads stay below a few GB): 1_501_400_000 -> "1.431,8 MB"."""
    if size is None:
        return EMPTY
    if size < 1024:
        return f"{number(int(size))} B"
    if size < 1024 * 1024:
        return f"{number(size / 1024, 1)} kB"
    return f"{number(size / (1024 * 1024), 1)} MB"


def rupiah(value: int | None) -> str:
    """Whole Rupiah with the language's grouping: 16800 -> "Rp16.800" ("Rp16,800" in English)."""
    if value is None or value == "":
        return EMPTY
    amount = int(value)
    return f"{'-' if amount < 0 else ''}Rp{number(abs(amount))}"
