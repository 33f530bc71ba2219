"""Checks on scheme terms shared by the screens, the services and `payung scheme_plan`.

Every message is fit to show a user as it is; a failing check changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from payung.lib import dates
from payung.lib.formats import rupiah
from payung.lib.money import MAX_RUPIAH, dotted
from payung.rules import Month

# A scheme's year must lie in the plan period around today: last year (late corrections) to five
# years ahead (an RPJMD spans five years).
PLAN_YEARS_BEFORE = 1
PLAN_YEARS_AFTER = 5

ALL_PROGRAMMES = ("JKK", "JKM", "JHT", "JP", "JKP")
# Programmes each segment can have (rules: JP and JKP exist only for wage earners).
SEGMENT_PROGRAMMES = {"BPU": ("JKK", "JKM", "JHT"), "PU": ALL_PROGRAMMES}
FUNDER_TYPES = ("APBD", "APBDES", "APBN", "CSR", "BAZNAS", "MANDIRI")


class SchemeInvalid(Exception):
    """The terms cannot be accepted; the message says why. Nothing was saved."""


def plan_years(today: dt.date | None = None) -> range:
    year = (today or dates.today()).year
    return range(year - PLAN_YEARS_BEFORE, year + PLAN_YEARS_AFTER + 1)


def check_budget(budget: int) -> None:
    if isinstance(budget, bool) or not isinstance(budget, int):
        raise SchemeInvalid(_("Pagu anggaran harus bilangan bulat Rupiah."))
    if budget > MAX_RUPIAH:
        raise SchemeInvalid(
            _("Pagu anggaran paling banyak %(max)s (diberikan: %(budget)s).")
            % {"max": rupiah(MAX_RUPIAH), "budget": budget}
        )
    if budget <= 0:
        raise SchemeInvalid(
            _("Pagu anggaran harus lebih dari nol (diberikan: %(budget)s).") % {"budget": budget}
        )


def check_year(year: int, today: dt.date | None = None) -> None:
    years = plan_years(today)
    if year not in years:
        raise SchemeInvalid(
            _("Tahun %(year)s di luar periode perencanaan (%(first)s–%(last)s).")
            % {"year": year, "first": years[0], "last": years[-1]}
        )


def check_programmes(programmes: Iterable[str], segment: str) -> tuple[str, ...]:
    items = tuple(dict.fromkeys(p.strip().upper() for p in programmes if p.strip()))
    if not items:
        raise SchemeInvalid(_("Pilih paling sedikit satu program (JKK, JKM, JHT)."))
    unknown = [p for p in items if p not in ALL_PROGRAMMES]
    if unknown:
        raise SchemeInvalid(_("Program tidak dikenal: %(codes)s.") % {"codes": ", ".join(unknown)})
    if segment not in SEGMENT_PROGRAMMES:
        raise SchemeInvalid(_("Segmen tidak dikenal: %(segment)s.") % {"segment": segment})
    allowed = SEGMENT_PROGRAMMES[segment]
    missing = [p for p in items if p not in allowed]
    if missing:
        raise SchemeInvalid(
            _("Program %(codes)s tidak tersedia untuk segmen %(segment)s (hanya %(allowed)s).")
            % {"codes": ", ".join(missing), "segment": segment, "allowed": ", ".join(allowed)}
        )
    return tuple(p for p in ALL_PROGRAMMES if p in items)


def check_months(year: int, first: Month, months: int) -> None:
    if not 1 <= months <= 12:
        raise SchemeInvalid(_("Jumlah bulan harus 1 sampai 12, bukan %(months)s.") % {"months": months})
    if first.year != year or first.month + months - 1 > 12:
        raise SchemeInvalid(
            _(
                "Bulan yang ditanggung harus di dalam tahun anggaran %(year)s (mulai %(first)s, %(months)s bulan)."
            )
            % {"year": year, "first": first, "months": months}
        )


def check_funder_type(funder_type: str) -> None:
    if funder_type not in FUNDER_TYPES:
        raise SchemeInvalid(
            _("Jenis penyandang dana tidak dikenal: %(value)s (pilih %(allowed)s).")
            % {"value": funder_type, "allowed": ", ".join(FUNDER_TYPES)}
        )


# The region level a government funder sits at (the others, e.g. CSR, may fund any region).
FUNDER_LEVELS = {"APBD": (1, 2), "APBDES": (4,), "APBN": (1, 2, 3, 4)}


def check_funder_level(funder_type: str, level: int) -> None:
    allowed = FUNDER_LEVELS.get(funder_type)
    if allowed is not None and level not in allowed:
        if funder_type == "APBDES":
            raise SchemeInvalid(
                _("Dana APBDes hanya dari desa/kelurahan/nagari: pilih kode wilayah tingkat desa.")
            )
        raise SchemeInvalid(_("Dana APBD dari provinsi atau kabupaten/kota: pilih kode wilayah tingkat itu."))


def check_eligibility(
    *, deciles: Iterable[int], min_age: int, max_age: int, region: str, areas: Iterable[str]
) -> None:
    bad = [d for d in deciles if not 1 <= d <= 10]
    if bad:
        raise SchemeInvalid(_("Desil DTSEN harus 1 sampai 10."))
    if not 0 <= min_age <= max_age <= 120:
        raise SchemeInvalid(
            _("Rentang usia tidak masuk akal (%(min)s–%(max)s).") % {"min": min_age, "max": max_age}
        )
    outside = [a for a in areas if not (a == region or a.startswith(region + "."))]
    if outside:
        raise SchemeInvalid(
            _("Wilayah sasaran %(codes)s di luar wilayah penyandang dana %(region)s.")
            % {"codes": ", ".join(outside), "region": region}
        )


# A decile is 1 to 10: one or two digits. Each token is checked as text before any number or range is
# built, so `1-99999999999999999999` is refused at once instead of expanding a range (issue 11).
_DECILE_TOKEN = re.compile(r"^\s*(\d{1,2})\s*(?:-\s*(\d{1,2})\s*)?$")
MAX_DECILE_TEXT = 100


# Plausible bounds of the integers a scheme form takes: a value outside is a field error, never a number
# that reaches the database and fails there (2^63 and above gave 500s, issue 11).
QUOTA_MAX = 10_000_000
AGE_MAX = 120
LAPSE_AFTER_MAX = 24


def scheme_problems(data, region, today: dt.date | None = None) -> list[tuple[str, str]]:
    """Every problem of a scheme's terms at once, as (field, message): the form shows them all, the
    service refuses with the first. `data` is a `SchemeInput`; `region` the funder's Region or None."""
    problems: list[tuple[str, str]] = []

    def check(name: str, run) -> None:
        try:
            run()
        except SchemeInvalid as error:
            problems.append((name, str(error)))

    def name() -> None:
        if not data.name.strip():
            raise SchemeInvalid(_("Nama skema wajib diisi."))

    def months() -> None:
        if not 1 <= data.first_month <= 12:
            raise SchemeInvalid(_("Bulan pertama harus 1 sampai 12."))
        check_months(data.year, Month(data.year, data.first_month), data.months)

    def funder_region() -> None:
        if region is None:
            raise SchemeInvalid(_("Wilayah %(code)s tidak dikenal.") % {"code": data.funder_region})
        check_funder_level(data.funder_type, region.level)

    def eligibility() -> None:
        if region is not None:
            check_eligibility(
                deciles=data.deciles,
                min_age=data.min_age,
                max_age=data.max_age,
                region=region.code,
                areas=data.areas,
            )

    def declared_income() -> None:
        if isinstance(data.declared_income, bool) or not isinstance(data.declared_income, int):
            raise SchemeInvalid(_("Dasar penghasilan harus bilangan bulat Rupiah."))
        if not 0 < data.declared_income <= MAX_RUPIAH:
            raise SchemeInvalid(_("Dasar penghasilan harus lebih dari nol."))

    def quota(value) -> None:
        if value is not None and not 1 <= value <= QUOTA_MAX:
            raise SchemeInvalid(
                _("Kuota harus 1 sampai %(max)s (kosongkan bila tanpa kuota).") % {"max": dotted(QUOTA_MAX)}
            )

    def lapse_after() -> None:
        if not 1 <= data.lapse_after_months <= LAPSE_AFTER_MAX:
            raise SchemeInvalid(
                _("Batas bulan tak terbayar harus 1 sampai %(max)s.") % {"max": LAPSE_AFTER_MAX}
            )

    check("name", name)
    check("budget", lambda: check_budget(data.budget))
    check("year", lambda: check_year(data.year, today))
    check("funder_type", lambda: check_funder_type(data.funder_type))
    check("programmes", lambda: check_programmes(data.programmes, data.segment))
    check("months", months)
    check("funder_region", funder_region)
    check("deciles", eligibility)
    check("declared_income", declared_income)
    check("quota", lambda: quota(data.quota))
    check("per_village_quota", lambda: quota(data.per_village_quota))
    check("lapse_after_months", lapse_after)
    return problems


