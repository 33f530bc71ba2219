"""Monthly bills, payments, arrears, lapse and reactivation.

- `bill_issue`: one bill per scheme and month; a line per active member and programme, priced by the
  regulation engine for that month (discount windows included), total = sum of the lines.
- `payment_record`: full or partial payment of one bill, with a reference; never more than is owed.
  Paying off a member's arrears reactivates a lapsed membership.
- `memberships_lapse_unpaid`: a member whose bills are unpaid past their due date for the scheme's
  `lapse_after_months` bills (default 3, the BPJS rule) lapses.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from payung.audit.models import Action, Source
from payung.audit.services import audit_record
from payung.lib import dates
from payung.lib.money import dotted
from payung.rules import Month
from payung.schemes.access import scheme_access
from payung.schemes.models import FundingScheme, Membership, MembershipStatus, SchemeStatus
from payung.schemes.pricing import Pricer, terms_of
from payung.schemes.services.memberships import membership_lapse, membership_reactivate

from ..models import Bill, BillLine, Payment
from ..selectors import bills_with_paid

# A month's bill falls due on this day of the month it covers (BPU contributions are paid ahead).
DUE_DAY = 15


class BillingInvalid(Exception):
    """The bill or payment is refused; the message says why. Nothing was changed."""


def bill_issue(*, actor, scheme: FundingScheme, month: dt.date, today: dt.date | None = None) -> Bill:
    if not scheme_access(actor, scheme).can_manage:
        raise PermissionDenied(_("Hanya admin kabupaten/kota yang boleh menerbitkan tagihan."))
    month = Month.of(month).first_day
    scheme = FundingScheme.objects.get(pk=scheme.pk)  # the status as saved, not as the caller last read it
    if scheme.status not in (SchemeStatus.APPROVED, SchemeStatus.RUNNING):
        raise BillingInvalid(_("Tagihan hanya untuk skema yang disetujui atau berjalan."))
    if scheme.funder_type == "MANDIRI":  # self-paying members pay their agent each month (agents/)
        raise BillingInvalid(_("Skema mandiri tidak ditagih: peserta membayar iurannya sendiri lewat agen."))
    if Month.of(month) not in scheme.covered_months:
        raise BillingInvalid(_("Bulan %(m)s di luar bulan yang ditanggung skema.") % {"m": f"{month:%Y-%m}"})
    memberships_lapse_unpaid(scheme=scheme, today=today or dates.today(), actor=actor)
    pricer = Pricer(terms_of(scheme))
    members = list(
        Membership.objects.covering(month)
        .filter(scheme=scheme, status=MembershipStatus.ACTIVE)
        .select_related("worker__occupation")
        .order_by("id")
    )
    try:
        with transaction.atomic():
            bill = Bill.objects.create(
                scheme=scheme,
                month=month,
                due_date=month.replace(day=DUE_DAY),
                total=0,
                members=len(members),
                issued_by=actor,
            )
            lines = []
            for membership in members:
                occupation = membership.worker.occupation
                breakdown = pricer.breakdown(
                    Month.of(month), transport=occupation.transport, risk_class=occupation.risk_class
                )
                for line in breakdown.lines:
                    lines.append(
                        BillLine(
                            bill=bill,
                            membership=membership,
                            programme=str(line.programme),
                            amount=line.amount,
                            normal_amount=line.normal_amount,
                            discount=line.discount,
                            rule_source=line.source[:200],
                        )
                    )
            BillLine.objects.bulk_create(lines, batch_size=5_000)
            bill.total = sum(line.amount for line in lines)
            bill.save(update_fields=["total"])
            audit_record(
                actor=actor,
                object_type="bill",
                object_id=bill.pk,
                action=Action.CREATE,
                changes={
                    "scheme": [None, scheme.name],
                    "month": [None, f"{month:%Y-%m}"],
                    "total": [None, str(bill.total)],
                },
            )
    except IntegrityError:
        raise BillingInvalid(
            _("Tagihan bulan %(m)s untuk skema ini sudah ada.") % {"m": f"{month:%Y-%m}"}
        ) from None
    return bill


def payment_record(
    *, actor, bill: Bill, amount: int, paid_on: dt.date, reference: str, today: dt.date | None = None
) -> Payment:
    if not scheme_access(actor, bill.scheme).can_manage:
        raise PermissionDenied(_("Hanya admin kabupaten/kota yang boleh mencatat pembayaran."))
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise BillingInvalid(_("Jumlah pembayaran harus bilangan bulat Rupiah lebih dari nol."))
    if not reference.strip():
        raise BillingInvalid(_("Referensi pembayaran (nomor bukti) wajib diisi."))
    if paid_on > (today or dates.today()):
        raise BillingInvalid(_("Tanggal bayar tidak boleh di masa depan."))
    with transaction.atomic():
        bill = (
            bills_with_paid(Bill.objects.select_for_update().filter(pk=bill.pk))
            .select_related("scheme")
            .get()
        )
        if amount > bill.outstanding:
            raise BillingInvalid(
                _("Pembayaran %(amount)s melebihi sisa tagihan %(left)s.")
                % {"amount": "Rp" + dotted(amount), "left": "Rp" + dotted(bill.outstanding)}
            )
        payment = Payment.objects.create(
            bill=bill, amount=amount, paid_on=paid_on, reference=reference.strip()[:100], recorded_by=actor
        )
        audit_record(
            actor=actor,
            object_type="payment",
            object_id=payment.pk,
            action=Action.CREATE,
            changes={
                "bill": [None, str(bill.pk)],
                "amount": [None, str(amount)],
                "reference": [None, payment.reference],
            },
        )
        _reactivate_paid_up(actor=actor, scheme=bill.scheme)
    return payment


def _unpaid_bills_by_member(scheme: FundingScheme, today: dt.date | None) -> dict[int, list[dt.date]]:
    """membership id -> months of its bills still owing (past due when `today` is given)."""
    bills = bills_with_paid(Bill.objects.filter(scheme=scheme)).filter(outstanding__gt=0)
    if today is not None:
        bills = bills.filter(due_date__lt=today)
    unpaid = {pk: month for pk, month in bills.values_list("pk", "month")}
    result: dict[int, list[dt.date]] = defaultdict(list)
    rows = (
        BillLine.objects.filter(bill_id__in=list(unpaid))
        .order_by()
        .values_list("membership_id", "bill_id")
        .distinct()
    )
    for membership_id, bill_id in rows:
        result[membership_id].append(unpaid[bill_id])
    return result


def memberships_lapse_unpaid(*, scheme: FundingScheme, today: dt.date, actor=None) -> int:
    """Lapse every active member with `lapse_after_months` or more past-due unpaid bills."""
    unpaid = _unpaid_bills_by_member(scheme, today)
    due = [pk for pk, months in unpaid.items() if len(months) >= scheme.lapse_after_months]
    count = 0
    for membership in Membership.objects.filter(pk__in=due, status=MembershipStatus.ACTIVE):
        membership_lapse(
            actor=actor,
            membership=membership,
            first_unpaid=min(unpaid[membership.pk]),
            why=_("%(n)s bulan iuran belum dibayar") % {"n": len(unpaid[membership.pk])},
        )
        count += 1
    return count


def _reactivate_paid_up(*, actor, scheme: FundingScheme) -> int:
    unpaid = _unpaid_bills_by_member(scheme, None)
    count = 0
    for membership in Membership.objects.filter(scheme=scheme, status=MembershipStatus.LAPSED).exclude(
        pk__in=list(unpaid)
    ):
        membership_reactivate(actor=actor, membership=membership, why=_("Tunggakan lunas"))
        count += 1
    return count


def scheme_arrears(scheme: FundingScheme, today: dt.date) -> int:
    """What is owed on bills already past their due date."""
    bills = bills_with_paid(Bill.objects.filter(scheme=scheme, due_date__lt=today))
    return bills.aggregate(total=Coalesce(Sum("outstanding"), 0))["total"]


__all__ = [
    "DUE_DAY",
    "BillingInvalid",
    "Source",
    "bill_issue",
    "memberships_lapse_unpaid",
    "payment_record",
    "scheme_arrears",
]
