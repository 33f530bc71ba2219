"""Writes of funding schemes: create (validated first), status changes (a dated row each). Audited.

The top of the services: closing a scheme ends its memberships (services/memberships.py), which
bill services build on; the status change itself is services/status.py, which memberships use to
mark a scheme running with its first active member.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from payung.audit.models import Action, Source
from payung.audit.services import audit_record
from payung.lib import dates
from payung.regions.models import Region
from payung.rules import Month

from ..access import may_create_scheme, scheme_access
from ..models import FundingScheme, SchemeStatus, StatusChange
from ..validation import (
    SchemeInvalid,
    check_budget,
    check_eligibility,
    check_funder_level,
    check_funder_type,
    check_months,
    check_programmes,
    check_year,
)
from .memberships import memberships_end_for_scheme
from .status import SCHEME_TRANSITIONS, scheme_status_change


@dataclass(frozen=True)
class SchemeInput:
    name: str
    funder_type: str
    funder_region: str
    year: int
    budget: int
    programmes: tuple[str, ...]
    first_month: int = 1  # month number inside the year
    months: int = 12
    segment: str = "BPU"
    declared_income: int = 1_000_000
    quota: int | None = None
    per_village_quota: int | None = None
    deciles: tuple[int, ...] = ()
    occupations: tuple[str, ...] = field(default_factory=tuple)
    areas: tuple[str, ...] = ()
    min_age: int = 15
    max_age: int = 65
    disability_first: bool = False
    lapse_after_months: int = 3


def _checked(data: SchemeInput, today: dt.date | None) -> tuple[tuple[str, ...], Region]:
    if not data.name.strip():
        raise SchemeInvalid(_("Nama skema wajib diisi."))
    check_budget(data.budget)
    check_year(data.year, today)
    check_funder_type(data.funder_type)
    programmes = check_programmes(data.programmes, data.segment)
    if not 1 <= data.first_month <= 12:
        raise SchemeInvalid(_("Bulan pertama harus 1 sampai 12."))
    check_months(data.year, Month(data.year, data.first_month), data.months)
    region = Region.objects.filter(code=data.funder_region).first()
    if region is None:
        raise SchemeInvalid(_("Wilayah %(code)s tidak dikenal.") % {"code": data.funder_region})
    check_funder_level(data.funder_type, region.level)
    check_eligibility(
        deciles=data.deciles, min_age=data.min_age, max_age=data.max_age, region=region.code, areas=data.areas
    )
    if data.declared_income <= 0:
        raise SchemeInvalid(_("Dasar penghasilan harus lebih dari nol."))
    if (
        data.quota is not None
        and data.quota < 1
        or data.per_village_quota is not None
        and data.per_village_quota < 1
    ):
        raise SchemeInvalid(_("Kuota harus paling sedikit 1 (kosongkan bila tanpa kuota)."))
    if data.lapse_after_months < 1:
        raise SchemeInvalid(_("Batas bulan tak terbayar harus paling sedikit 1."))
    return programmes, region


def _codes(region: Region) -> dict[str, str]:
    parts = region.code.split(".")
    level = len(parts)
    return {
        "province_code": parts[0],
        "regency_code": ".".join(parts[:2]) if level >= 2 else "",
        "district_code": ".".join(parts[:3]) if level >= 3 else "",
        "village_code": region.code if level == 4 else "",
    }


def scheme_create(*, actor, data: SchemeInput, today: dt.date | None = None) -> FundingScheme:
    """A draft scheme. Only a regency admin whose regions contain the funder region may create it."""
    programmes, region = _checked(data, today)
    if not may_create_scheme(actor, region.code):
        raise PermissionDenied(_("Hanya admin kabupaten/kota wilayah ini yang boleh membuat skema."))
    with transaction.atomic():
        scheme = FundingScheme.objects.create(
            name=data.name.strip(),
            funder_type=data.funder_type,
            funder_region=region,
            **_codes(region),
            year=data.year,
            budget=data.budget,
            segment=data.segment,
            programmes=list(programmes),
            first_month=Month(data.year, data.first_month).first_day,
            months=data.months,
            declared_income=data.declared_income,
            quota=data.quota,
            per_village_quota=data.per_village_quota,
            deciles=sorted(set(data.deciles)),
            occupations=list(data.occupations),
            areas=list(data.areas),
            min_age=data.min_age,
            max_age=data.max_age,
            disability_first=data.disability_first,
            lapse_after_months=data.lapse_after_months,
            created_by=actor,
        )
        StatusChange.objects.create(scheme=scheme, by=actor, from_status="", to_status=scheme.status, why="")
        audit_record(
            actor=actor,
            object_type="funding_scheme",
            object_id=scheme.pk,
            action=Action.CREATE,
            source=Source.WEB,
            changes={
                "name": [None, scheme.name],
                "funder_type": [None, scheme.funder_type],
                "funder_region": [None, region.code],
                "year": [None, str(scheme.year)],
                "budget": [None, str(scheme.budget)],
                "programmes": [None, scheme.programmes_text],
            },
        )
    return scheme


def scheme_transition(
    *, actor, scheme: FundingScheme, to: str, why: str = "", source: str = Source.WEB
) -> FundingScheme:
    """draft → approved → running → closed; approval records who and when. Closing ends the memberships."""
    if not scheme_access(actor, scheme).can_manage:
        raise PermissionDenied(_("Hanya admin kabupaten/kota wilayah ini yang boleh mengubah status skema."))
    with transaction.atomic():
        scheme = scheme_status_change(actor=actor, scheme=scheme, to=to, why=why, source=source)
        if to == SchemeStatus.CLOSED:
            memberships_end_for_scheme(actor=actor, scheme=scheme, why=why or _("Skema ditutup"))
    return scheme


# A MANDIRI scheme has no budget (the members pay); the column must be positive, so it holds Rp1.
SELF_PAID_BUDGET = 1


def self_paid_scheme_for(*, actor, district: Region, year: int) -> FundingScheme:
    """The MANDIRI scheme of `district` and `year` for self-paying members brought by Perisai agents.

    One per district and year, approved from the start (nobody approves a worker paying for
    themselves), Jan-Dec, BPU, JKK+JKM+JHT offered (each member holds the programmes it chose). Its
    members go to the BPJS branch through the same collective-registration hand-off as any scheme.
    The caller (agents.services) decides who may register; the row is made once and audited.
    """
    with transaction.atomic():
        existing = (
            FundingScheme.objects.select_for_update()
            .filter(funder_type="MANDIRI", funder_region=district, year=year)
            .exclude(status=SchemeStatus.CLOSED)
            .order_by("id")
            .first()
        )
        if existing is not None:
            return existing
        scheme = FundingScheme.objects.create(
            name=_("Mandiri Perisai %(district)s %(year)s") % {"district": district.name, "year": year},
            funder_type="MANDIRI",
            funder_region=district,
            **_codes(district),
            year=year,
            budget=SELF_PAID_BUDGET,
            programmes=["JKK", "JKM", "JHT"],
            first_month=Month(year, 1).first_day,
            months=12,
            status=SchemeStatus.APPROVED,
            approved_at=dates.now(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        StatusChange.objects.create(
            scheme=scheme,
            by=actor if getattr(actor, "pk", None) else None,
            from_status="",
            to_status=scheme.status,
            why=_("Skema mandiri agen Perisai"),
        )
        audit_record(
            actor=actor,
            object_type="funding_scheme",
            object_id=scheme.pk,
            action=Action.CREATE,
            source=Source.SYSTEM,
            changes={
                "name": [None, scheme.name],
                "funder_type": [None, "MANDIRI"],
                "funder_region": [None, district.code],
                "year": [None, str(year)],
            },
            region_code=district.code,
        )
    return scheme


__all__ = [
    "SCHEME_TRANSITIONS",
    "SELF_PAID_BUDGET",
    "SchemeInput",
    "scheme_create",
    "scheme_transition",
    "self_paid_scheme_for",
]
