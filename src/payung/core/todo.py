"""The home page's to-do: what waits for this user, read from the apps' own selectors.

Each item names a scheme, what waits there, how many, and the page where it is done. Only work the
user may do is listed (an admin approves and pays, a BPJS officer answers with KPJ numbers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from payung.billing.services import bills_with_paid
from payung.enrolment.branch import user_serves_scheme
from payung.enrolment.models import MembershipStatus
from payung.enrolment.selectors import memberships_visible_to
from payung.funding.models import SchemeStatus
from payung.funding.selectors import schemes_visible_to, user_manages_scheme

BILLS_DUE_WITHIN_DAYS = 14  # a bill shows up two weeks before its due date


@dataclass(frozen=True)
class TodoItem:
    kind: str  # approve | submit | answer | pay
    label: str
    scheme_name: str
    count: int
    url: str
    urgent: bool = False  # past its date
    amount: int | None = None  # Rupiah still to pay (bills)
    due_date: dt.date | None = None


LABELS = {
    "approve": _("Skema menunggu persetujuan"),
    "submit": _("Usulan peserta belum diajukan ke BPJS"),
    "answer": _("Menunggu jawaban BPJS (nomor KPJ)"),
    "pay": _("Tagihan jatuh tempo"),
    "overdue": _("Tagihan lewat jatuh tempo"),
}


def todo_for(user, *, today: dt.date) -> list[TodoItem]:
    schemes = {s.pk: s for s in schemes_visible_to(user).exclude(status=SchemeStatus.CLOSED)}
    managed = {pk for pk, s in schemes.items() if user_manages_scheme(user, s)}
    served = {pk for pk, s in schemes.items() if user_serves_scheme(user, s)}
    items = [
        TodoItem("approve", str(LABELS["approve"]), schemes[pk].name, 1, reverse("funding:detail", args=[pk]))
        for pk in sorted(managed)
        if schemes[pk].status == SchemeStatus.DRAFT
    ]
    waiting = (
        memberships_visible_to(user)
        .filter(
            scheme_id__in=list(managed | served),
            status__in=[MembershipStatus.PROPOSED, MembershipStatus.SUBMITTED],
        )
        .values("scheme_id", "status")
        .annotate(count=Count("id"))
        .order_by("scheme_id", "status")
    )
    for row in waiting:
        pk, status = row["scheme_id"], row["status"]
        if status == MembershipStatus.PROPOSED and pk in managed:
            items.append(
                TodoItem(
                    "submit",
                    str(LABELS["submit"]),
                    schemes[pk].name,
                    row["count"],
                    reverse("enrolment:list", args=[pk]),
                )
            )
        elif status == MembershipStatus.SUBMITTED:
            items.append(
                TodoItem(
                    "answer",
                    str(LABELS["answer"]),
                    schemes[pk].name,
                    row["count"],
                    reverse("enrolment:answer", args=[pk]),
                )
            )
    bills = (
        bills_with_paid()
        .filter(scheme_id__in=list(managed), due_date__lte=today + dt.timedelta(days=BILLS_DUE_WITHIN_DAYS))
        .filter(outstanding__gt=0)
        .order_by("due_date", "scheme_id")
    )
    for bill in bills:
        overdue = bill.due_date < today
        items.append(
            TodoItem(
                "pay",
                str(LABELS["overdue" if overdue else "pay"]),
                schemes[bill.scheme_id].name,
                1,
                reverse("billing:detail", args=[bill.scheme_id, bill.pk]),
                urgent=overdue,
                amount=bill.outstanding,
                due_date=bill.due_date,
            )
        )
    return items
