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

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from payung.audit.models import Action, Source
from payung.audit.services import audit_record
from payung.lib import dates, formats
from payung.registry.models import Occupation, Worker
from payung.rules import Month
from payung.schemes.access import scheme_access
from payung.schemes.models import FundingScheme, Membership, MembershipStatus, SchemeStatus
from payung.schemes.pricing import Pricer, due_date_of, terms_of
from payung.schemes.services.arrears import memberships_lapse, memberships_reactivate

from ..bulk import analyze_after_bulk, json_table
from ..models import Bill, BillLine, Payment
from ..selectors import bills_with_paid, first_billed_month


class BillingInvalid(Exception):
    """The bill or payment is refused; the message says why. Nothing was changed."""


def check_bill_month(scheme: FundingScheme, month: dt.date, today: dt.date, *, ahead: bool = False) -> None:
    """What the bill page offers is what the server accepts: a covered month, not yet billed, from the
    first month someone was active, and not a month that has not started unless the admin says so."""
    if Month.of(month) not in scheme.covered_months:
        raise BillingInvalid(_("Bulan %(m)s di luar bulan yang ditanggung skema.") % {"m": f"{month:%Y-%m}"})
    if Bill.objects.filter(scheme=scheme, month=month).exists():
        raise BillingInvalid(_("Tagihan bulan %(m)s untuk skema ini sudah ada.") % {"m": f"{month:%Y-%m}"})
    first = first_billed_month(scheme)
    if first is None or month < first:
        raise BillingInvalid(
            _("Belum ada peserta aktif pada bulan %(m)s: tagihan dimulai dari bulan pertama peserta aktif.")
            % {"m": f"{month:%Y-%m}"}
        )
    if Month.of(month) > Month.of(today) and not ahead:
        raise BillingInvalid(
            _('Bulan %(m)s belum mulai. Centang "terbitkan di muka" bila tagihan memang dibuat lebih awal.')
            % {"m": f"{month:%Y-%m}"}
        )


