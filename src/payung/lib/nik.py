"""NIK (Nomor Induk Kependudukan) checks: PPRRSS + DDMMYY (women: day + 40) + 4-digit serial.

Framework-free. Every problem has its own code and a Bahasa Indonesia message that says how to fix it.
A district prefix missing from today's region tree is only a warning: a NIK keeps the district that
issued it, also after that district was split (pemekaran).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lokal.provinces import PROVINCES

# Spaces (also non-breaking), dots and a leading apostrophe (Excel's "store as text") are noise.
_NOISE = re.compile(r"[\s\u00a0.]")
_DIGITS = re.compile(r"[0-9]+")

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


def _date_exists(day: int, month: int, yy: int) -> bool:
    """True when DD-MM-YY is a real date in the 1900s or the 2000s (29 Feb depends on the century)."""
    for century in (1900, 2000):
        try:
            dt.date(century + yy, month, day)
        except ValueError:
            continue
        return True
    return False


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
    if len(digits) != 16:
        check.errors.append(
            Problem(
                "nik_length",
                f"NIK harus 16 digit, yang diisi {len(digits)} digit. Periksa kembali angka yang hilang atau berlebih.",
            )
        )
        return check
    check.nik = digits

    province = digits[0:2]
    if province not in PROVINCES:
        check.errors.append(
            Problem("nik_province", f"Dua digit pertama NIK ({province}) bukan kode provinsi yang dikenal.")
        )
    elif digits[2:4] == "00" or digits[4:6] == "00":
        check.errors.append(
            Problem("nik_region_zero", "Kode kabupaten/kota dan kecamatan di NIK (digit 3-6) tidak boleh 00.")
        )
    elif district_exists is not None and not district_exists(check.district_code or ""):
        check.warnings.append(
            Problem(
                "nik_district_unknown",
                f"Kode kecamatan {check.district_code} di NIK tidak ada di data wilayah terbaru; "
                "bisa jadi kode lama sebelum pemekaran. Pastikan NIK sesuai KTP.",
            )
        )

    day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    encoded_sex = FEMALE if day > 40 else MALE
    if day > 40:
        day -= 40
    if not (1 <= month <= 12) or not (1 <= day <= 31) or not _date_exists(day, month, yy):
        check.errors.append(
            Problem(
                "nik_bad_date",
                "Digit 7-12 NIK bukan tanggal lahir yang valid (format DDMMYY, perempuan: tanggal + 40).",
            )
        )
    else:
        check.sex, check.birth_day, check.birth_month, check.birth_yy = encoded_sex, day, month, yy
        if birth_date is not None and (birth_date.day, birth_date.month, birth_date.year % 100) != (day, month, yy):
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

    if digits[12:16] == "0000":
        check.errors.append(Problem("nik_serial_zero", "Empat digit terakhir NIK (nomor urut) tidak boleh 0000."))
    return check


def make_nik(*, district_code: str, birth_date: dt.date, sex: str, serial: int) -> str:
    """Builds a NIK from its parts (used by the demo data and tests)."""
    day = birth_date.day + (40 if sex == FEMALE else 0)
    return f"{district_code.replace('.', '')}{day:02d}{birth_date:%m%y}{serial:04d}"
