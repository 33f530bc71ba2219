"""Budget burn-down of a scheme: committed, billed, paid, left, and the projected year-end."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Max, Sum

from payung.enrolment.models import HOLDING, Membership, MembershipStatus
from payung.funding.models import FundingScheme
from payung.funding.pricing import Pricer, months_between, terms_of
from payung.rules import Month

from .models import Bill, Payment
from .services import scheme_arrears

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
    def projected_rest_percent(self) -> float:
        return self.percent(max(self.projected - self.billed, 0))


def burn_down(scheme: FundingScheme, *, today: dt.date) -> BurnDown:
    bills = Bill.objects.filter(scheme=scheme)
    billed = bills.aggregate(total=Sum("total"))["total"] or 0
    paid = Payment.objects.filter(bill__scheme=scheme).aggregate(total=Sum("amount"))["total"] or 0
    committed = (
        Membership.objects.filter(scheme=scheme, status__in=HOLDING).aggregate(total=Sum("planned_cost"))["total"] or 0
    )
    last_billed = bills.aggregate(last=Max("month"))["last"]
    first_open = Month.of(last_billed).plus(1) if last_billed else scheme.start
    pricer = Pricer(terms_of(scheme))
    groups = Counter(
        Membership.objects.filter(scheme=scheme, status__in=PROJECTED).values_list(
            "start_month", "end_month", "worker__occupation__transport", "worker__occupation__risk_class"
        )
    )
    future = 0
    for (start, end, transport, risk_class), count in groups.items():
        first = max(first_open, Month.of(start))
        last = Month.of(end or scheme.last_month)
        future += count * pricer.cost(months_between(first, last), transport=transport, risk_class=risk_class)
    return BurnDown(
        budget=scheme.budget, committed=committed, billed=billed, paid=paid,
        arrears=scheme_arrears(scheme, today), projected=billed + future,
    )
