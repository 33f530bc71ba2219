"""A scheme's status change, the bottom of the services: every status service goes through it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.audit.models import Action, Source
from payung.audit.services import audit_record

from ..models import FundingScheme, SchemeStatus, StatusChange
from ..validation import SchemeInvalid

SCHEME_TRANSITIONS = {
    SchemeStatus.DRAFT: frozenset({SchemeStatus.APPROVED}),
    SchemeStatus.APPROVED: frozenset({SchemeStatus.RUNNING, SchemeStatus.CLOSED}),
    SchemeStatus.RUNNING: frozenset({SchemeStatus.CLOSED}),
    SchemeStatus.CLOSED: frozenset(),
}


def scheme_status_change(*, actor, scheme: FundingScheme, to: str, why: str, source: str) -> FundingScheme:
    """Move the (locked) scheme along `SCHEME_TRANSITIONS`: a StatusChange row and an audit row.
    The caller checked the permission."""
    with transaction.atomic():
        scheme = FundingScheme.objects.select_for_update().get(pk=scheme.pk)
        if to not in SCHEME_TRANSITIONS[scheme.status]:
            raise SchemeInvalid(
                _("Status skema tidak bisa berubah dari %(from)s ke %(to)s.")
                % {"from": SchemeStatus(scheme.status).label, "to": SchemeStatus(to).label}
            )
        old = scheme.status
        scheme.status = to
        fields = ["status", "updated_at"]
        if to == SchemeStatus.APPROVED:
            scheme.approved_by, scheme.approved_at = actor, timezone.now()
            fields += ["approved_by", "approved_at"]
        scheme.save(update_fields=fields)
        StatusChange.objects.create(scheme=scheme, by=actor, from_status=old, to_status=to, why=why[:300])
        audit_record(
            actor=actor,
            object_type="funding_scheme",
            object_id=scheme.pk,
            region_code=scheme.funder_region_id,
            action=Action.UPDATE,
            source=source,
            changes={"status": [old, to]},
            note=why[:200],
        )
    return scheme


def scheme_mark_running(*, actor, scheme: FundingScheme) -> None:
    """An approved scheme starts running with its first active member (called by enrolment)."""
    if scheme.status == SchemeStatus.APPROVED:
        scheme_status_change(
            actor=actor,
            scheme=scheme,
            to=SchemeStatus.RUNNING,
            why=_("Peserta pertama aktif"),
            source=Source.SYSTEM,
        )
