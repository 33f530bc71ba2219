"""Parse one cell of a worker list into a clean value or a coded problem.

Every parser takes the cell text (``None`` for an empty cell is handled by the
caller) and returns :class:`Parsed`: a ``value`` or an ``error``, and maybe a
``warning``. They are plain functions so they can be tested one by one and
reused outside imports; :mod:`payung.lib.sheets.normalise` applies them to
whole columns quickly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from payung.lib import dates
from payung.lib.money import MAX_RUPIAH, RupiahError, dotted, parse_rupiah
from payung.lib.sheets.errors import Problem, row_problem


class Parsed(NamedTuple):
    value: Any = None
    error: Problem | None = None
    warning: Problem | None = None


def _fail(code: str, **params: object) -> Parsed:
    return Parsed(None, row_problem(code, **params))


# ---------------------------------------------------------------- NIK and KK

_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+]?\d+$")
_DECIMAL_NUMBER = re.compile(r"^\d{10,}[.,]\d+$")
_NIK_JUNK = re.compile(r"[\s.\-_/]")


def _parse_16_digits(raw: str, *, numeric_cell: bool, invalid: str, as_number: str) -> Parsed:
    text = raw.strip().lstrip("'`\u2018\u2019").strip()
    if _SCIENTIFIC.match(text.replace(" ", "")) or _DECIMAL_NUMBER.match(text):
        return _fail(as_number, value=text)
    digits = _NIK_JUNK.sub("", text)
    if numeric_cell and digits.isdigit() and len(digits.rstrip("0")) <= 15:
        # Excel keeps 15 significant digits: the 16th is gone for good.
        return _fail(as_number, value=text)
    if len(digits) != 16 or not digits.isascii() or not digits.isdigit():
        return _fail(invalid, value=text)
    return Parsed(digits)


def parse_nik(raw: str, *, numeric_cell: bool = False) -> Parsed:
    """16 digits; spaces, dots and a leading apostrophe removed.

    ``numeric_cell`` says the spreadsheet stored the cell as a number (not
    text), which means Excel has already dropped digits past the 15th.
    """
    return _parse_16_digits(raw, numeric_cell=numeric_cell, invalid="nik_invalid", as_number="nik_as_number")


def parse_kk_number(raw: str, *, numeric_cell: bool = False) -> Parsed:
    return _parse_16_digits(raw, numeric_cell=numeric_cell, invalid="kk_invalid", as_number="kk_as_number")


# ---------------------------------------------------------------- names

_SPACES = re.compile(r"\s+")


def clean_text(raw: str) -> str:
    return _SPACES.sub(" ", raw).strip()


# ---------------------------------------------------------------- dates

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("januari", "january", "jan"),
        ("februari", "pebruari", "february", "feb", "peb"),
        ("maret", "march", "mar"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "june", "jun"),
        ("juli", "july", "jul"),
        ("agustus", "august", "agu", "agt", "ags", "aug", "agust"),
        ("september", "sept", "sep"),
        ("oktober", "october", "okt", "oct"),
        ("november", "nopember", "nov", "nop"),
        ("desember", "december", "des", "dec"),
    ],
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

EXCEL_EPOCH = dt.date(1899, 12, 30)
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
_SERIAL = re.compile(r"^\d{1,5}(?:\.\d+)?$")
_COMPACT = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_TOKENS = re.compile(r"[a-z]+|\d+")
MIN_YEAR = 1900


def _year(two_or_four: str, today: dt.date) -> int:
    year = int(two_or_four)
    if len(two_or_four) == 2:
        year += 2000 if 2000 + year <= today.year else 1900
    return year


def _make_date(year: int, month: int, day: int, raw: str, today: dt.date) -> Parsed:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return _fail("date_invalid", value=raw)
    if value.year < MIN_YEAR or value > today:
        return _fail("date_out_of_range", value=raw)
    return Parsed(value)


def parse_date(raw: str, *, today: dt.date | None = None) -> Parsed:
    """A birth date in any of the forms offices write (see docs/imports.md)."""
    today = today or dates.today()
    text = raw.strip().lstrip("'").strip()
    if match := _ISO.match(text):
        return _make_date(int(match[1]), int(match[2]), int(match[3]), raw, today)
    if match := _DMY.match(text):
        return _make_date(_year(match[3], today), int(match[2]), int(match[1]), raw, today)
    if _SERIAL.match(text):
        serial = int(float(text))
        if serial < 1:
            return _fail("date_invalid", value=raw)
        return _make_date(*_from_serial(serial), raw=raw, today=today)
    if match := _COMPACT.match(text):
        return _make_date(int(match[3]), int(match[2]), int(match[1]), raw, today)
    tokens = _TOKENS.findall(text.lower())
    months = [t for t in tokens if not t.isdigit()]
    numbers = [t for t in tokens if t.isdigit()]
    if len(months) == 1 and months[0] in MONTHS and len(numbers) == 2:
        month = MONTHS[months[0]]
        first, second = numbers
        if len(first) == 4:  # 1980 Maret 12
            first, second = second, first
        elif tokens[0] == months[0] and len(second) in (2, 4) and len(first) <= 2:
            pass  # March 12, 1980: day is the first number either way
        return _make_date(_year(second, today), month, int(first), raw, today)
    return _fail("date_invalid", value=raw)


def _from_serial(serial: int) -> tuple[int, int, int]:
    value = EXCEL_EPOCH + dt.timedelta(days=serial)
    return value.year, value.month, value.day


# ---------------------------------------------------------------- sex

SEXES: dict[str, str] = {}
for _key in ("L", "LK", "LAKILAKI", "LAKI", "LAKI2", "PRIA", "M", "MALE", "MAN", "COWOK"):
    SEXES[_key] = "L"
for _key in ("P", "PR", "PEREMPUAN", "WANITA", "W", "F", "FEMALE", "WOMAN", "CEWEK", "PEREMPUANWANITA"):
    SEXES[_key] = "P"
_NOT_ALNUM_UPPER = re.compile(r"[^0-9A-Z]+")


def sex_key(raw: str) -> str:
    return _NOT_ALNUM_UPPER.sub("", raw.upper())


def parse_sex(raw: str) -> Parsed:
    value = SEXES.get(sex_key(raw))
    return Parsed(value) if value else _fail("sex_invalid", value=raw)


# ---------------------------------------------------------------- village

_PLACE_PREFIX = re.compile(r"^(desa|kelurahan|kel|ds|nagari|gampong|kampung|pekon|lembang)\b\.?\s*")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_CODE_CHARS = re.compile(r"^[\d.\s\-']+$")


def place_key(name: str) -> str:
    """Key to match a village name: lower case, no "Desa"/"Kelurahan" prefix, no punctuation."""
    return _NOT_ALNUM.sub("", _PLACE_PREFIX.sub("", name.strip().lower()))


def looks_like_code(raw: str) -> bool:
    return bool(_CODE_CHARS.match(raw.strip()))


def parse_village_code(raw: str) -> Parsed:
    """``7316012001`` or ``73.16.01.2001`` -> ``"73.16.01.2001"``."""
    digits = re.sub(r"\D", "", raw)
    if len(digits) != 10 or not looks_like_code(raw):
        return _fail("village_invalid", value=raw.strip())
    return Parsed(f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:10]}")


# A village name qualified by its district's ("GAWANGAN\x1fNGGAPRANG"): a SIAK row names both.
PLACE_SEPARATOR = "\x1f"
_DISTRICT_PREFIX = re.compile(r"^(kecamatan|kec|distrik)\b\.?\s*")


def district_key(name: str) -> str:
    """Key to match a district name: lower case, no "Kecamatan"/"Kec." prefix, no punctuation."""
    return _NOT_ALNUM.sub("", _DISTRICT_PREFIX.sub("", name.strip().lower()))


def qualified_place_key(district: str, village: str) -> str:
    return f"{district_key(district)}/{place_key(village)}"


def parse_village(
    raw: str,
    lookup: Mapping[str, Sequence[str]] | None = None,
    labels: Mapping[str, str] | None = None,
) -> Parsed:
    """A code, or a name resolved through ``lookup`` (``place_key(name)`` -> codes in the district or
    regency; ``qualified_place_key(district, name)`` -> codes, for a name written with its district).

    ``labels`` (code -> "Desa X, Kec. Y") names the candidates of an ambiguous name."""
    district, _, village = raw.rpartition(PLACE_SEPARATOR)
    if looks_like_code(village):
        return parse_village_code(village)
    if lookup is None:
        return _fail("village_needs_district", value=village.strip())
    codes = lookup.get(qualified_place_key(district, village), ()) if district.strip() else ()
    codes = codes or lookup.get(place_key(village), ())
    if not codes:
        written = f"{village.strip()} (Kec. {district.strip()})" if district.strip() else village.strip()
        return _fail("village_unknown", value=written)
    if len(codes) > 1:
        if labels:
            named = "; ".join(f"{code} {labels.get(code, '')}".strip() for code in sorted(codes))
            return _fail("village_ambiguous_among", value=village.strip(), candidates=named)
        return _fail("village_ambiguous", value=village.strip())
    return Parsed(codes[0])


# ---------------------------------------------------------------- code lists

_CODE_NUMBER = re.compile(r"\d{1,4}(?:\.0+)?")


def code_key(text: object) -> str:
    """Key of a code list cell: '07' and '7.0' -> '7' (ids are numbers; a sheet may pad them);
    'Laki-Laki' -> 'lakilaki' (labels: case, spaces and punctuation ignored)."""
    stripped = str(text).strip()
    if _CODE_NUMBER.fullmatch(stripped):
        return stripped.split(".")[0].lstrip("0") or "0"
    return _NOT_ALNUM.sub("", stripped.lower())


def parse_coded(raw: str, lookup: Mapping[str, tuple[Any, str]], title: str) -> Parsed:
    """A code or label of a code list (``code_key`` -> (value, label)); any other value is an error naming it."""
    found = lookup.get(code_key(raw))
    if found is None:
        return _fail("code_unknown", value=clean_text(raw), codes=title)
    return Parsed(found[0])


# ---------------------------------------------------------------- money


def parse_income(raw: str, *, maximum: int = MAX_RUPIAH) -> Parsed:
    """Whole Rupiah per month through the one money parser (`payung.lib.money.parse_rupiah`).

    Above ``maximum`` (a plausible income per month) is ``income_implausible``: the bound is checked by
    the money parser on the digits, before any huge number is built (``9223372036854775808``).
    """
    try:
        return Parsed(parse_rupiah(raw, maximum=maximum))
    except RupiahError as error:
        if error.code == "too_large":
            return _fail("income_implausible", value=raw.strip(), limit=dotted(maximum))
        return _fail("income_invalid", value=raw.strip(), reason=error.message)


# ---------------------------------------------------------------- phone

_PHONE_JUNK = re.compile(r"[\s\-.()/']")
_PHONE = re.compile(r"^0\d{8,13}$")


def parse_phone(raw: str) -> Parsed:
    """Indonesian phone number as text with the leading ``0``: ``+62 812-3456-789`` -> ``08123456789``."""
    text = _PHONE_JUNK.sub("", raw.strip())
    if text.endswith(".0") or _SCIENTIFIC.match(text):
        return _fail("phone_invalid", value=raw)
    if text.startswith("+62"):
        text = "0" + text[3:]
    elif text.startswith("62") and len(text) >= 10:
        text = "0" + text[2:]
    elif text.startswith("8") and 9 <= len(text) <= 13:
        text = "0" + text  # Excel dropped the leading zero of a number cell
    return Parsed(text) if _PHONE.match(text) else _fail("phone_invalid", value=raw)


# ---------------------------------------------------------------- decile

_DECILE = re.compile(r"^(?:desil|d)?\s*(\d{1,2})(?:[.,]0+)?$", re.IGNORECASE)


def parse_decile(raw: str) -> Parsed:
    match = _DECILE.match(raw.strip())
    if match and 1 <= int(match[1]) <= 10:
        return Parsed(int(match[1]))
    return _fail("decile_invalid", value=raw)


# ---------------------------------------------------------------- yes / no

_YES = {"ya", "y", "yes", "iya", "ada", "1", "true", "benar", "v", "x", "√", "✓", "disabilitas"}
_NO = {"tidak", "t", "tdk", "no", "n", "0", "false", "tidakada", "bukan", "salah", "", "nondisabilitas"}
_DISABILITY_WORDS = (
    "tuna",
    "netra",
    "rungu",
    "wicara",
    "daksa",
    "grahita",
    "fisik",
    "mental",
    "intelektual",
    "sensorik",
    "lumpuh",
    "cacat",
    "difabel",
    "autis",
    "buta",
    "tuli",
    "bisu",
)


def parse_bool(raw: str) -> Parsed:
    """Yes/no; for the disability column a named disability ("tuna netra") also means yes."""
    key = _NOT_ALNUM.sub("", raw.strip().lower()) if raw.strip() not in ("√", "✓") else "v"
    if key in _YES:
        return Parsed(True)
    if key in _NO or key == "":
        return Parsed(False)
    if key.startswith(("tidak", "tdk", "bukan", "non")):  # "Tidak Cacat", "Non Disabilitas": no
        return Parsed(False)
    if any(word in key for word in _DISABILITY_WORDS):
        return Parsed(True)
    return _fail("boolean_invalid", value=raw)


# ---------------------------------------------------------------- occupation

OTHER_OCCUPATION = "lainnya"


def occupation_key(raw: str) -> str:
    return _NOT_ALNUM.sub("", raw.strip().lower())


def parse_occupation(raw: str, synonyms: Mapping[str, str], *, other: str = OTHER_OCCUPATION) -> Parsed:
    """Map to the controlled list through ``synonyms`` (``occupation_key(text)`` -> code).

    An unknown occupation is not an error: it becomes ``other`` with a warning,
    and the caller keeps the text as written (``occupation_note``).
    """
    code = synonyms.get(occupation_key(raw))
    if code:
        return Parsed(code)
    return Parsed(other, warning=row_problem("occupation_unknown", value=clean_text(raw)))
