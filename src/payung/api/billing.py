"""REST API v1: a scheme's monthly bills (issue, list, detail with its lines) and their payments.

The same access helper as the bill screens (schemes.access: a scheme seen by the caller, its bills seen
with it; only its regency admins issue bills and record payments) and the same services
(schemes.services.bills), so every refusal is the screen's.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from payung.accounts.scope import NotVisible
from payung.lib import dates
from payung.lib.money_fields import RupiahSerializerField
from payung.registry.presenters import present_worker
from payung.rules import InvalidInput, Month
from payung.schemes.access import BillAccess, SchemeAccess, bill_for_user, scheme_for_user
from payung.schemes.models import Bill, JobKind
from payung.schemes.selectors import bill_line_totals, bill_lines_for_user, bill_seen_whole, bills_with_paid
from payung.schemes.services.bills import BillingInvalid, bill_issue, payment_record

from .errors import error_body
from .idempotency import idempotent
from .lifecycle_jobs import ACCEPTED_EXAMPLE, LifecycleJobSerializer, in_background
from .pagination import id_page_for, page_of, paginated_response

REQUIRED = forms.Field.default_error_messages["required"]
PAGE_PARAMETERS = [
    OpenApiParameter("after", str, description="the `next` cursor of the previous page (opaque)"),
    OpenApiParameter("before", str, description="the `previous` cursor of the following page (opaque)"),
    OpenApiParameter("page_size", int, description="1 to 500, default 50"),
]


class BillSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    scheme = serializers.IntegerField(source="scheme_id")
    month = serializers.DateField(help_text="the first day of the billed month")
    due_date = serializers.DateField()
    members = serializers.IntegerField()
    total = serializers.IntegerField(help_text="Rupiah: the sum of the bill's lines")
    paid = serializers.IntegerField(help_text="Rupiah")
    outstanding = serializers.IntegerField(help_text="Rupiah")
    overdue = serializers.BooleanField(help_text="still owing past its due date")
    issued_at = serializers.DateTimeField()
    issued_by = serializers.CharField(source="actor_display")


class BillLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    membership = serializers.IntegerField(source="membership_id")
    worker_id = serializers.IntegerField(allow_null=True)
    nik = serializers.CharField(allow_null=True, help_text="masked; null for roles that see aggregates only")
    name = serializers.CharField(allow_null=True)
    village_name = serializers.CharField(allow_null=True)
    programme = serializers.CharField(help_text="JKK, JKM or JHT")
    normal_amount = serializers.IntegerField(help_text="Rupiah, before a discount")
    discount = serializers.IntegerField(help_text="Rupiah")
    amount = serializers.IntegerField(help_text="Rupiah, billed")
    rule_source = serializers.CharField(help_text="the regulation that priced the amount")


class BillTotalsSerializer(serializers.Serializer):
    lines = serializers.IntegerField()
    members = serializers.IntegerField()
    normal = serializers.IntegerField(help_text="Rupiah")
    discount = serializers.IntegerField(help_text="Rupiah")
    amount = serializers.IntegerField(help_text="Rupiah")


class PaymentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    bill = serializers.IntegerField(source="bill_id")
    amount = serializers.IntegerField(help_text="Rupiah")
    paid_on = serializers.DateField()
    reference = serializers.CharField()
    recorded_at = serializers.DateTimeField()
    recorded_by = serializers.CharField(source="actor_display")


class BillDetailSerializer(BillSerializer):
    totals = BillTotalsSerializer(help_text="of the lines inside the caller's regions")
    rule_sources = serializers.ListField(
        child=serializers.CharField(), help_text="the rules that priced the lines"
    )
    payments = PaymentSerializer(many=True)
    lines = page_of(BillLineSerializer)


class BillIssueSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="any day of the month to bill (ISO), e.g. 2026-06-01")
    ahead = serializers.BooleanField(
        required=False,
        default=False,
        help_text="bill a month that has not started yet (the screen's tick box)",
    )

    def validate_month(self, value):
        # A day the rule engine has no month for (year 1, year 9999): the screen's answer to it.
        try:
            Month.of(value)
        except InvalidInput:
            raise serializers.ValidationError(_("Pilih bulan tagihan."), code="month_invalid") from None
        return value


class PaymentInputSerializer(serializers.Serializer):
    amount = RupiahSerializerField(min_value=1, help_text="whole Rupiah: 840000, or as written: '840.000'")
    paid_on = serializers.DateField()
    reference = serializers.CharField(
        max_length=100,
        help_text="the proof's number, e.g. the SP2D",
        # The payment form's own words for an empty reference (Django's), not DRF's.
        error_messages={"blank": REQUIRED, "required": REQUIRED},
    )


def _scheme(request, scheme_id: int) -> SchemeAccess:
    try:
        return scheme_for_user(request.user, scheme_id)
    except NotVisible as exc:
        raise NotFound from exc


def _bill(request, access: SchemeAccess, bill_id: int) -> BillAccess:
    try:
        return bill_for_user(request.user, access, bill_id)
    except NotVisible as exc:
        raise NotFound from exc


def _refused(refusal: BillingInvalid) -> Response:
    """The service's refusal, with the message the screen shows for it."""
    return Response(error_body("refused", str(refusal)), status=status.HTTP_400_BAD_REQUEST)


