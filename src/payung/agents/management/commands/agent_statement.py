"""payung agent_statement --agent CODE_OR_USERNAME --month YYYY-MM [--json]."""

from __future__ import annotations

import json
import re

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from payung.agents.models import Agent
from payung.agents.rules import RuleMissing
from payung.agents.statement import statement_for
from payung.lib.money import dotted
from payung.rules import Month


class Command(BaseCommand):
    help = (
        "An agent's monthly statement: recruits, new participants, active, collected, deposited and "
        "commission (integer Rupiah), each commission line with the rule version it came from."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agent", required=True, help="agent code or username")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        key = options["agent"].strip()
        agent = Agent.objects.filter(Q(code__iexact=key) | Q(user__username=key)).first()
        if agent is None:
            raise CommandError(f"unknown agent {key!r} (give an agent code or a username)")
        text = options["month"].strip()
        if not re.fullmatch(r"\d{4}-\d{2}", text) or not 1 <= int(text[5:]) <= 12:
            raise CommandError(f"month {text!r} is not YYYY-MM")
        try:
            statement = statement_for(agent, Month(int(text[:4]), int(text[5:])))
        except RuleMissing as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(statement.as_json(), ensure_ascii=False))
            return
        self.stdout.write(f"{statement.agent} {statement.month}")
        for name in ("recruits", "new_participants", "active"):
            self.stdout.write(f"  {name:<17} {getattr(statement, name)}")
        for name in ("collected", "deposited", "commission"):
            self.stdout.write(f"  {name:<17} Rp{dotted(getattr(statement, name))}")
        for line in statement.lines:
            self.stdout.write(f"    {line.kind:<22} Rp{dotted(line.amount)}  {line.rule_source}")
        self.stdout.write(
            f"  {'host_share':<17} Rp{dotted(statement.host_share)}  {statement.host_share_source}"
        )
        self.stdout.write(f"  {'agent_share':<17} Rp{dotted(statement.agent_share)}")
        for trace in statement.deposits:
            deposit = trace.deposit
            self.stdout.write(
                f"  deposit {deposit.deposited_on} {deposit.reference} Rp{dotted(deposit.amount)}"
            )
            for cover in trace.covers:
                c = cover.collection
                self.stdout.write(
                    f"    covers collection #{c.pk} {c.month:%Y-%m} recruit #{c.recruit_id}"
                    f" received {c.collected_on} Rp{dotted(cover.amount)}"
                )
        self.stdout.write(f"  undeposited at the month's end Rp{dotted(statement.undeposited_total)}")
        for row in statement.undeposited:
            c = row.collection
            self.stdout.write(
                f"    collection #{c.pk} {c.month:%Y-%m} recruit #{c.recruit_id}"
                f" received {c.collected_on} Rp{dotted(row.remaining)}"
            )
