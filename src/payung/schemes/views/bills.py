"""Bill screens: the bills of a scheme with arrears carried, issue a bill, record a payment, a bill's lines."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from payung.audit.views import export_purpose, purpose_page
from payung.lib import dates
from payung.registry.presenters import Disclosure, present_worker
from payung.rules import Month
from payung.schemes.xlsx import xlsx_response

from ..burndown import burn_down
from ..forms import PaymentForm
from ..models import Bill, JobKind
from ..paging import id_page
from ..selectors import (
    bill_line_totals,
    bill_lines_for_user,
    bill_seen_whole,
    bills_with_paid,
    first_billed_month,
)
from ..services.bills import BillingInvalid, payment_record
from .common import bill_or_404, cost_citations, scheme_or_404
from .jobs import run_step


def _bill_rows(scheme, today: dt.date):
    """Each bill with the arrears before it: what earlier bills still owe *past their due date* today
    (a bill not yet due is not arrears)."""
    rows, carried = [], 0
    for bill in bills_with_paid(Bill.objects.filter(scheme=scheme)).order_by("month"):
        overdue = bill.outstanding > 0 and bill.due_date < today
        rows.append({"bill": bill, "carried": carried, "overdue": overdue})
        if overdue:
            carried += bill.outstanding
    return rows


@login_required
def bill_list(request, scheme_id: int):
    access = scheme_or_404(request, scheme_id)
    scheme = access.scheme
    today = dates.today()
    rows = _bill_rows(scheme, today)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"tagihan-{scheme.pk}.xlsx",
            "Tagihan",
            [
                "Bulan",
                "Jatuh tempo",
                "Peserta",
                "Tagihan (Rp)",
                "Dibayar (Rp)",
                "Sisa (Rp)",
                "Tunggakan sebelumnya (Rp)",
            ],
            (
                [
                    f"{r['bill'].month:%Y-%m}",
                    r["bill"].due_date,
                    r["bill"].members,
                    r["bill"].total,
                    r["bill"].paid,
                    r["bill"].outstanding,
                    r["carried"],
                ]
                for r in rows
            ),
        )
    billed = {r["bill"].month for r in rows}
    # Bills start with the first month someone is active; earlier months would be empty bills.
    first = first_billed_month(scheme)
    open_months = [
        m.first_day
        for m in scheme.covered_months
        if m.first_day not in billed and first is not None and m.first_day >= first
    ]
    return render(
        request,
        "schemes/bill_list.html",
        {
            "scheme": scheme,
            "tab": "bills",
            "rows": rows,
            "figures": burn_down(scheme, today=today),
            "citations": cost_citations(scheme),
            "open_months": open_months,
            # Months not started yet are offered only with the "ahead" box ticked (the server insists too).
            "future_months": [m for m in open_months if m > today],
            "overdue_total": sum(r["bill"].outstanding for r in rows if r["overdue"]),
            "manages": access.can_manage,
            "today": today,
        },
    )


@login_required
@require_POST
def bill_issue_view(request, scheme_id: int):
    access = scheme_or_404(request, scheme_id)
    try:
        month = dt.date.fromisoformat(request.POST.get("month", ""))
        Month.of(month)  # a day the rule engine has no month for (year 1) is no month to bill either
    except ValueError:  # InvalidInput is one
        messages.error(request, _("Pilih bulan tagihan."))
        return redirect("bills:list", scheme_id=access.scheme.pk)
    params = {"month": month.isoformat(), "ahead": request.POST.get("ahead") == "1"}
    return run_step(request, access, JobKind.BILL, params)


@login_required
@require_POST
def payment_record_view(request, scheme_id: int, bill_id: int):
    access = scheme_or_404(request, scheme_id)
    scheme, bill = access.scheme, bill_or_404(request, access, bill_id).bill
    form = PaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.error_text())
        return redirect("bills:list", scheme_id=scheme.pk)
    try:
        payment_record(
            actor=request.user,
            bill=bill,
            amount=form.cleaned_data["amount"],
            paid_on=form.cleaned_data["paid_on"],
            reference=form.cleaned_data["reference"],
        )
    except (BillingInvalid, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Pembayaran tercatat."))
    return redirect("bills:list", scheme_id=scheme.pk)


@login_required
@require_POST
def lapse_check_view(request, scheme_id: int):
    access = scheme_or_404(request, scheme_id)
    if not access.can_manage:
        raise PermissionDenied
    return run_step(request, access, JobKind.LAPSE)


@login_required
def bill_detail(request, scheme_id: int, bill_id: int):
    access = scheme_or_404(request, scheme_id)
    scheme, bill = access.scheme, bill_or_404(request, access, bill_id).bill
    lines = bill_lines_for_user(request.user, bill)
    if request.GET.get("format") == "xlsx":
        purpose, form = export_purpose(request)
        if purpose is None:
            return purpose_page(request, form, title=_("Unduh rincian tagihan"))
        where = f"tagihan-{scheme.pk}-{bill.month:%Y%m}.xlsx"
        with Disclosure(request.user, purpose=purpose, where=where) as disclosure:
            # Streamed: the lines are read in chunks and written in constant memory (lib/xlsx.py).
            rows = (
                {"line": line, "w": disclosure.show(line.membership.worker)} for line in lines.iterator(2_000)
            )
            return _bill_xlsx(scheme, bill, rows)
    # A page of lines in the order they were written (an index walk), the totals from the database.
    page = id_page(lines, after=request.GET.get("after", ""), before=request.GET.get("before", ""))
    rows = [{"line": line, "w": present_worker(line.membership.worker, request.user)} for line in page.items]
    return render(
        request,
        "schemes/bill_detail.html",
        {
            "scheme": scheme,
            "tab": "bills",
            "bill": bill,
            "rows": rows,
            "page": page,
            "totals": bill_line_totals(
                lines, members=bill.members if bill_seen_whole(request.user, bill) else None
            ),
            "payments": bill.payments.select_related("recorded_by"),
        },
    )


def _bill_xlsx(scheme, bill, rows):
    """The bill's lines as XLSX (the NIK masked as on the screen)."""
    return xlsx_response(
        f"tagihan-{scheme.pk}-{bill.month:%Y%m}.xlsx",
        "Rincian",
        [
            "NIK",
            "Nama",
            "Desa/Kelurahan",
            "Program",
            "Iuran normal (Rp)",
            "Potongan (Rp)",
            "Iuran (Rp)",
            "Dasar hukum",
        ],
        (
            [
                r["w"].nik,
                r["w"].name,
                r["w"].village_name,
                r["line"].programme,
                r["line"].normal_amount,
                r["line"].discount,
                r["line"].amount,
                r["line"].rule_source,
            ]
            for r in rows
        ),
    )
