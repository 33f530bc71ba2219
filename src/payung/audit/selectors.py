"""Reads of the trail and the access log, limited to regions: `regions=None` reads everything (a
superuser), else the rows of the regencies inside those region codes (a regency admin's scope).

The audit app stands below accounts: the caller turns a user into its regions (accounts/trail_views.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import AuditEvent, PersonalDataAccess, PersonalDataSubject


def _regency_condition(regions: tuple[str, ...] | None, field: str) -> Q | None:
    """None: everything; else the rows of the regencies in `regions` (a province: its regencies)."""
    if regions is None:
        return None
    condition = Q(pk__in=[])
    for code in regions:
        if code.count(".") == 0:
            condition |= Q(**{f"{field}__startswith": code + "."})
        elif code.count(".") == 1:
            condition |= Q(**{field: code})
        # A region below a regency gives no part of the regency's trail.
    return condition


@dataclass(frozen=True)
class AuditFilters:
    object_type: str = ""
    object_id: str = ""
    actor: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_events_in(
    regions: tuple[str, ...] | None, filters: AuditFilters = AuditFilters()
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    condition = _regency_condition(regions, "regency_code")
    if condition is not None:
        events = events.filter(condition)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    if filters.actor:
        events = events.filter(Q(actor__username=filters.actor) | Q(actor_name__icontains=filters.actor))
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.date_from:
        events = events.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(at__date__lte=filters.date_to)
    return events.order_by("-at", "-id")


def accesses_in(
    regions: tuple[str, ...] | None, filters: AuditFilters = AuditFilters()
) -> QuerySet[PersonalDataAccess]:
    accesses = PersonalDataAccess.objects.all()
    condition = _regency_condition(regions, "regency_code")
    if condition is not None:
        accesses = accesses.filter(
            Exists(PersonalDataSubject.objects.filter(condition, access=OuterRef("pk")))
        )
    if filters.object_id:
        accesses = accesses.filter(
            Exists(
                PersonalDataSubject.objects.filter(access=OuterRef("pk"), worker_id=_int(filters.object_id))
            )
        )
    if filters.actor:
        accesses = accesses.filter(Q(actor__username=filters.actor) | Q(actor_name__icontains=filters.actor))
    if filters.action:
        accesses = accesses.filter(channel=filters.action)
    if filters.date_from:
        accesses = accesses.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        accesses = accesses.filter(at__date__lte=filters.date_to)
    return accesses.order_by("-at", "-id")


def access_subjects_in(
    regions: tuple[str, ...] | None, access: PersonalDataAccess
) -> QuerySet[PersonalDataSubject]:
    """Whom one export showed, limited to the reader's regencies."""
    subjects = access.subjects.all()
    condition = _regency_condition(regions, "regency_code")
    return subjects.filter(condition) if condition is not None else subjects


def _int(value: str) -> int:
    return int(value) if value.isdigit() else -1
