"""Reads of the rules: the rule table (every rule of the book in force with its versions, newest first)
and the two calculators, as the screens and the API show them. The calculators take the cleaned data
of the screens' forms (tariffs.forms), so the screen and the API refuse the same input the same way."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from payung.rules import (
    BenefitKind,
    BenefitResult,
    CostPlan,
    JhtReason,
    RuleBook,
    SchoolLevel,
    benefit,
    cost_plan,
    package_from,
)

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


def contribution_plan(values: dict, *, book: RuleBook) -> CostPlan:
    """The contribution calculator: ContributionForm's cleaned data priced by the book (RuleError if the
    package cannot be priced, e.g. JP for BPU)."""
    return cost_plan(
        package=package_from(
            segment=values["segment"],
            programmes=values["programmes"],
            income=values["income"],
            funder_type=values["funder_type"],
            sector=values["sector"],
            risk_class=values["risk_class"],
        ),
        workers=values["workers"],
        first_month=values["month"],
        months=values["months"],
        rulebook=book,
    )


def benefit_result(values: dict, *, book: RuleBook) -> BenefitResult:
    """The benefit calculator: BenefitForm's cleaned data through the engine (RuleError if incomplete)."""
    return benefit(
        kind=BenefitKind(values["kind"]),
        event_date=values["event_date"],
        wage=values["wage"],
        contribution_months=values["contribution_months"],
        children=[SchoolLevel(code) for code in values["children"]],
        incapacity_months=values["incapacity_months"],
        disability_percent=values["disability_percent"],
        jht_balance=values["jht_balance"],
        jht_reason=JhtReason(values["jht_reason"]) if values["jht_reason"] else None,
        rulebook=book,
    )
