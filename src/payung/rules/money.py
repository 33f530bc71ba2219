"""Money arithmetic: Rupiah are whole numbers, rates are Decimal fractions, never float.

Rounding (documented in docs/rules.md): every amount is computed exactly in Decimal and rounded
once to whole Rupiah, half up (ROUND_HALF_UP), per programme, per party (employer / worker /
participant) and per worker per month. Totals are sums of rounded amounts, so a total always
equals the sum of the lines a bill shows. BPJS publishes no rounding rule; every public example
(Rp10.000 + Rp6.800, Rp8.400, Rp68) is an exact Rupiah amount and agrees with this choice.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ONE_RUPIAH = Decimal(1)


def round_rupiah(value: Decimal | int) -> int:
    """Round an exact amount to whole Rupiah, half up."""
    return int(Decimal(value).quantize(ONE_RUPIAH, rounding=ROUND_HALF_UP))


def apply_rate(basis: int, rate: Decimal) -> int:
    """`rate` (a fraction, 0.01 = 1 %) of `basis` Rupiah, rounded to whole Rupiah."""
    return round_rupiah(Decimal(basis) * rate)


def percent(rate: Decimal) -> str:
    """A fraction as a percent string without trailing zeros: Decimal('0.0024') -> '0.24'."""
    text = format((rate * 100).normalize(), "f")
    return text


def rupiah_text(amount: int) -> str:
    """Rp with the Indonesian thousands dot: 16800 -> 'Rp16.800'."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")
