"""The trail as people read it: field labels instead of names, choice and related-row labels instead of
codes, dates and numbers the screen's way, and fields empty before and after left out."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from payung.lib import formats

from .models import AuditEvent


@dataclass(frozen=True)
class ChangeLine:
    label: str
    old: str
    new: str


def _empty(value: object) -> bool:
    return value is None or value == ""


def _field(model: type[models.Model], name: str) -> models.Field | None:
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname):
            return field
    return None


def _is_key(field: models.Field, value: object) -> bool:
    """Whether a stored value is a key of the related table (a few older rows hold its label)."""
    if _empty(value):
        return False
    try:
        field.related_model._meta.pk.to_python(value)
    except (ValueError, TypeError, ValidationError):
        return False
    return True


def _related_labels(model: type[models.Model], events: Iterable[AuditEvent]) -> dict[str, dict[str, str]]:
    """For each foreign key in the events' changes, {stored key: str(related row)}, one query per key."""
    keys: dict[str, set[str]] = {}
    for event in events:
        for name, values in event.changes.items():
            field = _field(model, name)
            if field is not None and field.is_relation:
                keys.setdefault(name, set()).update(str(v) for v in values if _is_key(field, v))
    labels = {}
    for name, wanted in keys.items():
        related = _field(model, name).related_model
        labels[name] = {str(row.pk): str(row) for row in related._default_manager.filter(pk__in=wanted)}
    return labels


def _display(field: models.Field | None, value: object, related: dict[str, str]) -> str:
    if _empty(value):
        return formats.EMPTY
    text = str(value)
    if field is None:
        return _guessed(value)
    if field.is_relation:
        return related.get(text, text)
    if field.choices:
        return str(dict(field.flatchoices).get(text, text))
    if isinstance(field, models.DateTimeField):
        return formats.day(dt.datetime.fromisoformat(text))
    if isinstance(field, models.DateField):
        return _guessed(text)  # a day, or a month the lifecycle stores as YYYY-MM
    if isinstance(field, models.IntegerField) and text.lstrip("-").isdigit():
        return formats.number(int(text))
    return text


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")


def _guessed(value: object) -> str:
    """A value whose field is not known (a field since removed, a JSON key): dates and numbers the
    screen's way, the rest as stored."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return formats.number(value)
    text = str(value)
    if ISO_DAY.match(text):
        return formats.day(dt.date.fromisoformat(text))
    if ISO_MONTH.match(text):
        return formats.month(dt.date.fromisoformat(text + "-01"))
    return text


def change_lines(model: type[models.Model], events: list[AuditEvent]) -> dict[int, list[ChangeLine]]:
    """{event id: its changes as lines}, for a page of events about rows of `model`."""
    related = _related_labels(model, events)
    result = {}
    for event in events:
        lines = []
        for name, (old, new) in event.changes.items():
            if _empty(old) and _empty(new):
                continue
            field = _field(model, name)
            label = str(field.verbose_name) if field is not None else name
            labels = related.get(name, {})
            lines.append(ChangeLine(label, _display(field, old, labels), _display(field, new, labels)))
        result[event.pk] = lines
    return result


def _model_of(object_type: str) -> type[models.Model] | None:
    """The model an event's `object_type` names ("worker", "membership"), looked up in the app
    registry at run time so the trail stays below the apps whose rows it records."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.model_name == object_type.replace("_", ""):
            return model
    return None


def trail_change_lines(events: list[AuditEvent]) -> dict[int, list[ChangeLine]]:
    """{event id: its changes as lines} for a page of the whole trail (events about any kind of row)."""
    result: dict[int, list[ChangeLine]] = {}
    by_type: dict[str, list[AuditEvent]] = {}
    for event in events:
        by_type.setdefault(event.object_type, []).append(event)
    for object_type, group in by_type.items():
        model = _model_of(object_type)
        if model is not None:
            result.update(change_lines(model, group))
        else:
            for event in group:
                result[event.pk] = [
                    ChangeLine(name, _display(None, old, {}), _display(None, new, {}))
                    for name, (old, new) in event.changes.items()
                    if not (_empty(old) and _empty(new))
                ]
    return result


# The screen names of the kinds of rows the trail records (`AuditEvent.object_type`).
OBJECT_LABELS = {
    "worker": _("pekerja"),
    "membership": _("kepesertaan"),
    "funding_scheme": _("skema pendanaan"),
    "bill": _("tagihan"),
    "payment": _("pembayaran"),
    "rule_version": _("versi aturan iuran"),
    "user": _("pengguna"),
    "agent": _("agen Perisai"),
    "recruit": _("peserta agen"),
    "collection": _("iuran terkumpul agen"),
    "deposit": _("setoran agen"),
    "commission_rule": _("aturan komisi agen"),
    "inactivity_rule": _("aturan keaktifan agen"),
}


def object_type_label(object_type: str) -> str:
    """The screen name of the kind of row an event is about ("skema pendanaan", not funding_scheme)."""
    return str(OBJECT_LABELS.get(object_type, object_type))
