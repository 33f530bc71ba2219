"""Writing audit rows. Services call these inside their own transaction, so a failed change leaves none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from .models import Action, AuditEvent, Source


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


def audit_record(
    *,
    actor,
    object_type: str,
    object_id: object,
    action: str,
    changes: Mapping[str, list[str | None]],
    source: str = Source.WEB,
    note: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        object_type=object_type,
        object_id=str(object_id),
        action=action,
        source=source,
        changes=dict(changes),
        note=note,
    )


def audit_record_many(events: Iterable[AuditEvent], *, batch_size: int = 5_000) -> None:
    """For bulk work (imports): unsaved AuditEvent rows written in batches."""
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)


def history_of(object_type: str, object_id: object):
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).select_related("actor")


__all__ = ["Action", "Source", "audit_record", "audit_record_many", "audit_value", "diff", "history_of"]
