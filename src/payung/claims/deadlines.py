"""The deadlines of one claim and where it stands against each (`rules.claims.claim_deadlines`).

- the JKK first report (2 x 24 h): met when the claim was recorded by its due day;
- the lapse (5 years after the event under PP 82/2019): met once the claim went to BPJS
  (submitted, paid or rejected);
- the scholarship age (23): open while the child is under it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from payung.rules.claims import Deadline, claim_deadlines

from .models import Claim, Status


@dataclass(frozen=True)
class DeadlineState:
    deadline: Deadline
    state: str  # done, late, soon, open


def deadline_states(claim: Claim, today: dt.date) -> list[DeadlineState]:
    states = []
    for deadline in claim_deadlines(
        kind=claim.kind, event_date=claim.event_date, child_birth_date=claim.child_birth_date
    ):
        if deadline.code == "report":
            done = claim.reported_on <= deadline.due
        elif deadline.code == "lapse":
            done = claim.status != Status.REPORTED
        else:
            done = False
        states.append(DeadlineState(deadline, deadline.state(today, done=done)))
    return states


def worst_state(claim: Claim, today: dt.date) -> str:
    """ "late" if any deadline is late, else "soon" if any is near, else ""."""
    states = {item.state for item in deadline_states(claim, today)}
    return "late" if "late" in states else "soon" if "soon" in states else ""
