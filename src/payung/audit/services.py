"""Writing audit rows. Services call these inside their own transaction, so a failed change leaves none.

Rows are only ever added (see models.py): nothing here updates or deletes one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import transaction

from payung.lib.bulk_load import insert_rows

from .models import Action, AuditEvent, Channel, PersonalDataAccess, PersonalDataSubject, Source


def audit_value(value: object) -> str | None:
    """A field value as stored in the trail: text, dates in ISO form, None kept."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (int, Decimal)):
        return str(value)
    return str(value)


def diff(old: Mapping[str, object], new: Mapping[str, object]) -> dict[str, list[str | None]]:
    """{field: [old, new]} for the fields whose value changed."""
    changes = {}
    for field, new_value in new.items():
        old_value = old.get(field)
        if audit_value(old_value) != audit_value(new_value):
            changes[field] = [audit_value(old_value), audit_value(new_value)]
    return changes


def actor_name(actor) -> str:
    """How the trail names a user: 'Full Name (username)', kept in the row when it is written."""
    if actor is None or not getattr(actor, "pk", None):
        return ""
    full = f"{actor.first_name} {actor.last_name}".strip()
    return f"{full} ({actor.username})" if full else actor.username


def _regency_of(code: str) -> str:
    return code[:5] if code.count(".") >= 1 else ""


def actor_regency(actor) -> str:
    """The one regency an actor works in, or "" (a superuser, an officer serving several regencies)."""
    if actor is None or not getattr(actor, "pk", None) or actor.is_superuser:
        return ""
    regencies = {_regency_of(code) for code in actor.regions.values_list("code", flat=True)}
    return regencies.pop() if len(regencies) == 1 else ""


def audit_record(
    *,
    actor,
    object_type: str,
    object_id: object,
    action: str,
    changes: Mapping[str, list[str | None]],
    source: str = Source.WEB,
    note: str = "",
    region_code: str = "",
) -> AuditEvent:
    """`region_code` (any level) files the row under its regency; without it, the actor's regency."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=actor_name(actor),
        regency_code=_regency_of(region_code) if region_code else actor_regency(actor),
        object_type=object_type,
        object_id=str(object_id),
        action=action,
        source=source,
        changes=dict(changes),
        note=note,
    )


def audit_record_many(events: Iterable[AuditEvent], *, batch_size: int = 5_000) -> None:
    """For bulk work (imports): unsaved AuditEvent rows written in batches; names and regencies filled in."""
    names: dict[int, tuple[str, str]] = {}

    def filled(event: AuditEvent) -> AuditEvent:
        if event.actor_id is not None and (not event.actor_name or not event.regency_code):
            if event.actor_id not in names:
                actor = event.actor
                names[event.actor_id] = (actor_name(actor), actor_regency(actor))
            name, regency = names[event.actor_id]
            event.actor_name = event.actor_name or name
            event.regency_code = event.regency_code or regency
        return event

    AuditEvent.objects.bulk_create((filled(e) for e in events), batch_size=batch_size)


def history_of(object_type: str, object_id: object):
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).select_related(
        "actor"
    )


def access_record(
    *,
    actor,
    channel: str,
    subjects: Iterable[tuple[int, str]],
    purpose: str = "",
    where: str = "",
    full_nik: bool = True,
) -> PersonalDataAccess:
    """Logs one look at personal data: one access row, and one (worker id, regency) row per person, in bulk."""
    subjects = list(subjects)
    with transaction.atomic():
        access = PersonalDataAccess.objects.create(
            actor=actor,
            actor_name=actor_name(actor),
            channel=channel,
            full_nik=full_nik,
            purpose=purpose[:200],
            location=where[:200],
            subject_count=len(subjects),
        )
        # Rows, not model instances: a 100,000-person export adds a second or two, not ten (bench/access_log_bench.py).
        insert_rows(
            PersonalDataSubject._meta.db_table,
            ("access_id", "worker_id", "regency_code"),
            ((access.pk, worker_id, _regency_of(code)) for worker_id, code in subjects),
        )
    return access


def accesses_of_worker(worker_id: int):
    """Who looked at this person, newest first."""
    return PersonalDataAccess.objects.filter(subjects__worker_id=worker_id).select_related("actor").distinct()


__all__ = [
    "Action",
    "Channel",
    "Source",
    "access_record",
    "accesses_of_worker",
    "actor_name",
    "audit_record",
    "audit_record_many",
    "audit_value",
    "diff",
    "history_of",
]
