"""Reading a Rupiah amount someone typed: the one parser for the CLI, forms, the API and imports.

Rupiah amounts here are whole. The rules, so that no input is read two ways:

- a dot, comma or space groups thousands only when exactly three digits follow it, and one amount
  uses one grouping mark: `1.500.000`, `1,500,000`, `1 500 000`;
- a final `,00` or `.00` (or `,0`) is zero cents and is dropped: `1.500.000,00`, `1500000.00`;
- any other fraction is refused (`1500000.50`, `5000000.5`): Rupiah have no cents here;
- `Rp`, `Rp.` or `IDR` before, spaces, and `,-` after are allowed: `Rp 1.500.000,-`;
- a scale word after a number: `1,5 juta`, `750 rb`, `2 jt`, `500 ribu` (the result must be whole);
- anything else (`1.5.0`, `1.500,000`, `1e6`, `-500`) is refused with a message showing how to
  write it.

Bounds are checked on the digits before any big integer is built, so `1e400` or a thousand digits
cost nothing. Messages are in Bahasa Indonesia (translated through the active language).
"""

from __future__ import annotations

import re
from decimal import Decimal

# Large enough for any budget Payung handles (a quadrillion Rupiah), well inside a 64-bit integer.
MAX_RUPIAH = 10**15 - 1

_MAX_TEXT = 60
_PREFIX = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_SUFFIX = re.compile(r"\s*[,.]-+$")
_SCALED = re.compile(r"^(\d+)(?:[.,](\d{1,2}))?\s*(juta|jt|ribu|rb)$", re.IGNORECASE)
_SCALES = {"juta": 1_000_000, "jt": 1_000_000, "ribu": 1_000, "rb": 1_000}
_NUMBER = re.compile(r"^\d+(?:[., ]\d+)*$")
_SCIENTIFIC = re.compile(r"^[\d.,]+e[+-]?\d+$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
EXAMPLE = "1.500.000"


class RupiahError(ValueError):
    """The text is not one whole Rupiah amount; `message` says why and how to write it."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        from django.utils.translation import gettext

        params = {"example": EXAMPLE, **self.params}
        return gettext(_MESSAGES[self.code]) % params

    def __str__(self) -> str:
        return self.message


# Indonesian source strings; the English catalogue translates them.
_MESSAGES = {
    "empty": "Tulis jumlah rupiah, misalnya %(example)s.",
    "too_long": "Jumlah terlalu panjang. Tulis angka rupiah, misalnya %(example)s.",
    "negative": "Jumlah tidak boleh negatif (tertulis: %(text)s).",
    "scientific": ("%(text)s ditulis sebagai notasi ilmiah. Tulis angkanya lengkap, misalnya %(example)s."),
    "fraction": ("Rupiah ditulis tanpa sen: %(text)s punya pecahan. Tulis %(whole)s (atau %(whole)s,00)."),
    "ambiguous": (
        "%(text)s tidak jelas: titik, koma atau spasi pemisah ribuan harus diikuti tepat tiga angka, "
        "satu jenis pemisah saja. Tulis misalnya %(example)s atau 1500000."
    ),
    "not_a_number": "%(text)s bukan jumlah rupiah. Tulis angka, misalnya %(example)s atau 1500000.",
    "too_small": "Jumlah paling sedikit %(minimum)s (tertulis: %(text)s).",
    "too_large": "Jumlah paling banyak %(maximum)s (tertulis: %(text)s).",
}


def dotted(amount: int) -> str:
    """16800 -> '16.800' (the Indonesian thousands dot), for messages and form values."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", ".")


def _check_bounds(digits: str, text: str, minimum: int, maximum: int) -> int:
    digits = digits.lstrip("0") or "0"
    if len(digits) > len(str(maximum)):  # decided before building a huge int
        raise RupiahError("too_large", text=text, maximum=dotted(maximum))
    value = int(digits)
    if value > maximum:
        raise RupiahError("too_large", text=text, maximum=dotted(maximum))
    if value < minimum:
        raise RupiahError("too_small", text=text, minimum=dotted(minimum))
    return value


def _whole_part_for_message(groups: list[str]) -> str:
    whole = "".join(groups)
    return dotted(int(whole)) if len(whole) <= 18 else whole


def parse_rupiah(raw: object, *, minimum: int = 0, maximum: int = MAX_RUPIAH) -> int:
    """Whole Rupiah from text (or an int, or a float with no fraction); raises RupiahError."""
    if isinstance(raw, bool):
        raise RupiahError("not_a_number", text=str(raw))
    if isinstance(raw, int):
        return _check_bounds(str(abs(raw)), str(raw), minimum, maximum) if raw >= 0 else _negative(str(raw))
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise RupiahError("not_a_number", text=str(raw))
        if raw >= 10**18:
            raise RupiahError("too_large", text=f"{raw:g}", maximum=dotted(maximum))
        if not raw.is_integer():
            raise RupiahError("fraction", text=f"{raw}", whole=dotted(int(raw)))
        return parse_rupiah(int(raw), minimum=minimum, maximum=maximum)
    if isinstance(raw, Decimal):
        raw = format(raw, "f")
    text = _SPACES.sub(" ", str(raw if raw is not None else "")).strip()
    if not text:
        raise RupiahError("empty")
    if len(text) > _MAX_TEXT:
        raise RupiahError("too_long")
    body = _SUFFIX.sub("", _PREFIX.sub("", text)).strip()
    if body.startswith("-"):
        _negative(text)
    if _SCIENTIFIC.match(body.replace(" ", "")):
        raise RupiahError("scientific", text=text)
    if match := _SCALED.match(body):
        return _scaled(match, text, minimum, maximum)
    if not _NUMBER.match(body):
        raise RupiahError("not_a_number", text=text)
    parts = re.split(r"([., ])", body)
    groups, marks = parts[0::2], parts[1::2]
    if marks and marks[-1] in ".," and len(groups[-1]) != 3:
        # A final mark not followed by three digits is a decimal mark: only zero cents pass.
        fraction = groups.pop()
        marks.pop()
        if len(fraction) > 2 or set(fraction) != {"0"}:
            if len(fraction) <= 2 or not marks:
                raise RupiahError("fraction", text=text, whole=_whole_part_for_message(groups))
            raise RupiahError("ambiguous", text=text)
        if marks and marks[0] == fraction_mark(body):
            raise RupiahError("ambiguous", text=text)
    if marks:
        if len(set(marks)) != 1 or not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
            raise RupiahError("ambiguous", text=text)
    return _check_bounds("".join(groups), text, minimum, maximum)


def fraction_mark(body: str) -> str:
    """The mark before the last group of `body` (the decimal mark when there are zero cents)."""
    for char in reversed(body):
        if char in ".,":
            return char
    return ""


def _negative(text: str) -> int:
    raise RupiahError("negative", text=text)


def _scaled(match: re.Match[str], text: str, minimum: int, maximum: int) -> int:
    whole, fraction, word = match.group(1), match.group(2) or "", match.group(3).lower()
    if len(whole) > len(str(maximum)):
        raise RupiahError("too_large", text=text, maximum=dotted(maximum))
    value = Decimal(f"{whole}.{fraction or '0'}") * _SCALES[word]
    if value != value.to_integral_value():
        raise RupiahError("fraction", text=text, whole=dotted(int(value)))
    return _check_bounds(str(int(value)), text, minimum, maximum)
