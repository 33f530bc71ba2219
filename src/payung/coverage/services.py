"""Writes of coverage: targets (the imports live in `importing.py`, the summaries in `summary.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from payung.accounts.models import Role
from payung.accounts.scope import scope_for
from payung.audit.services import Action, audit_record, diff
from payung.regions.models import Level, Region

from .models import DenominatorKind, Target, TargetKind, TargetMode


class TargetInvalid(Exception):
    """The target cannot be saved; the message is shown to the user as it is."""


@dataclass(frozen=True)
class TargetInput:
    region_code: str
    year: int
    kind: str
    denominator_kind: str = DenominatorKind.LABOUR_FORCE
    mode: str = TargetMode.PERCENT
    percent: Decimal | None = None
    increase_pct: Decimal | None = None
    base_year: int | None = None
    source: str = ""


def user_sets_targets(user, region_code: str) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.role == Role.REGENCY_ADMIN and scope_for(user).contains(region_code)


def _validate(data: TargetInput) -> None:
    if data.kind not in TargetKind.values:
        raise TargetInvalid(_("Jenis target tidak dikenal."))
    if data.denominator_kind not in DenominatorKind.values:
        raise TargetInvalid(_("Penyebut tidak dikenal."))
    if not 2000 <= data.year <= 2100:
        raise TargetInvalid(_("Tahun target harus antara 2000 dan 2100."))
    if data.mode == TargetMode.PERCENT:
        if data.percent is None or not Decimal(0) < data.percent <= Decimal(100):
            raise TargetInvalid(_("Target persentase harus lebih dari 0 dan paling banyak 100."))
    elif data.mode == TargetMode.INCREASE:
        if data.increase_pct is None or data.increase_pct <= 0:
            raise TargetInvalid(_("Kenaikan harus lebih dari 0 %."))
        if data.base_year is None or data.base_year >= data.year:
            raise TargetInvalid(_("Tahun dasar harus sebelum tahun target."))
    else:
        raise TargetInvalid(_("Bentuk target tidak dikenal."))


@transaction.atomic
def target_set(*, actor, data: TargetInput) -> Target:
    """Create or replace the target of a region, year and kind."""
    if not user_sets_targets(actor, data.region_code):
        raise TargetInvalid(_("Anda tidak berwenang menetapkan target untuk wilayah ini."))
    region = Region.objects.filter(code=data.region_code, level__lte=Level.DISTRICT).first()
    if region is None:
        raise TargetInvalid(_("Wilayah %(code)s tidak dikenal.") % {"code": data.region_code})
    _validate(data)
    percent_mode = data.mode == TargetMode.PERCENT
    values = {
        "province_code": region.code[:2],
        "denominator_kind": data.denominator_kind,
        "mode": data.mode,
        "percent": data.percent if percent_mode else None,
        "increase_pct": None if percent_mode else data.increase_pct,
        "base_year": None if percent_mode else data.base_year,
        "source": data.source.strip()[:200],
        "created_by": actor,
    }
    existing = Target.objects.filter(region=region, year=data.year, kind=data.kind).first()
    old = {key: getattr(existing, key) for key in values} if existing else {}
    target, created = Target.objects.update_or_create(
        region=region, year=data.year, kind=data.kind, defaults=values
    )
    audit_record(
        actor=actor,
        object_type="coverage.target",
        object_id=target.pk,
        action=Action.CREATE if created else Action.UPDATE,
        changes=diff(old, {key: value for key, value in values.items() if key != "created_by"}),
    )
    return target
