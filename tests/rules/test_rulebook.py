"""The RuleBook: every date resolves to exactly one version; new versions never edit old ones."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from payung.rules import (
    Month,
    RuleBook,
    RuleNotInForce,
    RuleSpec,
    RuleVersion,
    RuleVersionConflict,
    ValueKind,
    contribution,
    default_rulebook,
)
from payung.rules.types import month_span


def _days_to_check(book: RuleBook, rule: str) -> list[date]:
    """Every first-of-month from the first version to 2031, plus both sides of every boundary."""
    first = book.versions(rule)[0].effective_from
    days = [month.first_day for month in month_span(Month.of(first).plus(1), (2031 - first.year) * 12)]
    for version in book.versions(rule)[1:]:
        days += [version.effective_from - timedelta(days=1), version.effective_from]
    return [first, *days]


def test_every_shipped_rule_resolves_every_day_to_exactly_one_version():
    book = default_rulebook()
    for rule in book.specs:
        for day in _days_to_check(book, rule):
            in_force = [version for version in book.versions(rule) if version.in_force_on(day)]
            assert len(in_force) == 1, (rule, day, in_force)


def test_both_sides_of_every_effective_date_resolve_to_neighbouring_versions():
    book = default_rulebook()
    for rule in book.specs:
        chain = book.versions(rule)
        for earlier, later in zip(chain, chain[1:], strict=False):
            assert book.version_at(rule, later.effective_from - timedelta(days=1)) == earlier
            assert book.version_at(rule, later.effective_from) == later


def test_every_shipped_version_cites_a_source_and_doubts_have_a_note():
    for rule, chain in default_rulebook().chains.items():
        for version in chain:
            assert version.source.strip(), rule
            if version.confidence != "C":
                assert version.note.strip(), (rule, version.effective_from)


def test_monthly_rules_change_only_on_the_first_of_a_month():
    book = default_rulebook()
    for rule, spec in book.specs.items():
        if spec.monthly:
            assert all(version.effective_from.day == 1 for version in book.versions(rule)), rule


def test_it_refuses_a_date_before_the_first_version():
    with pytest.raises(RuleNotInForce, match="starts 2021-02-01"):
        default_rulebook().version_at("pu.jkp.rate", date(2021, 1, 31))


def _next_jp_cap(start: date, value: int = 11_600_000) -> RuleVersion:
    return RuleVersion(
        rule="pu.jp.wage_cap",
        effective_from=start,
        value=value,
        source="surat BPJS Ketenagakerjaan B/1/022027",
        note="test",
    )


def test_adding_next_years_jp_cap_closes_the_open_version_without_editing_its_value():
    book = default_rulebook()
    new_book = book.with_versions([_next_jp_cap(date(2027, 3, 1))])
    chain = new_book.versions("pu.jp.wage_cap")
    assert chain[-2].value == 11_086_300
    assert chain[-2].effective_to == date(2027, 2, 28)
    assert chain[-1].effective_to is None
    assert new_book.value_at("pu.jp.wage_cap", date(2027, 2, 28)) == 11_086_300
    assert new_book.value_at("pu.jp.wage_cap", date(2027, 3, 1)) == 11_600_000
    # The original book is unchanged (versions are immutable data).
    assert book.versions("pu.jp.wage_cap")[-1].effective_to is None
    jp = contribution(
        segment="PU", programmes=["JP"], income=20_000_000, month=Month(2027, 3), rulebook=new_book
    ).line("JP")
    assert jp.basis == 11_600_000


def test_it_rejects_a_version_that_starts_on_or_before_the_latest_one():
    book = default_rulebook()
    with pytest.raises(RuleVersionConflict, match="must start after the latest one"):
        book.with_version(_next_jp_cap(date(2026, 3, 1)))
    with pytest.raises(RuleVersionConflict, match="must start after the latest one"):
        book.with_version(_next_jp_cap(date(2025, 3, 1)))


def test_it_rejects_a_version_that_overlaps_a_closed_one():
    book = default_rulebook().with_version(
        RuleVersion(
            rule="pu.jp.wage_cap",
            effective_from=date(2027, 3, 1),
            value=11_600_000,
            source="x",
            effective_to=None,
        )
    )
    with pytest.raises(RuleVersionConflict):
        book.with_version(_next_jp_cap(date(2027, 3, 1)))


def test_it_rejects_negative_values_wrong_kinds_unknown_rules_and_mid_month_starts():
    book = default_rulebook()
    with pytest.raises(RuleVersionConflict, match="must not be negative"):
        book.with_version(_next_jp_cap(date(2027, 3, 1), value=-1))
    with pytest.raises(RuleVersionConflict, match="needs a amount value"):
        book.with_version(_next_jp_cap(date(2027, 3, 1), value=Decimal("1.5")))  # type: ignore[arg-type]
    with pytest.raises(RuleVersionConflict, match="a rate is a fraction"):
        book.with_version(
            RuleVersion(rule="bpu.jkk.rate", effective_from=date(2027, 1, 1), value=Decimal(2), source="x")
        )
    with pytest.raises(RuleVersionConflict, match="unknown rule"):
        book.with_version(RuleVersion(rule="nope", effective_from=date(2027, 1, 1), value=1, source="x"))
    with pytest.raises(RuleVersionConflict, match="start on the 1st"):
        book.with_version(_next_jp_cap(date(2027, 3, 15)))
    with pytest.raises(RuleVersionConflict, match="source is required"):
        book.with_version(
            RuleVersion(rule="bpu.jkm.amount", effective_from=date(2027, 1, 1), value=1, source=" ")
        )


def test_build_rejects_gaps_overlaps_and_a_closed_end():
    spec = RuleSpec("x", "X", ValueKind.AMOUNT)

    def version(start, end, value=1):
        return RuleVersion(rule="x", effective_from=start, effective_to=end, value=value, source="s")

    with pytest.raises(RuleVersionConflict, match="gap"):
        RuleBook.build(
            specs=[spec],
            versions=[version(date(2020, 1, 1), date(2020, 1, 31)), version(date(2020, 3, 1), None)],
        )
    with pytest.raises(RuleVersionConflict, match="overlaps"):
        RuleBook.build(
            specs=[spec],
            versions=[version(date(2020, 1, 1), date(2020, 3, 31)), version(date(2020, 3, 1), None)],
        )
    with pytest.raises(RuleVersionConflict, match="open-ended"):
        RuleBook.build(specs=[spec], versions=[version(date(2020, 1, 1), date(2020, 1, 31))])
    with pytest.raises(RuleVersionConflict, match="has no version"):
        RuleBook.build(specs=[spec], versions=[])


@given(
    starts=st.lists(st.integers(1, 600), min_size=1, max_size=8, unique=True),
    values=st.lists(st.integers(1, 50_000_000), min_size=8, max_size=8),
)
def test_appending_versions_in_any_order_keeps_one_version_per_month(starts, values):
    base = Month(2026, 4)
    versions = [
        _next_jp_cap(base.plus(offset).first_day, value)
        for offset, value in zip(starts, values, strict=False)
    ]
    book = default_rulebook().with_versions(versions)
    chain = book.versions("pu.jp.wage_cap")
    for day in _days_to_check(book, "pu.jp.wage_cap"):
        assert sum(version.in_force_on(day) for version in chain) == 1
    latest = max(versions, key=lambda version: version.effective_from)
    assert chain[-1] == latest
