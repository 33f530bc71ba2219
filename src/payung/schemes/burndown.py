"""Budget burn-down of a scheme: committed, billed, paid, left, and the projected year-end."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Max, Sum

from payung.rules import Month
from payung.schemes.models import HOLDING, FundingScheme, Membership, MembershipStatus
from payung.schemes.pricing import Pricer, months_between, terms_of

from .models import Bill, Payment
from .selectors import bills_with_paid

# Members expected to be billed in the months not yet billed.
PROJECTED = (MembershipStatus.PROPOSED, MembershipStatus.SUBMITTED, MembershipStatus.ACTIVE)


@dataclass(frozen=True)
class BurnDown:
    budget: int
    committed: int  # planned cost of the members holding their months
    billed: int
    paid: int
    arrears: int  # billed, past due, not paid
    projected: int  # billed so far + the members' cost for the months not yet billed

    @property
    def left(self) -> int:
        """Budget not yet billed."""
        return self.budget - self.billed

    @property
    def unused(self) -> int:
        """Budget left at year-end if the projection holds (negative = overrun)."""
        return self.budget - self.projected

    def percent(self, amount: int) -> float:
        return round(100 * amount / self.budget, 1) if self.budget else 0.0

    @property
    def paid_percent(self) -> float:
        return self.percent(self.paid)

    @property
    def billed_unpaid_percent(self) -> float:
        return self.percent(self.billed - self.paid)

    @property
    def projected_percent_total(self) -> float:
        return self.percent(self.projected)

    @property
    def projected_rest_percent(self) -> float:
        return self.percent(max(self.projected - self.billed, 0))


def burn_down(scheme: FundingScheme, *, today: dt.date) -> BurnDown:
    return burn_downs([scheme], today=today)[scheme.pk]


def burn_downs(schemes: list[FundingScheme], *, today: dt.date) -> dict[int, BurnDown]:
    """The burn-down of several schemes in a fixed number of queries (the scheme list)."""
    ids = [scheme.pk for scheme in schemes]
    bills = Bill.objects.filter(scheme_id__in=ids).order_by()
    billed = dict(bills.values("scheme_id").annotate(total=Sum("total")).values_list("scheme_id", "total"))
    last_billed = dict(bills.values("scheme_id").annotate(last=Max("month")).values_list("scheme_id", "last"))
    paid = dict(
        Payment.objects.filter(bill__scheme_id__in=ids)
        .order_by()
        .values("bill__scheme_id")
        .annotate(total=Sum("amount"))
        .values_list("bill__scheme_id", "total")
    )
    memberships = Membership.objects.filter(scheme_id__in=ids).order_by()
    committed = dict(
        memberships.filter(status__in=HOLDING)
        .values("scheme_id")
        .annotate(total=Sum("planned_cost"))
        .values_list("scheme_id", "total")
    )
    arrears_total: Counter[int] = Counter()
    for scheme_id, outstanding in bills_with_paid(
        Bill.objects.filter(scheme_id__in=ids, due_date__lt=today)
    ).values_list("scheme_id", "outstanding"):
        arrears_total[scheme_id] += outstanding
    groups = Counter(
        memberships.filter(status__in=PROJECTED).values_list(
            "scheme_id",
            "start_month",
            "end_month",
            "worker__occupation__transport",
            "worker__occupation__risk_class",
        )
    )
    future: Counter[int] = Counter()
    rulebook = None
    for scheme in schemes:
        pricer = Pricer(terms_of(scheme), **({"rulebook": rulebook} if rulebook else {}))
        rulebook = pricer.rulebook  # built once for the whole list
        last = last_billed.get(scheme.pk)
        first_open = Month.of(last).plus(1) if last else scheme.start
        for (scheme_id, start, end, transport, risk_class), count in groups.items():
            if scheme_id != scheme.pk:
                continue
            months = months_between(max(first_open, Month.of(start)), Month.of(end or scheme.last_month))
            future[scheme.pk] += count * pricer.cost(months, transport=transport, risk_class=risk_class)
    return {
        scheme.pk: BurnDown(
            budget=scheme.budget,
            committed=committed.get(scheme.pk) or 0,
            billed=billed.get(scheme.pk) or 0,
            paid=paid.get(scheme.pk) or 0,
            arrears=arrears_total[scheme.pk],
            projected=(billed.get(scheme.pk) or 0) + future[scheme.pk],
        )
        for scheme in schemes
    }