def parse_deciles(text: str) -> tuple[int, ...]:
    """'1-3' or '1,2,5' -> (1, 2, 3) / (1, 2, 5). Bounds are checked before a range is expanded."""
    text = text.strip()
    if not text:
        return ()
    if len(text) > MAX_DECILE_TEXT:
        raise SchemeInvalid(_("Desil DTSEN harus 1 sampai 10."))
    values: set[int] = set()
    for part in text.split(","):
        match = _DECILE_TOKEN.match(part)
        if match is None:
            if re.fullmatch(r"\s*\d+\s*(?:-\s*\d+\s*)?", part):
                raise SchemeInvalid(_("Desil DTSEN harus 1 sampai 10."))
            raise SchemeInvalid(
                _("Desil harus seperti 1-3 atau 1,2,3, bukan %(text)r.") % {"text": text[:40]}
            )
        low = int(match.group(1))
        high = int(match.group(2)) if match.group(2) is not None else low
        if not (1 <= low <= 10 and 1 <= high <= 10):
            raise SchemeInvalid(_("Desil DTSEN harus 1 sampai 10."))
        if low > high:
            raise SchemeInvalid(
                _("Rentang desil %(low)s-%(high)s terbalik: tulis yang kecil dulu.")
                % {"low": low, "high": high}
            )
        values.update(range(low, high + 1))
    return tuple(sorted(values))
