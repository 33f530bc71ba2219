"""NIK (Nomor Induk Kependudukan) checks: PPRRSS + DDMMYY (women: day + 40) + 4-digit serial.

Framework-free. Every problem has its own code and a Bahasa Indonesia message that says how to fix it.
A district prefix missing from today's region tree is only a warning: a NIK keeps the district that
issued it, also after that district was split (pemekaran).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl
from lokal.provinces import PROVINCES

# Spaces (also non-breaking), dots and a leading apostrophe (Excel's "store as text") are noise.
_NOISE = re.compile(r"[\s\u00a0.]")
_DIGITS = re.compile(r"[0-9]+")

LENGTH = 16
MALE = "L"
FEMALE = "P"


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    message: str


@dataclass(slots=True)
class NikCheck:
    raw: str
    nik: str | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    sex: str | None = None
    birth_day: int | None = None
    birth_month: int | None = None
    birth_yy: int | None = None

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def district_code(self) -> str | None:
        """Dotted district code of issue, e.g. '13.02.03'."""
        return f"{self.nik[0:2]}.{self.nik[2:4]}.{self.nik[4:6]}" if self.nik else None


def normalize_nik(raw: object) -> str:
    """Removes spaces, dots and a leading apostrophe; keeps everything else for the checks to judge."""
    text = "" if raw is None else str(raw).strip()
    if text.startswith("'"):
        text = text[1:]
    return _NOISE.sub("", text)


@functools.cache
def birth_codes() -> frozenset[str]:
    """Every DDMMYY a NIK may hold: real dates of the 1900s or 2000s, and the same with day + 40 (women)."""
    codes = set()
    for yy in range(100):
        for month in range(1, 13):
            # 29 February exists when 19yy or 20yy is a leap year.
            days = max(calendar.monthrange(1900 + yy, month)[1], calendar.monthrange(2000 + yy, month)[1])
            for day in range(1, days + 1):
                codes.add(f"{day:02d}{month:02d}{yy:02d}")
                codes.add(f"{day + 40:02d}{month:02d}{yy:02d}")
    return frozenset(codes)


@dataclass(frozen=True, slots=True)
class PartRule:
    """A rule on fixed positions of a 16-digit NIK: the text at each slice must be allowed and not forbidden.

    The one table of what a well-formed NIK is. :func:`check_nik` reads it one NIK at a time (forms,
    the API); :func:`niks_valid` turns it into one column expression (imports). Neither has a rule
    of its own, so the two cannot drift apart.
    """

    code: str
    slices: tuple[tuple[int, int], ...]
    message: str  # may use {part}: the digits of the first failing slice
    allowed: Callable[[], frozenset[str]] | None = None
    forbidden: frozenset[str] = frozenset()

    def failing_part(self, digits: str) -> str | None:
        allowed = self.allowed() if self.allowed is not None else None
        for start, end in self.slices:
            part = digits[start:end]
            if part in self.forbidden or (allowed is not None and part not in allowed):
                return part
        return None

    def column_accepts(self, nik: pl.Expr) -> pl.Expr:
        ok = pl.lit(True)
        for start, end in self.slices:
            part = nik.str.slice(start, end - start)
            if self.forbidden:
                ok = ok & ~part.is_in(pl.Series(sorted(self.forbidden), dtype=pl.String).implode())
            if self.allowed is not None:
                ok = ok & part.is_in(_as_series(self.allowed).implode())
        return ok


@functools.cache
def _as_series(values: Callable[[], frozenset[str]]) -> pl.Series:
    return pl.Series(sorted(values()), dtype=pl.String)


def _provinces() -> frozenset[str]:
    return frozenset(PROVINCES)


PART_RULES: tuple[PartRule, ...] = (
    PartRule(
        "nik_province",
        ((0, 2),),
        "Dua digit pertama NIK ({part}) bukan kode provinsi yang dikenal.",
        allowed=_provinces,
    ),
    PartRule(
        "nik_region_zero",
        ((2, 4), (4, 6)),
        "Kode kabupaten/kota dan kecamatan di NIK (digit 3-6) tidak boleh 00.",
        forbidden=frozenset({"00"}),
    ),
    PartRule(
        "nik_bad_date",
        ((6, 12),),
        "Digit 7-12 NIK bukan tanggal lahir yang valid (format DDMMYY, perempuan: tanggal + 40).",
        allowed=birth_codes,
    ),
    PartRule(
        "nik_serial_zero",
        ((12, 16),),
        "Empat digit terakhir NIK (nomor urut) tidak boleh 0000.",
        forbidden=frozenset({"0000"}),
    ),
)


def check_nik(
    raw: object,
    *,
    birth_date: dt.date | None = None,
    sex: str | None = None,
    district_exists: Callable[[str], bool] | None = None,
) -> NikCheck:
    """Checks a NIK's form and, when given, that it agrees with the birth date and sex fields.

    `district_exists(dotted_code)` answers whether a district is in today's region tree; an unknown one
    gives the warning `nik_district_unknown`.
    """
    check = NikCheck(raw="" if raw is None else str(raw))
    digits = normalize_nik(raw)
    if not digits:
        check.errors.append(Problem("nik_empty", "NIK wajib diisi (16 digit angka)."))
        return check
    if not _DIGITS.fullmatch(digits):
        check.errors.append(
            Problem(
                "nik_non_digit",
                "NIK hanya boleh berisi angka. Hapus huruf atau tanda baca selain spasi dan titik.",
            )
        )
        return check
    if len(digits) != LENGTH:
        check.errors.append(
            Problem(
                "nik_length",
                f"NIK harus 16 digit, yang diisi {len(digits)} digit. Periksa kembali angka yang hilang atau berlebih.",
            )
        )
        return check
    check.nik = digits

    failed = set()
    for rule in PART_RULES:
        part = rule.failing_part(digits)
        if part is not None:
            failed.add(rule.code)
            check.errors.append(Problem(rule.code, rule.message.format(part=part)))

    if (
        not failed & {"nik_province", "nik_region_zero"}
        and district_exists is not None
        and not district_exists(check.district_code or "")
    ):
        check.warnings.append(
            Problem(
                "nik_district_unknown",
                f"Kode kecamatan {check.district_code} di NIK tidak ada di data wilayah terbaru; "
                "bisa jadi kode lama sebelum pemekaran. Pastikan NIK sesuai KTP.",
            )
        )

    if "nik_bad_date" not in failed:
        day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
        encoded_sex = FEMALE if day > 40 else MALE
        day = day - 40 if day > 40 else day
        check.sex, check.birth_day, check.birth_month, check.birth_yy = encoded_sex, day, month, yy
        if birth_date is not None and (birth_date.day, birth_date.month, birth_date.year % 100) != (
            day,
            month,
            yy,
        ):
            check.errors.append(
                Problem(
                    "nik_birth_date_mismatch",
                    f"Tanggal lahir {birth_date:%d-%m-%Y} tidak cocok dengan NIK "
                    f"(NIK menunjukkan {day:02d}-{month:02d}-..{yy:02d}). Periksa tanggal lahir atau NIK.",
                )
            )
        if sex in (MALE, FEMALE) and sex != encoded_sex:
            label = "perempuan" if encoded_sex == FEMALE else "laki-laki"
            check.errors.append(
                Problem(
                    "nik_sex_mismatch",
                    f"Jenis kelamin tidak cocok dengan NIK: NIK ini milik {label} "
                    "(perempuan: tanggal lahir di NIK ditambah 40).",
                )
            )
    return check


def niks_valid(nik: pl.Expr, *, birth_date: pl.Expr | None = None, sex: pl.Expr | None = None) -> pl.Expr:
    """The column form of ``check_nik(...).valid`` for normalised NIKs: True exactly where it has no error.

    Built from :data:`PART_RULES`; the agreement with the birth date and sex fields decodes the NIK as
    :func:`check_nik` does (women: day + 40). Null birth date or sex: not compared, as in check_nik.
    """
    ok = nik.str.contains(f"^[0-9]{{{LENGTH}}}$")
    for rule in PART_RULES:
        ok = ok & rule.column_accepts(nik)
    day = nik.str.slice(6, 2).cast(pl.Int32, strict=False)
    if birth_date is not None:
        agrees = (
            (pl.when(day > 40).then(day - 40).otherwise(day) == birth_date.dt.day())
            & (nik.str.slice(8, 2).cast(pl.Int32, strict=False) == birth_date.dt.month())
            & (nik.str.slice(10, 2).cast(pl.Int32, strict=False) == birth_date.dt.year() % 100)
        )
        ok = ok & (birth_date.is_null() | agrees)
    if sex is not None:
        encoded = pl.when(day > 40).then(pl.lit(FEMALE)).otherwise(pl.lit(MALE))
        ok = ok & (~sex.is_in([MALE, FEMALE]).fill_null(False) | (encoded == sex))
    return ok.fill_null(False)


def regency_of_issue(nik: str) -> str:
    """Dotted code of the regency or city that issued a NIK ('73.71'). People keep their NIK when they
    move, so it may differ from where they live: worth a notice, never an error."""
    return f"{nik[0:2]}.{nik[2:4]}"


def regency_of_issue_column(nik: pl.Expr) -> pl.Expr:
    """:func:`regency_of_issue` of a whole column."""
    return nik.str.slice(0, 2) + "." + nik.str.slice(2, 2)


def make_nik(*, district_code: str, birth_date: dt.date, sex: str, serial: int) -> str:
    """Builds a NIK from its parts (used by the demo data and tests)."""
    day = birth_date.day + (40 if sex == FEMALE else 0)
    return f"{district_code.replace('.', '')}{day:02d}{birth_date:%m%y}{serial:04d}"


def birth_and_sex_of(nik: str, *, today: dt.date) -> tuple[dt.date | None, str | None]:
    """The birth date and sex a valid NIK encodes (a form prefills them), else (None, None).

    The NIK gives the year's last two digits: the century is the latest that is not in the future.
    """
    check = check_nik(nik)
    if not check.valid or check.birth_yy is None or check.birth_month is None or check.birth_day is None:
        return None, None
    day = check.birth_day - 40 if check.birth_day > 40 else check.birth_day
    for century in (2000, 1900):
        try:
            born = dt.date(century + check.birth_yy, check.birth_month, day)
        except ValueError:
            continue
        if born <= today:
            return born, check.sex
    return None, check.sex
