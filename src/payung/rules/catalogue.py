"""The default RuleBook, built from the data modules."""

from __future__ import annotations

from functools import cache

from payung.rules.data.benefits import BENEFIT_SPECS, BENEFIT_VERSIONS
from payung.rules.data.contributions import CONTRIBUTION_SPECS, CONTRIBUTION_VERSIONS
from payung.rules.data.membership import MEMBERSHIP_SPECS, MEMBERSHIP_VERSIONS
from payung.rules.versions import RuleBook


@cache
def _shipped_rulebook() -> RuleBook:
    return RuleBook.build(
        specs=(*CONTRIBUTION_SPECS, *BENEFIT_SPECS, *MEMBERSHIP_SPECS),
        versions=(*CONTRIBUTION_VERSIONS, *BENEFIT_VERSIONS, *MEMBERSHIP_VERSIONS),
    )


def default_rulebook(*, apbdes_excluded_from_discount: bool = False) -> RuleBook:
    """The rules Payung ships with. Merge admin-added versions with `RuleBook.with_versions`."""
    book = _shipped_rulebook()
    if apbdes_excluded_from_discount:
        return book.with_settings(apbdes_excluded_from_discount=True)
    return book
