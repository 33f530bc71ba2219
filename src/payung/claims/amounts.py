"""What the rules give for a claim (through `payung.rules`), to show beside what BPJS paid.

A difference is flagged on the claim (`Claim.differs_from_rule`), never written over the paid amount.
Kinds the engine does not price (medical care is paid as billed, JHT from the balance, JP from the
pension formula, a funeral alone) have no rule amount.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from payung.rules import BenefitResult, RuleError, benefit
from payung.rules.claims import BENEFIT_KIND_OF, ClaimKind
from payung.rules.versions import RuleBook, ScholarshipTable, SchoolLevel
from payung.tariffs.services import current_rulebook


@dataclass(frozen=True)
class RuleAmount:
    amount: int | None
    result: BenefitResult | None = None
    reason: str = ""  # why there is none: "not_priced", "wage_unknown", "level_unknown", "rule_error"


def max_children(event_date: dt.date, book: RuleBook | None = None) -> int:
    """How many children of one participant receive a scholarship under the rules of `event_date`."""
    book = book or current_rulebook()
    table = book.version_at("scholarship.table", event_date).value
    assert isinstance(table, ScholarshipTable)
    return table.max_children


def rule_amount(
    *,
    kind: str,
    event_date: dt.date,
    wage: int | None = None,
    school_level: str = "",
    child_order: int | None = None,
    book: RuleBook | None = None,
) -> RuleAmount:
    """The rule amount of one claim. `wage`: the monthly wage or, for BPU, the declared income
    (JKK death and disability); a scholarship is priced for child number `child_order` (1 = eldest)."""
    benefit_kind = BENEFIT_KIND_OF.get(ClaimKind(kind))
    if (
        benefit_kind is None
        or kind == ClaimKind.JKK_TEMPORARY_INCAPACITY
        or kind == ClaimKind.JKK_PARTIAL_DISABILITY
    ):
        # STMB needs the months off work and partial disability its table percentage: not reported.
        return RuleAmount(None, reason="not_priced")
    book = book or current_rulebook()
    try:
        if kind == ClaimKind.SCHOLARSHIP:
            if not school_level:
                return RuleAmount(None, reason="level_unknown")
            table = book.version_at("scholarship.table", event_date).value
            assert isinstance(table, ScholarshipTable)
            order = child_order or 1
            # The masa iur condition is BPJS's to check (it paid or refused): priced as met.
            result = benefit(
                kind=benefit_kind,
                event_date=event_date,
                children=[SchoolLevel(school_level)] * order,
                contribution_months=table.min_contribution_months,
                rulebook=book,
            )
            line = result.lines[order - 1]
            return RuleAmount(line.amount, BenefitResult(result.kind, event_date, (line,)))
        if kind in (ClaimKind.JKK_DEATH, ClaimKind.JKK_PERMANENT_DISABILITY) and not wage:
            return RuleAmount(None, reason="wage_unknown")
        result = benefit(kind=benefit_kind, event_date=event_date, wage=wage, rulebook=book)
    except RuleError:
        return RuleAmount(None, reason="rule_error")
    return RuleAmount(result.total, result)
