"""Tariff screens: the calculator, the rule table, and adding a rule version (admins)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from payung.lib import dates
from payung.rules import Month, RuleError, minimum_income_basis

from .forms import BenefitForm, ContributionForm, RuleVersionForm
from .presenters import component_label, error_text, line_texts, plan_json, rate_text, rule_title
from .selectors import benefit_result, contribution_plan
from .selectors import rule_table as rule_table_rows
from .services import (
    RuleVersionInput,
    RuleVersionInvalid,
    current_rulebook,
    rule_version_add,
    user_manages_rules,
)


@login_required
def calculator(request):
    data = request.GET if "segment" in request.GET else None
    this_month = Month.of(dates.today())
    book = current_rulebook()
    form = ContributionForm(
        data,
        # The lowest BPU basis (Lampiran II's first row), read from the rules, not written here.
        initial={"month": str(this_month), "income": minimum_income_basis(this_month, rulebook=book)},
    )
    result = None
    if form.is_valid():
        try:
            plan = contribution_plan(form.cleaned_data, book=book)
        except RuleError as error:
            form.add_error(None, error_text(error))
        else:
            first = plan.months[0].breakdown
            result = {
                "plan": plan,
                "first": first,
                "json": plan_json(plan),
                "lines": [
                    {"line": line, "rate": rate_text(line.rate), "texts": line_texts(line, book)}
                    for line in first.lines
                ],
            }
    return render(request, "tariffs/calculator.html", {"form": form, "result": result})


@login_required
def benefit_calculator(request):
    data = request.GET if "kind" in request.GET else None
    book = current_rulebook()
    form = BenefitForm(data, initial={"event_date": dates.today()})
    result = None
    if form.is_valid():
        try:
            result = benefit_result(form.cleaned_data, book=book)
        except RuleError as error:
            form.add_error(None, error_text(error))
    lines = []
    if result is not None:
        lines = [
            {
                "line": line,
                "label": component_label(line.component, result.kind.value),
                "texts": line_texts(line, book),
            }
            for line in result.lines
        ]
    return render(request, "tariffs/benefit.html", {"form": form, "result": result, "lines": lines})


@login_required
def rule_table(request):
    book = current_rulebook()
    rules = rule_table_rows(book, today=dates.today())
    return render(
        request,
        "tariffs/rule_table.html",
        {
            "rules": rules,
            "can_add": user_manages_rules(request.user),
            "apbdes_excluded": book.apbdes_excluded_from_discount,
        },
    )


@login_required
def rule_version_create(request):
    if not user_manages_rules(request.user):
        raise PermissionDenied
    book = current_rulebook()
    form = RuleVersionForm(request.POST or None, book=book, initial={"rule": request.GET.get("rule", "")})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            record = rule_version_add(
                actor=request.user,
                data=RuleVersionInput(
                    rule=values["rule"],
                    effective_from=values["effective_from"],
                    value=form.engine_value(),
                    source=values["source"],
                    confidence=values["confidence"],
                    note=values["note"],
                ),
            )
        except RuleVersionInvalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Versi baru %(rule)s berlaku mulai %(date)s tersimpan.")
                % {
                    "rule": rule_title(record.rule, record.rule),
                    "date": date_format(record.effective_from, "j F Y"),
                },
            )
            return redirect("tariffs:rules")
    return render(request, "tariffs/rule_version_form.html", {"form": form})
