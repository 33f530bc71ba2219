"""A claim as a screen or a download shows it: the person through the registry's presenter (masked
NIK on lists), an unregistered claimant masked the same way."""

from __future__ import annotations

from dataclasses import dataclass

from payung.lib.masking import mask_nik
from payung.registry.presenters import present_worker

from .amounts import RuleAmount, rule_amount
from .models import Claim


@dataclass(frozen=True)
class ClaimRow:
    claim: Claim
    name: str
    nik: str  # masked
    registered: bool


def claim_row(claim: Claim, user, disclosure=None) -> ClaimRow:
    if claim.worker is not None:
        view = disclosure.show(claim.worker) if disclosure is not None else present_worker(claim.worker, user)
        return ClaimRow(claim, view.name, view.nik, True)
    return ClaimRow(claim, claim.unregistered_name, mask_nik(claim.unregistered_nik), False)


def claim_priced(claim: Claim, book=None) -> RuleAmount:
    """The rule amount of a claim with its lines and sources, on the wage the claim was priced on when
    it was written (`services._wage_for`: as reported, else the scheme's declared income, else the
    worker's registered income)."""
    wage = claim.wage or (claim.scheme.declared_income if claim.scheme else None)
    if not wage and claim.worker is not None:
        wage = claim.worker.monthly_income or None
    return rule_amount(
        kind=claim.kind,
        event_date=claim.event_date,
        wage=wage,
        school_level=claim.school_level,
        child_order=claim.child_order,
        book=book,
    )


def rule_source(priced: RuleAmount) -> str:
    """The regulations that priced a rule amount, each once ("" when the rules do not price it)."""
    if priced.result is None:
        return ""
    return "; ".join(dict.fromkeys(line.source for line in priced.result.lines if line.source))


def heir_share(amount: int | None, percent) -> int | None:
    """An heir's part of the amount paid (whole Rupiah, rounded down)."""
    return None if amount is None else int(amount * percent / 100)
