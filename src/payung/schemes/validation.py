"""Checks on scheme terms shared by the screens, the services and `payung scheme_plan`.

Every message is fit to show a user as it is; a failing check changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from payung.lib import dates
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


def parse_deciles(text: str) -> tuple[int, ...]:
    """'1-3' or '1,2,5' -> (1, 2, 3) / (1, 2, 5)."""
    text = text.strip()
    if not text:
        return ()
    values: set[int] = set()
    try:
        for part in text.split(","):
            if "-" in part:
                low, high = (int(x) for x in part.split("-", 1))
                values.update(range(low, high + 1))
            else:
                values.add(int(part))
    except ValueError:
        raise SchemeInvalid(
            _("Desil harus seperti 1-3 atau 1,2,3, bukan %(text)r.") % {"text": text}
        ) from None
    if not values or any(not 1 <= v <= 10 for v in values):
        raise SchemeInvalid(_("Desil DTSEN harus 1 sampai 10."))
    return tuple(sorted(values))