@transaction.atomic  # the checks, the lapse and the bill: one transaction
def bill_issue(
    *, actor, scheme: FundingScheme, month: dt.date, today: dt.date | None = None, ahead: bool = False
) -> Bill:
    """`ahead`: the admin explicitly bills a month that has not started yet."""
    if not scheme_access(actor, scheme).can_manage:
        raise PermissionDenied(_("Hanya admin kabupaten/kota yang boleh menerbitkan tagihan."))
    month = Month.of(month).first_day
    scheme = FundingScheme.objects.get(pk=scheme.pk)  # the status as saved, not as the caller last read it
    if scheme.status not in (SchemeStatus.APPROVED, SchemeStatus.RUNNING):
        raise BillingInvalid(_("Tagihan hanya untuk skema yang disetujui atau berjalan."))
    if scheme.funder_type == "MANDIRI":  # self-paying members pay their agent each month (agents/)
        raise BillingInvalid(_("Skema mandiri tidak ditagih: peserta membayar iurannya sendiri lewat agen."))
    check_bill_month(scheme, month, today or dates.today(), ahead=ahead)  # before anything changes
    memberships_lapse_unpaid(scheme=scheme, today=today or dates.today(), actor=actor)
    pricer = Pricer(terms_of(scheme))
    covered = Membership.objects.covering(month).filter(scheme=scheme, status=MembershipStatus.ACTIVE)
    # One engine call per distinct (sector, risk class) among the members, not one per member.
    kinds = sorted(
        covered.order_by()
        .values_list("worker__occupation__transport", "worker__occupation__risk_class")
        .distinct()
    )
    prices = [
        (
            transport,
            risk_class,
            position,
            str(line.programme),
            line.amount,
            line.normal_amount,
            line.discount,
            line.source[:200],
        )
        for transport, risk_class in kinds
        for position, line in enumerate(
            pricer.breakdown(Month.of(month), transport=transport, risk_class=risk_class).lines
        )
    ]
    try:
        with transaction.atomic():
            bill = Bill.objects.create(
                scheme=scheme,
                month=month,
                due_date=due_date_of(Month.of(month)),
                total=0,
                members=covered.count(),
                issued_by=actor,
            )
            _insert_lines(bill, scheme, month, prices)
            analyze_after_bulk(BillLine._meta.db_table, bill.members)
            bill.total = bill.lines.aggregate(total=Coalesce(Sum("amount"), 0))["total"]
            bill.save(update_fields=["total"])
            audit_record(
                actor=actor,
                object_type="bill",
                object_id=bill.pk,
                region_code=scheme.funder_region_id,
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


def _insert_lines(bill: Bill, scheme: FundingScheme, month: dt.date, prices: list[tuple]) -> None:
    """A line per covered active member and programme, priced from `prices` by the member's sector and
    risk class: one INSERT ... SELECT."""
    if not prices:
        return
    table, params = json_table(
        [
            ("transport", "bool"),
            ("risk_class", "int"),
            ("position", "int"),
            ("programme", "text"),
            ("amount", "int"),
            ("normal_amount", "int"),
            ("discount", "int"),
            ("rule_source", "text"),
        ],
        prices,
    )
    day = connection.ops.adapt_datefield_value(month)
    members, workers = Membership._meta.db_table, Worker._meta.db_table
    occupations = Occupation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BillLine._meta.db_table} "  # noqa: S608 - names from the models
            "(bill_id, membership_id, programme, amount, normal_amount, discount, rule_source) "
            "SELECT %s, m.id, p.programme, p.amount, p.normal_amount, p.discount, p.rule_source "
            f"FROM {members} AS m JOIN {workers} AS w ON w.id = m.worker_id "
            f"JOIN {occupations} AS o ON o.code = w.occupation_id "
            f"JOIN {table} AS p ON p.transport = o.transport AND p.risk_class = o.risk_class "
            "WHERE m.scheme_id = %s AND m.status = %s AND m.start_month <= %s "
            "AND (m.end_month IS NULL OR m.end_month >= %s) ORDER BY m.id, p.position",
            [bill.pk, *params, scheme.pk, MembershipStatus.ACTIVE.value, day, day],
        )


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
    # A bill issued ahead may be paid from the day it was issued.
    earliest = min(bill.month, dates.today_at(bill.issued_at)) if bill.issued_at else bill.month
    if paid_on < earliest:
        raise BillingInvalid(
            _("Tanggal bayar %(d)s sebelum bulan tagihan %(m)s.")
            % {"d": f"{paid_on:%d-%m-%Y}", "m": f"{bill.month:%m/%Y}"}
        )
    with transaction.atomic():
        bill = (
            bills_with_paid(Bill.objects.select_for_update().filter(pk=bill.pk))
            .select_related("scheme")
            .get()
        )
        if amount > bill.outstanding:
            raise BillingInvalid(
                _("Pembayaran %(amount)s melebihi sisa tagihan %(left)s.")
                % {"amount": formats.rupiah(amount), "left": formats.rupiah(bill.outstanding)}
            )
        payment = Payment.objects.create(
            bill=bill, amount=amount, paid_on=paid_on, reference=reference.strip()[:100], recorded_by=actor
        )
        audit_record(
            actor=actor,
            object_type="payment",
            object_id=payment.pk,
            region_code=bill.scheme.funder_region_id,
            action=Action.CREATE,
            changes={
                "bill": [None, str(bill.pk)],
                "amount": [None, str(amount)],
                "reference": [None, payment.reference],
            },
        )
        _reactivate_paid_up(actor=actor, scheme=bill.scheme)
    return payment


def _unpaid_bills(scheme: FundingScheme, today: dt.date | None):
    """The scheme's bills still owing (past due when `today` is given)."""
    bills = bills_with_paid(Bill.objects.filter(scheme=scheme)).filter(outstanding__gt=0)
    if today is not None:
        bills = bills.filter(due_date__lt=today)
    return bills


def memberships_lapse_unpaid(*, scheme: FundingScheme, today: dt.date, actor=None) -> int:
    """Lapse every active member with `lapse_after_months` or more past-due unpaid bills."""
    unpaid = list(_unpaid_bills(scheme, today).order_by("month").values_list("pk", "month"))
    return memberships_lapse(actor=actor, scheme=scheme, unpaid=unpaid)


def _reactivate_paid_up(*, actor, scheme: FundingScheme) -> int:
    owing = BillLine.objects.filter(bill_id__in=_unpaid_bills(scheme, None).values("pk"))
    return memberships_reactivate(actor=actor, scheme=scheme, owing=owing)


def scheme_arrears(scheme: FundingScheme, today: dt.date) -> int:
    """What is owed on bills already past their due date."""
    bills = bills_with_paid(Bill.objects.filter(scheme=scheme, due_date__lt=today))
    return bills.aggregate(total=Coalesce(Sum("outstanding"), 0))["total"]


__all__ = [
    "BillingInvalid",
    "check_bill_month",
    "Source",
    "bill_issue",
    "memberships_lapse_unpaid",
    "payment_record",
    "scheme_arrears",
]
