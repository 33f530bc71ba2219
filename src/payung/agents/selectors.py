"""Reads for the agent screens: the leaderboard, an agent's recruits with what they owe this month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from payung.rules import Month, bill_due_date

from .collections import month_due
from .models import Agent, Collection, Recruit


@dataclass(frozen=True)
class LeaderboardRow:
    agent: Agent
    recruits: int
    active: int
    collected: int

    @property
    def active_percent(self) -> float | None:
        return 100 * self.active / self.recruits if self.recruits else None


def leaderboard(agents: QuerySet[Agent], month: Month) -> list[LeaderboardRow]:
    """Per agent: recruits registered by the month's end, recruits who paid the month, collected in it."""
    first, last = month.first_day, month.plus(1).first_day
    rows = agents.annotate(
        n_recruits=Count("recruits", filter=Q(recruits__registered_on__lt=last), distinct=True),
    )
    paid = dict(
        Collection.objects.filter(agent__in=agents, month=first)
        .values("agent")
        .annotate(n=Count("recruit", distinct=True))
        .values_list("agent", "n")
    )
    collected = dict(
        Collection.objects.filter(agent__in=agents, collected_on__gte=first, collected_on__lt=last)
        .values("agent")
        .annotate(total=Sum("amount"))
        .values_list("agent", "total")
    )
    result = [
        LeaderboardRow(
            agent=a, recruits=a.n_recruits, active=paid.get(a.pk, 0), collected=collected.get(a.pk, 0) or 0
        )
        for a in rows
    ]
    return sorted(result, key=lambda r: (-r.recruits, -r.collected, r.agent.code))


@dataclass(frozen=True)
class RecruitRow:
    recruit: Recruit
    due: int  # this month's contribution
    paid_this_month: bool
    overdue_months: int  # earlier months past their due date and unpaid


def recruit_rows(recruits: QuerySet[Recruit], *, today: dt.date) -> list[RecruitRow]:
    """Each recruit with this month's contribution and whether it is paid (collections due)."""
    from .collections import held_months

    recruits = list(
        recruits.select_related("membership__scheme", "worker__occupation", "village").prefetch_related(
            "continuations__previous__scheme"
        )
    )
    paid: dict[int, set[dt.date]] = {}
    for recruit_id, month in Collection.objects.filter(recruit__in=recruits).values_list(
        "recruit_id", "month"
    ):
        paid.setdefault(recruit_id, set()).add(month)
    this = Month.of(today)
    rows = []
    for recruit in recruits:
        months = held_months(recruit)
        mine = paid.get(recruit.pk, set())
        overdue = sum(1 for m in months if m < this and bill_due_date(m) < today and m.first_day not in mine)
        rows.append(
            RecruitRow(
                recruit=recruit,
                due=month_due(recruit, this) if this in months else 0,
                paid_this_month=this.first_day in mine,
                overdue_months=overdue,
            )
        )
    return rows


@dataclass(frozen=True)
class DistrictActivity:
    district_code: str
    agents: int
    recruits: int  # registered in the period
    collections: int  # contribution months received in the period
    collected: int  # Rupiah received in the period


def district_activity(agents: QuerySet[Agent], first: dt.date, last: dt.date) -> list[DistrictActivity]:
    """Per district of the agents: recruits registered and collections received from `first` up to
    (not including) `last`, by the same dates as the leaderboard (registration day, day received)."""
    agent_counts = dict(
        agents.order_by().values("district_code").annotate(n=Count("id")).values_list("district_code", "n")
    )
    recruits = dict(
        Recruit.objects.filter(agent__in=agents, registered_on__gte=first, registered_on__lt=last)
        .order_by()
        .values("agent__district_code")
        .annotate(n=Count("id"))
        .values_list("agent__district_code", "n")
    )
    collections = {
        row["agent__district_code"]: (row["n"], row["total"] or 0)
        for row in Collection.objects.filter(agent__in=agents, collected_on__gte=first, collected_on__lt=last)
        .order_by()
        .values("agent__district_code")
        .annotate(n=Count("id"), total=Sum("amount"))
    }
    return [
        DistrictActivity(
            district_code=code,
            agents=agent_counts[code],
            recruits=recruits.get(code, 0),
            collections=collections.get(code, (0, 0))[0],
            collected=collections.get(code, (0, 0))[1],
        )
        for code in sorted(agent_counts)
    ]