def _bill_view(bill, today) -> dict:
    bill.overdue = bill.outstanding > 0 and bill.due_date < today
    return BillSerializer(bill).data


def _line_view(line, user) -> dict:
    # Roles that see aggregates only get the amounts, not who they are for (as on the screens' totals).
    worker = present_worker(line.membership.worker, user) if user.sees_personal_data else None
    return BillLineSerializer(
        {
            "id": line.pk,
            "membership_id": line.membership_id,
            "worker_id": worker.id if worker else None,
            "nik": worker.nik if worker else None,
            "name": worker.name if worker else None,
            "village_name": worker.village_name if worker else None,
            "programme": line.programme,
            "normal_amount": line.normal_amount,
            "discount": line.discount,
            "amount": line.amount,
            "rule_source": line.rule_source,
        }
    ).data


BILL_EXAMPLE = {
    "id": 7,
    "scheme": 3,
    "month": "2026-06-01",
    "due_date": "2026-06-15",
    "members": 1200,
    "total": 20_160_000,
    "paid": 10_000_000,
    "outstanding": 10_160_000,
    "overdue": True,
    "issued_at": "2026-06-02T10:01:44+07:00",
    "issued_by": "Admin Solok",
}
LINE_EXAMPLE = {
    "id": 5501,
    "membership": 912,
    "worker_id": 812,
    "nik": "1302********0001",
    "name": "Siti Rahma",
    "village_name": "Koto Gaek Guguak",
    "programme": "JKK",
    "normal_amount": 10_000,
    "discount": 0,
    "amount": 10_000,
    "rule_source": "PP 44/2015 jo. PP 82/2019, Lampiran I (BPU JKK 1%)",
}
PAYMENT_EXAMPLE = {
    "id": 15,
    "bill": 7,
    "amount": 10_000_000,
    "paid_on": "2026-06-10",
    "reference": "SP2D-0612/2026",
    "recorded_at": "2026-06-10T14:20:00+07:00",
    "recorded_by": "Admin Solok",
}


@extend_schema(
    methods=["GET"],
    summary="Tagihan skema / A scheme's bills",
    description=(
        "Setiap tagihan bulanan skema dengan yang dibayar, sisa dan apakah lewat jatuh tempo (integer Rupiah), "
        "halaman kunci menurut nomor. Siapa pun yang melihat skemanya melihat tagihannya. / Every monthly "
        "bill of the scheme with what was paid, what is left and whether it is past due (integer Rupiah), "
        "keyset pages by id. Whoever sees the scheme sees its bills."
    ),
    parameters=PAGE_PARAMETERS,
    responses=page_of(BillSerializer),
    examples=[
        OpenApiExample(
            "Satu halaman / One page",
            value={"next": None, "previous": None, "results": [BILL_EXAMPLE]},
            response_only=True,
        )
    ],
    operation_id="v1_schemes_bills_list",
)
@extend_schema(
    methods=["POST"],
    summary="Terbitkan tagihan bulan / Issue a month's bill",
    description=(
        "Seperti tombol 'Terbitkan' di layar Tagihan: hanya admin kabupaten/kota pemberi dana, satu tagihan "
        "per skema dan bulan, satu baris per peserta aktif dan program dengan iuran dari mesin aturan "
        "(`rule_source` pada setiap baris). Bulan yang belum mulai perlu `ahead: true`. Kirim "
        "`Idempotency-Key`. / As the bill screen's 'Terbitkan': the funder's regency admins only, one bill "
        "per scheme and month, a line per active member and programme priced by the rule engine "
        "(`rule_source` on every line). A month not started yet needs `ahead: true`. Send `Idempotency-Key`."
    ),
    request=BillIssueSerializer,
    responses={201: BillSerializer, 202: LifecycleJobSerializer},
    examples=[
        OpenApiExample("Juni 2026 / June 2026", value={"month": "2026-06-01"}, request_only=True),
        OpenApiExample(
            "Terbit / Issued",
            value={**BILL_EXAMPLE, "paid": 0, "outstanding": 20_160_000, "overdue": False},
            response_only=True,
            status_codes=["201"],
        ),
        ACCEPTED_EXAMPLE,
    ],
)
@api_view(["GET", "POST"])
@idempotent
def bill_list(request, scheme_id: int):
    access = _scheme(request, scheme_id)
    today = dates.today()
    if request.method == "POST":
        serializer = BillIssueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        params = {
            "month": serializer.validated_data["month"].isoformat(),
            "ahead": serializer.validated_data["ahead"],
        }
        accepted = in_background(request, access, JobKind.BILL, params) if access.can_manage else None
        if accepted is not None:
            return accepted
        try:
            bill = bill_issue(
                actor=request.user,
                scheme=access.scheme,
                month=serializer.validated_data["month"],
                ahead=serializer.validated_data["ahead"],
            )
        except BillingInvalid as refusal:
            return _refused(refusal)
        issued = bills_with_paid(Bill.objects.filter(pk=bill.pk)).get()
        return Response(_bill_view(issued, today), status=status.HTTP_201_CREATED)
    page = id_page_for(request, bills_with_paid(Bill.objects.filter(scheme=access.scheme)))
    return paginated_response(request, page, [_bill_view(bill, today) for bill in page.items])


