"""Self-paying (MANDIRI) members brought by a Perisai agent (agents/): enrolled on the district's
MANDIRI scheme, and carried into the next year's. The worker pays, so there is no budget or quota to
check, and the one-funder answer names nobody (the agent must not learn who funds)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from payung.audit.models import Action, Source
from payung.audit.services import audit_record
from payung.registry.models import Worker
from payung.rules import Month
from payung.schemes.models import FundingScheme
from payung.schemes.pricing import months_between

from ..models import Membership, MembershipStatus, StatusChange
from ..outbox import memberships_changed
from ..selectors import conflicts_for
from .memberships import (
    MembershipConflict,
    MembershipInvalid,
    _check_open,
    _claim_months,
    _month_rows,
    _new_membership,
)
from .status import scheme_mark_running

SELF_PAID_TAKEN = "self_paid_taken"


def _taken() -> str:
    return _(
        "Pekerja ini sudah menjadi peserta untuk program dan bulan yang sama; tidak bisa didaftarkan lagi."
    )


def _refuse_if_taken(scheme: FundingScheme, worker: Worker, programmes: tuple[str, ...], months) -> None:
    """The one-funder rule for a self-paying member, with the neutral answer."""
    if (
        conflicts_for(
            worker_ids=[worker.pk],
            programmes=programmes,
            months=[m.first_day for m in months],
            exclude_scheme_id=None,
        )
        or Membership.objects.filter(scheme=scheme, worker=worker)
        .exclude(status=MembershipStatus.ENDED)
        .exists()
    ):
        raise MembershipConflict(_taken(), SELF_PAID_TAKEN)


def _save_holding(membership: Membership, months) -> None:
    """Save the membership with its months; a concurrent holder of a month is the same neutral answer."""
    try:
        with transaction.atomic():
            membership.save()
            _claim_months(_month_rows(membership, months))
    except IntegrityError:
        raise MembershipConflict(_taken(), SELF_PAID_TAKEN) from None


def membership_enrol_self_paid(
    *, actor, scheme: FundingScheme, worker: Worker, programmes: tuple[str, ...], first: Month, cost: int
) -> Membership:
    """A MANDIRI member of `scheme` from month `first` to the scheme's last month, for `programmes`.

    The caller (agents.services) has checked that `actor` may register this worker; here only the
    scheme (MANDIRI, open) and the one-funder rule are checked. A conflict raises `MembershipConflict`
    with a neutral message and the code `SELF_PAID_TAKEN` in its args.
    """
    if scheme.funder_type != "MANDIRI":
        raise MembershipInvalid(_("Hanya skema mandiri yang menerima peserta dari agen."))
    months = months_between(max(first, scheme.start), Month.of(scheme.last_month))
    if not months:
        raise MembershipInvalid(_("Bulan mulai di luar bulan skema."))
    with transaction.atomic():
        scheme = FundingScheme.objects.select_for_update().get(pk=scheme.pk)
        _check_open(scheme)
        _refuse_if_taken(scheme, worker, programmes, months)
        membership = _new_membership(actor=actor, scheme=scheme, worker=worker, months=months, cost=cost)
        membership.programmes = list(programmes)
        _save_holding(membership, months)
        StatusChange.objects.create(
            scheme=scheme,
            membership=membership,
            by=actor,
            to_status=MembershipStatus.PROPOSED,
            why=_("Didaftarkan agen Perisai"),
        )
        audit_record(
            actor=actor,
            object_type="membership",
            object_id=membership.pk,
            action=Action.CREATE,
            changes={
                "scheme": [None, scheme.name],
                "worker": [None, worker.nik],
                "programmes": [None, "+".join(programmes)],
                "status": [None, "proposed"],
            },
            region_code=worker.village_id,
        )
    return membership


def membership_continue_self_paid(
    *, actor, previous: Membership, scheme: FundingScheme, cost: int, source: str = Source.SYSTEM
) -> Membership:
    """A MANDIRI member carried into the next year's scheme without registering again.

    `previous` is an active MANDIRI membership held to its scheme's December; `scheme` is the same
    district's MANDIRI scheme of the next year. The new membership holds the same programmes from
    January to December and is active at once with the same KPJ number (BPJS keeps the participant;
    nothing goes through the hand-off again). The one-funder rule holds: a worker covered by another
    funder in the new year is refused with the neutral `SELF_PAID_TAKEN` answer. Audited.
    """
    if scheme.funder_type != "MANDIRI" or previous.scheme.funder_type != "MANDIRI":
        raise MembershipInvalid(_("Hanya kepesertaan mandiri yang dilanjutkan ke tahun berikutnya."))
    if previous.status != MembershipStatus.ACTIVE or not previous.kpj_number:
        raise MembershipInvalid(_("Hanya kepesertaan aktif (dengan nomor KPJ) yang dilanjutkan."))
    last_held = Month.of(previous.end_month or previous.scheme.last_month)
    if scheme.start != last_held.plus(1) or scheme.district_code != previous.scheme.district_code:
        raise MembershipInvalid(
            _("Skema lanjutan harus skema mandiri kecamatan yang sama pada tahun berikutnya.")
        )
    months = months_between(scheme.start, Month.of(scheme.last_month))
    with transaction.atomic():
        scheme = FundingScheme.objects.select_for_update().get(pk=scheme.pk)
        _check_open(scheme)
        worker = previous.worker
        programmes = tuple(previous.programmes)
        _refuse_if_taken(scheme, worker, programmes, months)
        membership = _new_membership(actor=actor, scheme=scheme, worker=worker, months=months, cost=cost)
        membership.programmes = list(programmes)
        membership.status = MembershipStatus.ACTIVE
        membership.kpj_number = previous.kpj_number
        membership.proposed_by = actor if getattr(actor, "pk", None) else None
        _save_holding(membership, months)
        why = _("Dilanjutkan dari %(scheme)s") % {"scheme": previous.scheme.name}
        StatusChange.objects.create(
            scheme=scheme,
            membership=membership,
            by=membership.proposed_by,
            to_status=MembershipStatus.ACTIVE,
            why=why[:300],
        )
        audit_record(
            actor=actor,
            object_type="membership",
            object_id=membership.pk,
            action=Action.CREATE,
            changes={
                "scheme": [None, scheme.name],
                "worker": [None, worker.nik],
                "programmes": [None, "+".join(programmes)],
                "status": [None, "active"],
                "kpj_number": [None, membership.kpj_number],
                "continues": [None, str(previous.pk)],
            },
            note=why[:200],
            source=source,
            region_code=worker.village_id,
        )
        scheme_mark_running(actor=actor, scheme=scheme)
        memberships_changed([membership], last_month=scheme.last_month)
    return membership
