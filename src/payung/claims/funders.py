"""The funder of a claim: the membership and scheme that covered the worker for the claim's programme
in the month of the event. None covering: `NONE` (self-paid, or an employer outside Payung).

Whether that month's bill was paid is looked up beside it, as a warning: it never changes the funder
(BPJS decides the claim; a Pemda that paid late may still pay the arrears, REGULATION.md §1.2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from payung.rules.claims import FUNDING_PROGRAMME, ClaimProgramme
from payung.schemes.models import FundingScheme, Membership
from payung.schemes.selectors import covering_memberships, month_paid

from .models import FunderType


@dataclass(frozen=True)
class Funder:
    membership: Membership | None
    scheme: FundingScheme | None
    funder_type: str

    @property
    def covered(self) -> bool:
        return self.membership is not None


NO_FUNDER = Funder(None, None, FunderType.NONE)


def _key(worker_id: int, programme: str, event_date: dt.date) -> tuple[int, str, dt.date]:
    return (worker_id, FUNDING_PROGRAMME[ClaimProgramme(programme)], event_date.replace(day=1))


def funders_for(items: Iterable[tuple[int, str, dt.date]]) -> dict[tuple[int, str, dt.date], Funder]:
    """(worker id, claim programme, event date) -> Funder, in a few queries for a whole report."""
    items = list(items)
    found = covering_memberships({_key(*item) for item in items})
    result = {}
    for item in items:
        membership = found.get(_key(*item))
        result[item] = (
            Funder(membership, membership.scheme, membership.scheme.funder_type) if membership else NO_FUNDER
        )
    return result


def funder_at(worker_id: int | None, programme: str, event_date: dt.date) -> Funder:
    if worker_id is None:
        return NO_FUNDER
    return funders_for([(worker_id, programme, event_date)])[(worker_id, programme, event_date)]


def event_month_paid(claim) -> bool | None:
    """The warning beside the funder: was the event month's bill paid? None: no bill (or no funder)."""
    if claim.membership_id is None:
        return None
    programme = FUNDING_PROGRAMME[ClaimProgramme(claim.programme)]
    return month_paid(claim.membership, programme, claim.event_date.replace(day=1))
