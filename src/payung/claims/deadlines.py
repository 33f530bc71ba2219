"""The deadlines of one claim and where it stands against each (`rules.claims.claim_deadlines`).

- the JKK first report (2 x 24 h): met when the claim was recorded by its due day;
- the lapse (5 years after the event under PP 82/2019): met once the claim went to BPJS
  (submitted, paid or rejected);
- the scholarship age (23): open while the child is under it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import DateField, ExpressionWrapper, F, Q, QuerySet

from payung.rules.claims import PROGRAMME_OF, ClaimKind, ClaimProgramme, Deadline, claim_deadlines
from payung.rules.types import add_months
from payung.rules.versions import RuleBook
from payung.tariffs.services import current_rulebook

from .models import Claim, Status


@dataclass(frozen=True)
class DeadlineState:
    deadline: Deadline
    state: str  # done, late, soon, open


def deadline_states(claim: Claim, today: dt.date, rulebook: RuleBook | None = None) -> list[DeadlineState]:
    """`rulebook`: the rules with the admin's corrections (`tariffs.services.current_rulebook`), read
    once per list by the caller; read here when not given."""
    states = []
    for deadline in claim_deadlines(
        kind=claim.kind,
        event_date=claim.event_date,
        child_birth_date=claim.child_birth_date,
        rulebook=rulebook if rulebook is not None else current_rulebook(),
    ):
        if deadline.code == "report":
            done = claim.reported_on <= deadline.due
        elif deadline.code == "lapse":
            done = claim.status != Status.REPORTED
        else:
            done = False
        states.append(DeadlineState(deadline, deadline.state(today, done=done)))
    return states


def worst_state(claim: Claim, today: dt.date, rulebook: RuleBook | None = None) -> str:
    """ "late" if any deadline is late, else "soon" if any is near, else ""."""
    states = {item.state for item in deadline_states(claim, today, rulebook)}
    return "late" if "late" in states else "soon" if "soon" in states else ""


# ---------------------------------------------------------------- the same states in the database
#
# The list's "late" and "soon" filters: the conditions of `worst_state` as one WHERE clause, so a
# national list filters and pages in the database. Each deadline is a date that grows with the claim's
# event date (or the child's birth date), under the rule version in force on the event date; "due before
# a day T" is then "event (or birth) before the first date whose due day reaches T", worked out here in
# Python once per version, so the database compares plain dates (the same on SQLite and PostgreSQL).

WARN_DAYS = 90  # `Deadline.state`'s window for "soon"


def _first_reaching(due_of: Callable[[dt.date], dt.date], target: dt.date, guess: dt.date) -> dt.date:
    """The earliest day d with due_of(d) >= target (due_of never decreases); `guess` is near it."""
    day = guess
    while due_of(day) < target:
        day += dt.timedelta(days=1)
    while due_of(day - dt.timedelta(days=1)) >= target:
        day -= dt.timedelta(days=1)
    return day


def _window(field: str, due_of, shift, today: dt.date) -> tuple[Q, Q]:
    """(late, soon) on `field` for a due day `due_of(field)`; `shift(target)` guesses the inverse."""
    late_before = _first_reaching(due_of, today, shift(today))
    soon_end = today + dt.timedelta(days=WARN_DAYS + 1)
    soon_before = _first_reaching(due_of, soon_end, shift(soon_end))
    late = Q(**{f"{field}__lt": late_before})
    soon = Q(**{f"{field}__gte": late_before, f"{field}__lt": soon_before})
    return late, soon


def _in_force(version) -> Q:
    found = Q(event_date__gte=version.effective_from)
    return found & Q(event_date__lte=version.effective_to) if version.effective_to else found


def deadline_conditions(today: dt.date, rulebook: RuleBook | None = None) -> tuple[Q, Q]:
    """(any deadline late, any deadline soon) for claims, as `deadline_states` decides them."""
    book = rulebook if rulebook is not None else current_rulebook()
    late, soon = Q(pk__in=[]), Q(pk__in=[])
    jkk = [kind.value for kind, programme in PROGRAMME_OF.items() if programme == ClaimProgramme.JKK]
    for version in book.versions("claim.jkk.report_days"):
        days = dt.timedelta(days=int(version.value))
        open_report = Q(kind__in=jkk) & _in_force(version)
        # Met when recorded by its due day: only a claim recorded after it can be late or soon.
        open_report &= Q(reported_on__gt=ExpressionWrapper(F("event_date") + days, output_field=DateField()))
        is_late, is_soon = _window(
            "event_date", lambda d, days=days: d + days, lambda t, days=days: t - days, today
        )
        late |= open_report & is_late
        soon |= open_report & is_soon
    for version in book.versions("claim.lapse_years"):
        months = 12 * int(version.value)
        undecided = Q(status=Status.REPORTED) & _in_force(version)
        is_late, is_soon = _window(
            "event_date",
            lambda d, m=months: add_months(d, m),
            lambda t, m=months: add_months(t, -m),
            today,
        )
        late |= undecided & is_late
        soon |= undecided & is_soon
    for version in book.versions("scholarship.max_age"):
        months = 12 * int(version.value)
        child = Q(kind=ClaimKind.SCHOLARSHIP.value, child_birth_date__isnull=False) & _in_force(version)
        is_late, is_soon = _window(
            "child_birth_date",
            lambda d, m=months: add_months(d, m),
            lambda t, m=months: add_months(t, -m),
            today,
        )
        late |= child & is_late
        soon |= child & is_soon
    return late, soon


def with_worst_state(
    claims: QuerySet[Claim], state: str, today: dt.date, rulebook: RuleBook | None = None
) -> QuerySet[Claim]:
    """The claims whose `worst_state` is `state` ("late", or "soon": near and none late)."""
    late, soon = deadline_conditions(today, rulebook)
    return claims.filter(late) if state == "late" else claims.filter(soon).exclude(late)
