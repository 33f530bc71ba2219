"""An agent's monthly statement: recruits, new participants, active, collected, deposited, commission.

Each commission line names the rule version it came from (models.CommissionRule, in force on the
month's first day). Definitions (docs/agents.md): `recruits` = registered up to the month's end;
`new_participants` = registered in the month; `active` = recruits who paid that month's contribution;
`collected` / `deposited` = received / paid in to BPJS on a day of the month. Beside them (not in
the CLI's JSON, whose keys the issue fixes): each deposit of the month with the collections it covered
(`DepositCover`) and the collections still not deposited at the month's end, so `deposited` is traced
to collections and collections to deposits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Sum

from payung.rules import Month

from .collections import OpenCollection, open_collections
from .models import Agent, Collection, Deposit, DepositCover, Recruit
from .rules import cited, commission_rule_at, host_share_rule_at, percent_of

COLLECTION_COMMISSION = "collection_commission"
NEW_PARTICIPANT_BONUS = "new_participant_bonus"


@dataclass(frozen=True)
class StatementLine:
    kind: str
    amount: int
    rule_source: str


@dataclass(frozen=True)
class DepositTrace:
    deposit: Deposit
    covers: tuple[DepositCover, ...]  # the collections it paid in, in the order matched


@dataclass(frozen=True)
class Statement:
    agent: str
    month: str
    recruits: int
    new_participants: int
    active: int
    collected: int
    deposited: int
    commission: int
    lines: tuple[StatementLine, ...]
    # The host organisation's share of `commission` (HostShareRule in force on the month's first day;
    # single source, docs/agents.md) and what is left to the agent. Not in the CLI's JSON.
    host_share: int = 0
    host_share_source: str = ""
    deposits: tuple[DepositTrace, ...] = ()
    undeposited: tuple[OpenCollection, ...] = ()  # at the month's end, oldest first

    @property
    def agent_share(self) -> int:
        return self.commission - self.host_share

    @property
    def undeposited_total(self) -> int:
        return sum(row.remaining for row in self.undeposited)

    def as_json(self) -> dict:
        return {
            "agent": self.agent,
            "month": self.month,
            "recruits": self.recruits,
            "new_participants": self.new_participants,
            "active": self.active,
            "collected": self.collected,
            "deposited": self.deposited,
            "commission": self.commission,
            "lines": [{"kind": x.kind, "amount": x.amount, "rule_source": x.rule_source} for x in self.lines],
        }


def statement_for(agent: Agent, month: Month) -> Statement:
    first, last = month.first_day, month.plus(1).first_day
    recruits = Recruit.objects.filter(agent=agent)
    collections = Collection.objects.filter(agent=agent, collected_on__gte=first, collected_on__lt=last)
    collected = collections.aggregate(total=Sum("amount"))["total"] or 0
    deposited = (
        Deposit.objects.filter(agent=agent, deposited_on__gte=first, deposited_on__lt=last).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )
    new = recruits.filter(registered_on__gte=first, registered_on__lt=last).count()
    rule = commission_rule_at(first)
    lines = [StatementLine(COLLECTION_COMMISSION, percent_of(collected, rule.rate_percent), cited(rule))]
    if new >= rule.bonus_min_new_participants:
        lines.append(StatementLine(NEW_PARTICIPANT_BONUS, rule.bonus_amount, cited(rule)))
    commission = sum(x.amount for x in lines)
    host_rule = host_share_rule_at(first)
    return Statement(
        agent=agent.code,
        month=str(month),
        recruits=recruits.filter(registered_on__lt=last).count(),
        new_participants=new,
        active=Collection.objects.filter(agent=agent, month=first).values("recruit").distinct().count(),
        collected=collected,
        deposited=deposited,
        commission=commission,
        lines=tuple(lines),
        host_share=percent_of(commission, host_rule.share_percent) if host_rule else 0,
        host_share_source=cited(host_rule) if host_rule else "",
        deposits=deposit_traces(agent, month),
        undeposited=tuple(
            open_collections(agent, received_by=last - dt.timedelta(days=1), deposited_before=last)
        ),
    )


def deposit_traces(agent: Agent, month: Month) -> tuple[DepositTrace, ...]:
    """The deposits made on a day of `month`, each with the collections it covered."""
    first, last = month.first_day, month.plus(1).first_day
    deposits = (
        Deposit.objects.filter(agent=agent, deposited_on__gte=first, deposited_on__lt=last)
        .prefetch_related(
            Prefetch("covers", queryset=DepositCover.objects.select_related("collection").order_by("id"))
        )
        .order_by("deposited_on", "id")
    )
    return tuple(DepositTrace(deposit=d, covers=tuple(d.covers.all())) for d in deposits)


def collection_rows(agent: Agent, month: Month):
    """The collections behind the statement's `collected` (the trace of its commission line)."""
    first, last = month.first_day, month.plus(1).first_day
    return (
        Collection.objects.filter(agent=agent, collected_on__gte=first, collected_on__lt=last)
        .select_related("recruit__worker")
        .order_by("collected_on", "id")
    )
