"""payung agents_check: the daily rules of agents (inactivity) and of their recruits (the year's
carry-over, then the lapse). Schedule it daily (docs/deploy.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from payung.agents.collections import recruits_lapse_unpaid
from payung.agents.continuation import recruits_continue_into
from payung.agents.services import agents_apply_inactivity
from payung.lib import dates


class Command(BaseCommand):
    help = (
        "Carries active self-paying members into this year's MANDIRI scheme, drops agents inactive for "
        "the rule's months and lapses self-paying members with unpaid months."
    )

    def handle(self, *args, **options):
        today = dates.today()
        # Before the lapse: a member active at the turn of the year continues from January.
        carried = recruits_continue_into(year=today.year, today=today)
        dropped = agents_apply_inactivity(today=today)
        lapsed = recruits_lapse_unpaid(today=today)
        refused = ", ".join(f"{n} {reason}" for reason, n in sorted(carried.refused.items()))
        self.stdout.write(
            f"{carried.continued} members continued into {today.year}"
            + (f" (not continued: {refused})" if refused else "")
            + f", {len(dropped.dropped)} agents dropped, {lapsed} members lapsed"
        )
