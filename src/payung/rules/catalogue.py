"""The default RuleBook, built from the data modules."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from payung.rules.data.benefits import BENEFIT_SPECS, BENEFIT_VERSIONS
from payung.rules.data.claims import CLAIM_SPECS, CLAIM_VERSIONS
from payung.rules.data.contributions import CONTRIBUTION_SPECS, CONTRIBUTION_VERSIONS
from payung.rules.data.explanations import EXPLANATIONS
from payung.rules.data.membership import MEMBERSHIP_SPECS, MEMBERSHIP_VERSIONS
from payung.rules.versions import RuleBook


@cache
def _shipped_rulebook() -> RuleBook:
    versions = (*CONTRIBUTION_VERSIONS, *BENEFIT_VERSIONS, *MEMBERSHIP_VERSIONS, *CLAIM_VERSIONS)
    return RuleBook.build(
        specs=(*CONTRIBUTION_SPECS, *BENEFIT_SPECS, *MEMBERSHIP_SPECS, *CLAIM_SPECS),
        versions=tuple(
            replace(version, explanation=EXPLANATIONS.get((version.rule, version.effective_from), ""))
            for version in versions
        ),
    )


def default_rulebook(*, apbdes_excluded_from_discount: bool = False) -> RuleBook:
    """The rules Payung ships with. Merge admin-added versions with `RuleBook.with_versions`."""
    book = _shipped_rulebook()
    if apbdes_excluded_from_discount:
        return book.with_settings(apbdes_excluded_from_discount=True)
    return book
