"""Reads of the rule table: every rule of the book in force with its versions, newest first, as the rule
table screen and the API show them."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from payung.rules import RuleBook

from .models import AddedRuleVersion
from .presenters import CONFIDENCE_LABELS, rule_title, value_text


def rule_table(book: RuleBook, *, today: dt.date) -> list[dict]:
    """[{key, spec, title, rows: [{version, value, in_force, confidence_label, added, explanation}]}]."""
    added = {
        (record.rule, record.effective_from): record
        for record in AddedRuleVersion.objects.select_related("created_by")
    }
    rules = []
    for key, spec in book.specs.items():
        rows = []
        for version in reversed(book.versions(key)):
            rows.append(
                {
                    "version": version,
                    "value": value_text(spec, version),
                    "in_force": version.in_force_on(today),
                    "confidence_label": CONFIDENCE_LABELS[version.confidence.value],
                    "added": added.get((key, version.effective_from)),
                    # Shipped versions say why in plain words; an admin-added one shows the admin's note.
                    "explanation": _(version.explanation)
                    if version.explanation
                    else (version.note if (key, version.effective_from) in added else ""),
                }
            )
        rules.append({"key": key, "spec": spec, "title": rule_title(key, spec.title), "rows": rows})
    return rules
