"""Checks a worker's fields before anything is saved. Framework-light: needs only the region table."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from payung.lib import dates
from payung.lib.nik import Problem, check_nik, normalize_nik, regency_of_issue
from payung.regions.models import Level, Region

from .models import Occupation, Sex

MAX_AGE_YEARS = 120
_PHONE_NOISE = re.compile(r"[\s\-().]")


@dataclass
class WorkerInput:
    """A worker as typed or imported, before it is checked."""

    nik: str
    name: str
    sex: str
    birth_date: dt.date | None
    village_code: str
    occupation_code: str
    occupation_note: str = ""
    dtsen_decile: int | None = None
    monthly_income: int | None = None
    has_disability: bool = False
    phone: str = ""
    kk_number: str = ""


@dataclass
class WorkerCheck:
    errors: dict[str, list[Problem]] = field(default_factory=dict)
    warnings: dict[str, list[Problem]] = field(default_factory=dict)
    village: Region | None = None

    @property
    def valid(self) -> bool:
        return not self.errors

    def error(self, field_name: str, code: str, message: str) -> None:
        self.errors.setdefault(field_name, []).append(Problem(code, message))


def normalize_phone(raw: str) -> str:
    """'+62 812-3456-7890' and '62812...' become '0812...'; kept as text so the leading zero stays."""
    phone = _PHONE_NOISE.sub("", raw or "")
    if phone.startswith("+62"):
        phone = "0" + phone[3:]
    elif phone.startswith("62") and len(phone) > 9:
        phone = "0" + phone[2:]
    return phone


def district_exists(code: str) -> bool:
    return Region.objects.filter(code=code, level=Level.DISTRICT).exists()


def nik_issued_elsewhere(regency_code: str, regency_name: str | None) -> Problem:
    """The notice for a NIK issued outside the regency the person lives in (form and import alike)."""
    where = regency_name or _("kabupaten/kota berkode %(code)s") % {"code": regency_code}
    return Problem(
        "nik_issued_elsewhere",
        _(
            "NIK diterbitkan di %(where)s, bukan di kabupaten/kota domisili. Wajar bila orang ini pindah; "
            "pastikan NIK sesuai KTP."
        )
        % {"where": where},
    )


def nik_origin_notice(nik: str, village_code: str) -> Problem | None:
    """A notice when the NIK was issued in another regency than the village's, else None."""
    issued = regency_of_issue(nik)
    if not village_code or village_code[:5] == issued:
        return None
    region = Region.objects.filter(code=issued, level=Level.REGENCY).first()
    return nik_issued_elsewhere(issued, region.name if region else None)


def check_worker(data: WorkerInput, *, today: dt.date | None = None) -> WorkerCheck:
    """Every field problem at once, so a form or an import row can show them all."""
    today = today or dates.today()
    result = WorkerCheck()

    data.nik = normalize_nik(data.nik)
    data.name = " ".join((data.name or "").split())
    if not data.name:
        result.error("name", "name_empty", _("Nama wajib diisi sesuai KTP."))
    if data.sex not in Sex.values:
        result.error("sex", "sex_invalid", _("Jenis kelamin harus L (laki-laki) atau P (perempuan)."))

    if data.birth_date is None:
        result.error("birth_date", "birth_date_empty", _("Tanggal lahir wajib diisi."))
    elif data.birth_date > today:
        result.error("birth_date", "birth_date_future", _("Tanggal lahir tidak boleh di masa depan."))
    elif data.birth_date.year < today.year - MAX_AGE_YEARS:
        too_old = _("Tanggal lahir lebih dari %(years)s tahun lalu.") % {"years": MAX_AGE_YEARS}
        result.error("birth_date", "birth_date_too_old", too_old)

    nik_check = check_nik(
        data.nik,
        birth_date=data.birth_date if "birth_date" not in result.errors else None,
        sex=data.sex if "sex" not in result.errors else None,
        district_exists=district_exists,
    )
    for problem in nik_check.errors:
        result.errors.setdefault("nik", []).append(problem)
    for problem in nik_check.warnings:
        result.warnings.setdefault("nik", []).append(problem)

    village = (
        Region.objects.filter(code=data.village_code, level=Level.VILLAGE).first()
        if data.village_code
        else None
    )
    if village is None:
        if data.village_code:
            result.error(
                "village_code",
                "village_unknown",
                _("Kode desa/kelurahan %(code)s tidak ditemukan. Pilih desa dari daftar wilayah Kemendagri.")
                % {"code": data.village_code},
            )
        else:
            result.error("village_code", "village_empty", _("Desa/kelurahan domisili wajib dipilih."))
    result.village = village
    if village is not None and nik_check.valid:
        notice = nik_origin_notice(data.nik, village.code)
        if notice is not None:
            result.warnings.setdefault("nik", []).append(notice)

    if not Occupation.objects.filter(code=data.occupation_code).exists():
        result.error(
            "occupation_code", "occupation_unknown", _('Pilih pekerjaan dari daftar (atau "Lainnya").')
        )

    if data.dtsen_decile is not None and not 1 <= data.dtsen_decile <= 10:
        decile = _("Desil DTSEN harus antara 1 (termiskin) dan 10, atau dikosongkan.")
        result.error("dtsen_decile", "decile_range", decile)
    if data.monthly_income is not None and data.monthly_income < 0:
        result.error("monthly_income", "income_negative", _("Penghasilan tidak boleh negatif."))

    data.phone = normalize_phone(data.phone)
    if data.phone and not re.fullmatch(r"0[0-9]{8,13}", data.phone):
        result.error("phone", "phone_invalid", _("Nomor HP harus 9-14 digit, diawali 0, 62 atau +62."))
    data.kk_number = normalize_nik(data.kk_number)
    if data.kk_number and not re.fullmatch(r"[0-9]{16}", data.kk_number):
        result.error("kk_number", "kk_invalid", _("Nomor KK harus 16 digit angka."))
    return result
