"""Writes of funding schemes: create (validated first), status changes (a dated row each). Audited.

The top of the services: closing a scheme ends its memberships (services/memberships.py), which
bill services build on; the status change itself is services/status.py, which memberships use to
mark a scheme running with its first active member.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from payung.audit.models import Action, Source
from payung.audit.services import audit_record
from payung.lib import dates
from payung.lib.money import dotted
from payung.regions.models import Region
from payung.rules import Month

from ..access import may_create_scheme, scheme_access
from ..models import FundingScheme, SchemeStatus, StatusChange
from ..pricing import regulation_defaults
from ..selectors import scheme_member_summary
from ..validation import SchemeInvalid, check_programmes, scheme_problems
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
    # None: the regulation's default (rules/), filled in by `with_rule_defaults` when the scheme is made.
    declared_income: int | None = None
    quota: int | None = None
    per_village_quota: int | None = None
    deciles: tuple[int, ...] = ()
    occupations: tuple[str, ...] = field(default_factory=tuple)
    areas: tuple[str, ...] = ()
    min_age: int | None = None
    max_age: int | None = None
    disability_first: bool = False
    lapse_after_months: int | None = None


def with_rule_defaults(data: SchemeInput) -> SchemeInput:
    """The terms with every value left out taken from the regulation's defaults (rules/: the income
    basis, the ages, the lapse), read when the scheme is made so a corrected rule counts."""
    names = ("declared_income", "min_age", "max_age", "lapse_after_months")
    if all(getattr(data, name) is not None for name in names):
        return data
    defaults = regulation_defaults()
    return replace(data, **{name: getattr(defaults, name) for name in names if getattr(data, name) is None})


def _checked(data: SchemeInput, today: dt.date | None) -> tuple[tuple[str, ...], Region]:
    data = with_rule_defaults(data)
    region = Region.objects.filter(code=data.funder_region).first()
    problems = scheme_problems(data, region, today)
    if problems:
        raise SchemeInvalid(problems[0][1])
    assert region is not None
    return check_programmes(data.programmes, data.segment), region


def _codes(region: Region) -> dict[str, str]:
    parts = region.code.split(".")
    level = len(parts)
    return {
        "province_code": parts[0],
        "regency_code": ".".join(parts[:2]) if level >= 2 else "",
        "district_code": ".".join(parts[:3]) if level >= 3 else "",
        "village_code": region.code if level == 4 else "",
    }


def scheme_create(
    *, actor, data: SchemeInput, today: dt.date | None = None, source: str = Source.WEB
) -> FundingScheme:
    """A draft scheme. Only a regency admin whose regions contain the funder region may create it."""
    data = with_rule_defaults(data)
    programmes, region = _checked(data, today)
    if not may_create_scheme(actor, region.code):
        raise PermissionDenied(_("Hanya admin kabupaten/kota wilayah ini yang boleh membuat skema."))
    with transaction.atomic():
        scheme = FundingScheme.objects.create(**_terms(data, programmes, region), created_by=actor)
        StatusChange.objects.create(scheme=scheme, by=actor, from_status="", to_status=scheme.status, why="")
        audit_record(
            actor=actor,
            object_type="funding_scheme",
            object_id=scheme.pk,
            region_code=region.code,  # filed under the scheme's regency, not the actor's
            action=Action.CREATE,
            source=source,
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


def _terms(data: SchemeInput, programmes: tuple[str, ...], region: Region) -> dict:
    """The model's fields for the terms in `data` (checked)."""
    return {
        "name": data.name.strip(),
        "funder_type": data.funder_type,
        "funder_region": region,
        **_codes(region),
        "year": data.year,
        "budget": data.budget,
        "segment": data.segment,
        "programmes": list(programmes),
        "first_month": Month(data.year, data.first_month).first_day,
        "months": data.months,
        "declared_income": data.declared_income,
        "quota": data.quota,
        "per_village_quota": data.per_village_quota,
        "deciles": sorted(set(data.deciles)),
        "occupations": list(data.occupations),
        "areas": list(data.areas),
        "min_age": data.min_age,
        "max_age": data.max_age,
        "disability_first": data.disability_first,
        "lapse_after_months": data.lapse_after_months,
    }


def _audit_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Region):
        return value.code
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


# The terms the proposed members' months and planned costs were made from: fixed once anyone is proposed.
HELD_TERMS = ("funder_type", "funder_region", "year", "segment", "programmes", "first_month", "months")
PRICE_TERMS = ("declared_income",)


def _check_members_keep_their_terms(scheme: FundingScheme, changed: dict) -> None:
    """A draft may already hold proposals (their months claimed, their costs priced): their terms stay,
    and the budget may not fall below what they commit."""
    held = [name for name in (*HELD_TERMS, *PRICE_TERMS) if name in changed]
    if not held and "budget" not in changed:
        return
    summary = scheme_member_summary(scheme.pk)
    if held and summary.worker_ids:
        raise SchemeInvalid(
            _(
                "Skema %(name)s sudah punya %(n)s usulan: program, bulan, wilayah, penyandang dana dan dasar "
                "penghasilan tidak bisa diubah. Hapus usulannya dulu."
            )
            % {"name": scheme.name, "n": len(summary.worker_ids)}
        )
    if "budget" in changed and changed["budget"] < summary.planned_cost:
        raise SchemeInvalid(
            _("Pagu Rp%(budget)s kurang dari biaya usulan yang sudah ada (Rp%(committed)s).")
            % {"budget": dotted(changed["budget"]), "committed": dotted(summary.planned_cost)}
        )


def scheme_update(
    *, actor, scheme: FundingScheme, data: SchemeInput, today: dt.date | None = None, source: str = Source.WEB
) -> FundingScheme:
    """New terms for a draft scheme (once approved, its terms are the approved ones: refused). The same
    checks as `scheme_create`; the admin must manage the scheme and the (new) funder region. Audited."""
    data = with_rule_defaults(data)
    if not scheme_access(actor, scheme).can_manage:
        raise PermissionDenied(_("Hanya admin kabupaten/kota wilayah ini yang boleh mengubah skema."))
    programmes, region = _checked(data, today)
    if not may_create_scheme(actor, region.code):
        raise PermissionDenied(_("Hanya admin kabupaten/kota wilayah ini yang boleh membuat skema."))
    with transaction.atomic():
        scheme = FundingScheme.objects.select_for_update().get(pk=scheme.pk)
        if scheme.status != SchemeStatus.DRAFT:
            raise SchemeInvalid(
                _("Skema %(name)s sudah %(status)s; hanya draf yang bisa diubah.")
                % {"name": scheme.name, "status": SchemeStatus(scheme.status).label.lower()}
            )
        terms = _terms(data, programmes, region)
        changed = {name: value for name, value in terms.items() if getattr(scheme, name) != value}
        _check_members_keep_their_terms(scheme, changed)
        changes: dict[str, list[str | None]] = {}
        for name, value in changed.items():
            changes[name] = [_audit_text(getattr(scheme, name)), _audit_text(value)]
            setattr(scheme, name, value)
        if changes:
            scheme.save()
            audit_record(
                actor=actor,
                object_type="funding_scheme",
                object_id=scheme.pk,
                region_code=region.code,
                action=Action.UPDATE,
                source=source,
                changes=changes,
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
    "scheme_update",
    "self_paid_scheme_for",
]
