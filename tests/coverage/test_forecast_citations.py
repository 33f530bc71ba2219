"""The forecast's budget is priced on the income basis the rules hold for the target year, and says
which rule versions priced it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from payung.coverage.forecast import forecast, index_of, usual_package
from payung.rules import Month, default_rulebook
from payung.rules.facts import minimum_income_basis


def series():
    start = index_of(Month(2024, 1))
    return [(start + k, 10_000 + 500 * k) for k in range(24)]


def test_the_forecast_budget_names_the_rules_that_priced_it():
    result = forecast(series(), target_participants=40_000, deadline=Month(2026, 12))
    assert result.yearly_budget > 0
    rules = {c.rule for c in result.citations}
    assert {"bpu.jkk.rate", "bpu.jkm.amount", "bpu.income_brackets"} <= rules
    assert all(c.source for c in result.citations)
    assert result.income_basis == minimum_income_basis(Month(2026, 1)) == 1_000_000


def test_the_usual_package_reads_its_income_basis_from_the_rules():
    book = default_rulebook()
    version = book.version_at("bpu.income_brackets", Month(2026, 1).first_day)
    first = version.value.brackets[0]
    raised = replace(version.value, brackets=(replace(first, basis=1_100_000), *version.value.brackets[1:]))
    corrected = book.with_versions([replace(version, value=raised, effective_from=dt.date(2026, 1, 1))])
    assert usual_package(Month(2026, 1)).income == 1_000_000
    assert usual_package(Month(2026, 1), corrected).income == 1_100_000  # an admin's correction counts
    assert usual_package(Month(2025, 12), corrected).income == 1_000_000
