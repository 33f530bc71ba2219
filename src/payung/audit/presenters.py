"""The trail as people read it: field labels instead of names, choice and related-row labels instead of
codes, dates and numbers the screen's way, and fields empty before and after left out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

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


def _related_labels(model: type[models.Model], events: Iterable[AuditEvent]) -> dict[str, dict[str, str]]:
    """For each foreign key in the events' changes, {stored key: str(related row)}, one query per key."""
    keys: dict[str, set[str]] = {}
    for event in events:
        for name, values in event.changes.items():
            field = _field(model, name)
            if field is not None and field.is_relation:
                keys.setdefault(name, set()).update(str(v) for v in values if not _empty(v))
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
        return text
    if field.is_relation:
        return related.get(text, text)
    if field.choices:
        return str(dict(field.flatchoices).get(text, text))
    if isinstance(field, models.DateTimeField):
        return formats.day(dt.datetime.fromisoformat(text))
    if isinstance(field, models.DateField):
        return formats.day(dt.date.fromisoformat(text))
    if isinstance(field, models.IntegerField) and text.lstrip("-").isdigit():
        return formats.number(int(text))
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