@extend_schema(
    summary="Satu tagihan dengan barisnya / One bill with its lines",
    description=(
        "Tagihan, pembayarannya, jumlah baris di wilayah pemanggil, dasar hukum iurannya, dan satu halaman "
        "baris (`after`/`before` untuk halaman berikutnya): peserta (NIK tersamar), program, iuran normal, "
        "potongan, iuran, `rule_source`. Peran yang hanya melihat ringkasan mendapat baris tanpa nama dan "
        "NIK. / The bill, its payments, the totals of the lines inside the caller's regions, the rules that "
        "priced it, and one page of lines (`after`/`before` for the next): the member (NIK masked), the "
        "programme, the normal contribution, the discount, the amount, `rule_source`. Roles that see "
        "aggregates only get the lines without names and NIKs."
    ),
    parameters=PAGE_PARAMETERS,
    responses=BillDetailSerializer,
    examples=[
        OpenApiExample(
            "Tagihan / Bill",
            value={
                **BILL_EXAMPLE,
                "totals": {
                    "lines": 2400,
                    "members": 1200,
                    "normal": 20_160_000,
                    "discount": 0,
                    "amount": 20_160_000,
                },
                "rule_sources": [LINE_EXAMPLE["rule_source"]],
                "payments": [PAYMENT_EXAMPLE],
                "lines": {"next": None, "previous": None, "results": [LINE_EXAMPLE]},
            },
            response_only=True,
        )
    ],
)
@api_view(["GET"])
def bill_detail(request, scheme_id: int, bill_id: int):
    access = _scheme(request, scheme_id)
    bill = _bill(request, access, bill_id).bill
    lines = bill_lines_for_user(request.user, bill)
    page = id_page_for(request, lines)
    totals = bill_line_totals(lines, members=bill.members if bill_seen_whole(request.user, bill) else None)
    view = _bill_view(bill, dates.today())
    view["totals"] = BillTotalsSerializer(totals).data
    view["rule_sources"] = sorted(set(lines.order_by().values_list("rule_source", flat=True).distinct()))
    view["payments"] = PaymentSerializer(bill.payments.all(), many=True).data
    view["lines"] = paginated_response(
        request, page, [_line_view(line, request.user) for line in page.items]
    ).data
    return Response(view)


@extend_schema(
    methods=["GET"],
    summary="Pembayaran satu tagihan / A bill's payments",
    description=(
        "Pembayaran yang tercatat untuk tagihan ini (integer Rupiah), halaman kunci menurut nomor. / The "
        "payments recorded against this bill (integer Rupiah), keyset pages by id."
    ),
    parameters=PAGE_PARAMETERS,
    responses=page_of(PaymentSerializer),
    examples=[
        OpenApiExample(
            "Satu halaman / One page",
            value={"next": None, "previous": None, "results": [PAYMENT_EXAMPLE]},
            response_only=True,
        )
    ],
    operation_id="v1_schemes_bills_payments_list",
)
@extend_schema(
    methods=["POST"],
    summary="Catat pembayaran / Record a payment",
    description=(
        "Seperti 'Catat pembayaran' di layar Tagihan: hanya admin kabupaten/kota pemberi dana; jumlah integer "
        "Rupiah (atau ditulis `840.000`) tidak melebihi sisa tagihan, tanggal bayar tidak di masa depan dan "
        "tidak sebelum bulan tagihan, referensi (nomor bukti) wajib. Pelunasan tunggakan mengaktifkan lagi "
        "kepesertaan yang nonaktif. Kirim `Idempotency-Key`. / As the bill screen's 'record a payment': the "
        "funder's regency admins only; a whole-Rupiah amount (or written `840.000`) no more than what is "
        "left, a payment date neither in the future nor before the billed month, a reference (the proof's "
        "number). Paying off arrears reactivates lapsed members. Send `Idempotency-Key`."
    ),
    request=PaymentInputSerializer,
    responses={201: PaymentSerializer},
    examples=[
        OpenApiExample(
            "SP2D",
            value={"amount": 10_000_000, "paid_on": "2026-06-10", "reference": "SP2D-0612/2026"},
            request_only=True,
        ),
        OpenApiExample(
            "Tercatat / Recorded", value=PAYMENT_EXAMPLE, response_only=True, status_codes=["201"]
        ),
    ],
)
@api_view(["GET", "POST"])
@idempotent
def payment_list(request, scheme_id: int, bill_id: int):
    access = _scheme(request, scheme_id)
    bill = _bill(request, access, bill_id).bill
    if request.method == "POST":
        serializer = PaymentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            payment = payment_record(actor=request.user, bill=bill, **serializer.validated_data)
        except BillingInvalid as refusal:
            return _refused(refusal)
        return Response(PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)
    page = id_page_for(request, bill.payments.all())
    return paginated_response(request, page, PaymentSerializer(page.items, many=True).data)
