"""payung agents_check: the daily rules of agents (inactivity) and of their recruits (lapse)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from payung.agents.collections import recruits_lapse_unpaid
from payung.agents.services import agents_apply_inactivity


class Command(BaseCommand):
    help = "Drops agents inactive for the rule's months and lapses self-paying members with unpaid months."

    def handle(self, *args, **options):
        dropped = agents_apply_inactivity()
        lapsed = recruits_lapse_unpaid()
        self.stdout.write(f"{len(dropped.dropped)} agents dropped, {lapsed} members lapsed")
