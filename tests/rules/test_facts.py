"""Regulation facts once constants in the scheme and billing code, now dated rules read from one place."""

from datetime import date

from payung.rules import Month, bill_due_date, default_rulebook, minimum_income_basis, scheme_defaults
from payung.rules.versions import RuleVersion


def test_scheme_defaults_come_from_the_rules_with_their_sources():
    defaults = scheme_defaults(date(2026, 1, 5))
    assert (defaults.declared_income, defaults.min_age, defaults.max_age) == (1_000_000, 15, 65)
    assert (defaults.lapse_after_months, defaults.due_day) == (3, 15)
    cited = {citation.rule: citation for citation in defaults.citations}
    assert "PP 44/2015 Lampiran II" in cited["bpu.income_brackets"].source
    assert "22/PERDIR.02/072022" in cited["membership.lapse_after_unpaid_months"].source
    assert all(citation.source for citation in defaults.citations)


def test_a_new_version_of_a_fact_changes_what_everyone_reads_from_its_day():
    book = default_rulebook().with_version(
        RuleVersion(rule="bill.due_day", effective_from=date(2027, 1, 1), value=10, source="PP 99/2026")
    )
    assert bill_due_date(Month(2026, 12), rulebook=book) == date(2026, 12, 15)
    assert bill_due_date(Month(2027, 1), rulebook=book) == date(2027, 1, 10)
    assert scheme_defaults(date(2027, 2, 1), rulebook=book).due_day == 10


def test_the_minimum_income_basis_is_the_first_lampiran_ii_row():
    assert minimum_income_basis(Month(2026, 3)) == 1_000_000
