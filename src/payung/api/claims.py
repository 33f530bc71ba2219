"""REST API v1 for claims: the list (keyset, the screen's filters), a claim (heirs, rule amount with its
source, documents, deadlines, history), reporting a death or an accident by hand, the branch's
decisions, and the summary of `payung claims_summary`.

Thin: the screens' access (`claims.access`), filters (`claims.selectors.claims_filtered`), paging
(`claims.paging`) and services (`claims.services`); nothing here decides a rule. Viewers get the
summary only (small counts hidden, as on the dashboard); person-level answers are 403 for them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import ErrorDetail, NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from payung.accounts.roles import sees_personal_data
from payung.accounts.scope import NotVisible, scope_for
from payung.audit.models import Source
from payung.claims.access import claim_for_user, claims_visible_to, may_report
from payung.claims.deadlines import deadline_states, worst_state
from payung.claims.forms import HAND_KINDS, PROGRAMME_OF_HAND, ClaimFilterForm
from payung.claims.funders import event_month_paid
from payung.claims.models import Claim, DocumentRequirement, Status
from payung.claims.paging import claims_page
from payung.claims.presenters import claim_priced, claim_row, heir_share, rule_source
from payung.claims.selectors import claims_filtered, region_summary
from payung.claims.services import ClaimInvalid, claim_report, claim_transition
from payung.lib import dates
from payung.lib.masking import SMALL_COUNT, mask_nik
from payung.lib.money_fields import RupiahSerializerField
from payung.lib.nik import normalize_nik
from payung.regions.models import Region
from payung.registry.selectors import workers_visible_to
from payung.tariffs.services import current_rulebook

from .errors import error_body
from .idempotency import idempotent
from .pagination import page_of, page_size, paginated_response

# ---------------------------------------------------------------- serializers


class ClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    claim_number = serializers.CharField(allow_null=True, help_text="BPJS's number; null until it gives one")
    worker_id = serializers.IntegerField(allow_null=True, help_text="null: a NIK the registry does not know")
    nik = serializers.CharField(help_text="masked")
    name = serializers.CharField(allow_blank=True)
    registered = serializers.BooleanField()
    kpj_number = serializers.CharField(allow_blank=True)
    programme = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    event_date = serializers.DateField()
    status = serializers.CharField()
    origin = serializers.CharField(help_text="report (the branch's report) or hand (an operator)")
    funder_type = serializers.CharField(help_text="APBD, APBDES, APBN, CSR, BAZNAS, MANDIRI or NONE")
    scheme_id = serializers.IntegerField(allow_null=True)
    scheme_name = serializers.CharField(allow_blank=True)
    rule_amount = serializers.IntegerField(
        allow_null=True, help_text="Rupiah the rules give; null: not priced"
    )
    rule_source = serializers.CharField(allow_blank=True, help_text="the regulations that priced rule_amount")
    amount_claimed = serializers.IntegerField(allow_null=True)
    amount_paid = serializers.IntegerField(allow_null=True)
    paid_on = serializers.DateField(allow_null=True)
    differs_from_rule = serializers.BooleanField()
    deadline = serializers.CharField(allow_blank=True, help_text="late, soon or empty")


class RuleLineSerializer(serializers.Serializer):
    component = serializers.CharField()
    amount = serializers.IntegerField()
    rule_source = serializers.CharField()
    confidence = serializers.CharField()


class HeirSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    nik = serializers.CharField(allow_blank=True, help_text="masked")
    relationship = serializers.CharField()
    share_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    amount = serializers.IntegerField(allow_null=True, help_text="the share of the amount paid, Rupiah")


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    label = serializers.CharField()
    source = serializers.CharField()
    confidence = serializers.CharField()
    ticked = serializers.BooleanField()


class DeadlineSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="report, lapse or scholarship_age")
    due = serializers.DateField()
    state = serializers.CharField(help_text="done, late, soon or open")
    source = serializers.CharField()
    confidence = serializers.CharField()


class StatusChangeSerializer(serializers.Serializer):
    on = serializers.DateField()
    from_status = serializers.CharField(allow_blank=True)
    to_status = serializers.CharField()
    by = serializers.CharField(allow_blank=True)
    why = serializers.CharField(allow_blank=True)


class ClaimDetailSerializer(ClaimSerializer):
    wage = serializers.IntegerField(allow_null=True)
    rejection_reason = serializers.CharField(allow_blank=True)
    reported_on = serializers.DateField()
    event_month_paid = serializers.BooleanField(
        allow_null=True, help_text="the funder's bill of the event month paid in full; null: not billed"
    )
    rule_lines = RuleLineSerializer(many=True)
    heirs = HeirSerializer(many=True)
    documents = DocumentSerializer(many=True)
    deadlines = DeadlineSerializer(many=True)
    history = StatusChangeSerializer(many=True)


class ClaimReportSerializer(serializers.Serializer):
    """A death or an accident reported by hand: parses types only; the service checks the rest."""

    nik = serializers.CharField(max_length=30)
    kind = serializers.ChoiceField(choices=[value for value, _label in HAND_KINDS])
    event_date = serializers.DateField()
    why = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=[Status.SUBMITTED.value, Status.PAID.value, Status.REJECTED.value])
    on = serializers.DateField()
    claim_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    amount_claimed = RupiahSerializerField(required=False, allow_null=True, default=None)
    amount_paid = RupiahSerializerField(required=False, allow_null=True, default=None)
    why = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


_FIGURES = {
    "claims": serializers.IntegerField(allow_null=True),
    "workers": serializers.IntegerField(allow_null=True),
    "paid": serializers.IntegerField(),
}


class ClaimFiguresSerializer(serializers.Serializer):
    claims = serializers.IntegerField(allow_null=True)
    workers = serializers.IntegerField(allow_null=True)
    paid = serializers.IntegerField()


SummarySerializer = inline_serializer(
    name="ClaimsSummary",
    fields={
        "region": serializers.CharField(),
        "year": serializers.IntegerField(),
        **_FIGURES,
        "by_programme": serializers.DictField(child=ClaimFiguresSerializer()),
        "by_funder_type": serializers.DictField(child=ClaimFiguresSerializer()),
        "suppressed": serializers.BooleanField(help_text="counts 1 to 4 given as null (viewers)"),
    },
)

# ---------------------------------------------------------------- examples

CLAIM_EXAMPLE = {
    "id": 41,
    "claim_number": "KLM-2025-00017",
    "worker_id": 812,
    "nik": "7316********0003",
    "name": "Andi Baso",
    "registered": True,
    "kpj_number": "KPJ00100017",
    "programme": "JKM",
    "kind": "jkm_death",
    "kind_label": "JKM: santunan kematian",
    "event_date": "2025-03-01",
    "status": "paid",
    "origin": "report",
    "funder_type": "APBD",
    "scheme_id": 3,
    "scheme_name": "UCJ Enrekang 2025",
    "rule_amount": 42000000,
    "rule_source": "PP 82/2019 Pasal 34",
    "amount_claimed": None,
    "amount_paid": 40000000,
    "paid_on": "2025-04-01",
    "differs_from_rule": True,
    "deadline": "",
}
DETAIL_EXAMPLE = {
    **CLAIM_EXAMPLE,
    "wage": None,
    "rejection_reason": "",
    "reported_on": "2025-05-01",
    "event_month_paid": True,
    "rule_lines": [
        {
            "component": "lump_sum",
            "amount": 20000000,
            "rule_source": "PP 82/2019 Pasal 34",
            "confidence": "C",
        },
        {
            "component": "periodic",
            "amount": 12000000,
            "rule_source": "PP 82/2019 Pasal 34",
            "confidence": "C",
        },
        {"component": "funeral", "amount": 10000000, "rule_source": "PP 82/2019 Pasal 34", "confidence": "C"},
    ],
    "heirs": [
        {
            "id": 5,
            "name": "Hasnah",
            "nik": "7316********0004",
            "relationship": "spouse",
            "share_percent": "100.00",
            "amount": 40000000,
        }
    ],
    "documents": [
        {
            "id": 2,
            "code": "death_certificate",
            "label": "Akta kematian",
            "source": "P12",
            "confidence": "S",
            "ticked": True,
        }
    ],
    "deadlines": [
        {"code": "lapse", "due": "2030-03-01", "state": "done", "source": "PP 82/2019", "confidence": "U"}
    ],
    "history": [
        {"on": "2025-04-01", "from_status": "", "to_status": "paid", "by": "", "why": "Laporan kantor cabang"}
    ],
}
SUMMARY_EXAMPLE = {
    "region": "73.16",
    "year": 2025,
    "claims": 2372,
    "workers": 2272,
    "paid": 21880000000,
    "by_programme": {"JKM": {"claims": 200, "workers": 200, "paid": 8400000000}},
    "by_funder_type": {"APBD": {"claims": 60, "workers": 60, "paid": 2170000000}},
    "suppressed": False,
}

# ---------------------------------------------------------------- helpers


def _require_people(user) -> None:
    """Roles that see aggregates only get no claim by the API (the same answer for any id)."""
    if not sees_personal_data(user):
        raise PermissionDenied(_("Peran Anda hanya melihat angka ringkasan, tanpa data per orang."))


def _claim(user, claim_id) -> Claim:
    _require_people(user)
    try:
        return claim_for_user(user, claim_id).claim
    except NotVisible as exc:
        raise NotFound from exc


def _problems(error: ClaimInvalid) -> dict:
    """A service's refusal in the API's one error shape, with the service's field names and codes."""
    fields: dict[str, list[dict[str, str]]] = {}
    for problem in error.problems:
        fields.setdefault(problem.field or "non_field_errors", []).append(
            {"code": problem.code, "message": problem.message}
        )
    return error_body("invalid", _("Periksa isian yang ditandai."), fields)


def _row(claim: Claim, user, book, today) -> dict:
    person = claim_row(claim, user)
    priced = claim_priced(claim, book)
    return {
        "id": claim.pk,
        "claim_number": claim.claim_number,
        "worker_id": claim.worker_id,
        "nik": person.nik,
        "name": person.name,
        "registered": person.registered,
        "kpj_number": claim.kpj_number,
        "programme": claim.programme,
        "kind": claim.kind,
        "kind_label": claim.get_kind_display(),
        "event_date": claim.event_date,
        "status": claim.status,
        "origin": claim.origin,
        "funder_type": claim.funder_type,
        "scheme_id": claim.scheme_id,
        "scheme_name": claim.scheme.name if claim.scheme else "",
        "rule_amount": claim.rule_amount,
        "rule_source": rule_source(priced) if claim.rule_amount is not None else "",
        "amount_claimed": claim.amount_claimed,
        "amount_paid": claim.amount_paid,
        "paid_on": claim.paid_on,
        "differs_from_rule": claim.differs_from_rule,
        "deadline": worst_state(claim, today, book),
    }


def _detail(claim: Claim, user) -> dict:
    today, book = dates.today(), current_rulebook()
    priced = claim_priced(claim, book)
    ticked = set(claim.ticks.values_list("requirement_id", flat=True))
    return {
        **_row(claim, user, book, today),
        "wage": claim.wage,
        "rejection_reason": claim.rejection_reason,
        "reported_on": claim.reported_on,
        "event_month_paid": event_month_paid(claim) if claim.scheme_id else None,
        "rule_lines": [
            {
                "component": line.component,
                "amount": line.amount,
                "rule_source": line.source,
                "confidence": str(getattr(line.confidence, "value", line.confidence)),
            }
            for line in (priced.result.lines if priced.result else ())
        ],
        "heirs": [
            {
                "id": heir.pk,
                "name": heir.name,
                "nik": mask_nik(heir.nik) if heir.nik else "",
                "relationship": heir.relationship,
                "share_percent": heir.share_percent,
                "amount": heir_share(claim.amount_paid, heir.share_percent),
            }
            for heir in claim.heirs.all()
        ],
        "documents": [
            {
                "id": requirement.pk,
                "code": requirement.code,
                "label": requirement.label,
                "source": requirement.source,
                "confidence": requirement.confidence,
                "ticked": requirement.pk in ticked,
            }
            for requirement in DocumentRequirement.objects.filter(kind=claim.kind, active=True)
        ],
        "deadlines": [
            {
                "code": item.deadline.code,
                "due": item.deadline.due,
                "state": item.state,
                "source": item.deadline.citation.source,
                "confidence": str(
                    getattr(item.deadline.citation.confidence, "value", item.deadline.citation.confidence)
                ),
            }
            for item in deadline_states(claim, today, book)
        ],
        "history": [
            {
                "on": event.on,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "by": event.by.username if event.by else "",
                "why": event.why,
            }
            for event in claim.events.select_related("by")
        ],
    }


def _cursor_checked(request) -> None:
    from payung.claims.paging import cursor_is_valid

    for field in ("after", "before"):
        value = request.query_params.get(field, "")
        if value and not cursor_is_valid(value):
            raise ValidationError({field: _("Kursor halaman tidak sah: mulai lagi dari halaman pertama.")})


# ---------------------------------------------------------------- operations

FILTER_PARAMETERS = [
    OpenApiParameter("programme", str, enum=["JKK", "JKM", "JHT", "JP", "BEASISWA"]),
    OpenApiParameter("status", str, enum=["reported", "submitted", "paid", "rejected"]),
    OpenApiParameter("funder_type", str, enum=["APBD", "APBDES", "APBN", "CSR", "BAZNAS", "MANDIRI", "NONE"]),
    OpenApiParameter("year", int, description="year of the event, 2015 to 2100"),
    OpenApiParameter(
        "deadline", str, enum=["late", "soon"], description="a deadline passed, or within 90 days"
    ),
    OpenApiParameter("flagged", bool, description="only claims whose amount differs from the rule amount"),
    OpenApiParameter("q", str, description="claim number, NIK or name"),
    OpenApiParameter("after", str, description="the `next` cursor of the previous page (opaque)"),
    OpenApiParameter("before", str, description="the `previous` cursor of the following page (opaque)"),
    OpenApiParameter("page_size", int, description="1 to 500, default 50"),
]


@extend_schema(
    methods=["GET"],
    summary="Daftar klaim di wilayah kerja / Claims in the caller's regions",
    description=(
        "Filter seperti layar Daftar Klaim (program, status, penyandang dana, tahun kejadian, tenggat, "
        "selisih dari aturan, cari), halaman kunci, kejadian terbaru dahulu; NIK tersamar. Pemantau: 403. / "
        "The claims screen's filters (programme, status, funder type, event year, deadline, differs from "
        "the rule, search), keyset pages, newest event first; NIKs masked. Viewers: 403."
    ),
    parameters=FILTER_PARAMETERS,
    responses=page_of(ClaimSerializer),
    examples=[
        OpenApiExample(
            "Satu halaman / One page",
            value={"next": None, "previous": None, "results": [CLAIM_EXAMPLE]},
            response_only=True,
        )
    ],
    operation_id="v1_claims_list",
)
@extend_schema(
    methods=["POST"],
    summary="Laporkan kematian atau kecelakaan kerja / Report a death or a work accident",
    description=(
        "Operator dan admin kabupaten/kota melaporkan kejadian seorang pekerja terdaftar di wilayahnya "
        "(status dilaporkan), dengan aturan layar Laporkan Kejadian; dicatat di jejak audit. Kirim "
        "`Idempotency-Key` agar pengulangan aman. / Operators and regency admins report an event of a "
        "registered worker of their area (status reported), with the screen's rules; audited. Send "
        "`Idempotency-Key` to retry safely."
    ),
    request=ClaimReportSerializer,
    responses={201: ClaimDetailSerializer},
    examples=[
        OpenApiExample(
            "Meninggal dunia / A death",
            value={
                "nik": "7316014501800003",
                "kind": "jkm_death",
                "event_date": "2025-06-01",
                "why": "kabar kepala desa",
            },
            request_only=True,
        ),
        OpenApiExample(
            "Dilaporkan / Reported",
            value={**DETAIL_EXAMPLE, "claim_number": None, "status": "reported", "amount_paid": None},
            response_only=True,
            status_codes=["201"],
        ),
    ],
)
@api_view(["GET", "POST"])
@idempotent
def claim_list(request):
    if request.method == "POST":
        return _report(request)
    _require_people(request.user)
    form = ClaimFilterForm(request.query_params)
    if not form.is_valid():  # the screen's own messages and codes, per parameter
        raise ValidationError(
            {
                name: [ErrorDetail(error["message"], code=error["code"] or "invalid") for error in errors]
                for name, errors in form.errors.get_json_data().items()
            }
        )
    _cursor_checked(request)
    claims = claims_filtered(
        claims_visible_to(request.user).select_related("worker", "worker__village", "scheme"),
        today=dates.today(),
        **form.cleaned_data,
    )
    page = claims_page(
        claims,
        after=request.query_params.get("after", ""),
        before=request.query_params.get("before", ""),
        size=page_size(request),
    )
    book, today = current_rulebook(), dates.today()
    rows = [_row(claim, request.user, book, today) for claim in page.items]
    return paginated_response(request, page, ClaimSerializer(rows, many=True).data)


def _report(request):
    if not may_report(request.user):
        raise PermissionDenied(_("Peran Anda tidak melaporkan klaim."))
    serializer = ClaimReportSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    worker = workers_visible_to(request.user).filter(nik=normalize_nik(data["nik"])).first()
    if worker is None:
        message = _("NIK ini tidak terdaftar di wilayah kerja Anda. Daftarkan pekerjanya dahulu.")
        return Response(
            error_body(
                "invalid",
                _("Periksa isian yang ditandai."),
                {"nik": [{"code": "not_registered", "message": message}]},
            ),
            status=status.HTTP_400_BAD_REQUEST,
        )
    try:
        claim = claim_report(
            actor=request.user,
            worker=worker,
            kind=data["kind"],
            programme=PROGRAMME_OF_HAND[data["kind"]],
            event_date=data["event_date"],
            today=dates.today(),
            why=data["why"],
            source=Source.API,
        )
    except ClaimInvalid as error:
        return Response(_problems(error), status=status.HTTP_400_BAD_REQUEST)
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    claim = _claim(request.user, claim.pk)
    return Response(ClaimDetailSerializer(_detail(claim, request.user)).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Satu klaim: ahli waris, jumlah menurut aturan, dokumen / One claim: heirs, rule amount, documents",
    description=(
        "Seperti halaman klaim: penyandang dana saat kejadian, jumlah menurut aturan dengan sumber aturannya "
        "per komponen, ahli waris, daftar dokumen, tenggat dan riwayat status. Di luar wilayah kerja: 404 "
        "seperti yang tidak ada; pemantau: 403. / As the claim page: the funder at the event date, the rule "
        "amount with the regulation of each component, heirs, the documents checklist, deadlines and the "
        "status history. Outside the caller's regions: 404, as missing; viewers: 403."
    ),
    responses=ClaimDetailSerializer,
    examples=[OpenApiExample("Klaim / Claim", value=DETAIL_EXAMPLE, response_only=True)],
)
@api_view(["GET"])
def claim_detail(request, claim_id: int):
    return Response(ClaimDetailSerializer(_detail(_claim(request.user, claim_id), request.user)).data)


@extend_schema(
    summary="Catat keputusan BPJS / Record the branch's decision",
    description=(
        "Petugas BPJS wilayah ini mencatat pengajuan (dengan nomor klaim), pembayaran (jumlah, tanggal) atau "
        "penolakan (alasan), dengan aturan layar klaim; dicatat di jejak audit. Kematian yang dibayar "
        "mengakhiri kepesertaan pekerja sejak bulan berikutnya. Kirim `Idempotency-Key` agar pengulangan "
        "aman. / A BPJS officer serving the regency records submission (with the claim number), payment "
        "(amount, date) or rejection (reason), with the claim page's rules; audited. A paid death ends the "
        "worker's memberships from the next month. Send `Idempotency-Key` to retry safely."
    ),
    request=DecisionSerializer,
    responses=ClaimDetailSerializer,
    examples=[
        OpenApiExample(
            "Dibayar / Paid",
            value={"to": "paid", "on": "2025-07-01", "amount_paid": "Rp 42.000.000"},
            request_only=True,
        ),
        OpenApiExample("Tercatat / Recorded", value=DETAIL_EXAMPLE, response_only=True),
    ],
)
@api_view(["POST"])
@idempotent
def claim_decision(request, claim_id: int):
    claim = _claim(request.user, claim_id)
    serializer = DecisionSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    try:
        claim_transition(
            actor=request.user,
            claim=claim,
            to=data["to"],
            on=data["on"],
            today=dates.today(),
            why=data["why"],
            claim_number=data["claim_number"] or None,
            amount_claimed=data["amount_claimed"],
            amount_paid=data["amount_paid"],
            source=Source.API,
        )
    except ClaimInvalid as error:
        return Response(_problems(error), status=status.HTTP_400_BAD_REQUEST)
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    return Response(ClaimDetailSerializer(_detail(_claim(request.user, claim.pk), request.user)).data)


def _hidden_small(figures: dict) -> dict:
    """Counts 1 to 4 hidden for a viewer, as the dashboard shows them ("< 5"); amounts kept."""
    return {
        key: (None if key in ("claims", "workers") and 0 < value < SMALL_COUNT else value)
        for key, value in figures.items()
    }


@extend_schema(
    summary="Ringkasan klaim dibayar per wilayah dan tahun / Claims paid in a region and year",
    description=(
        "Angka yang sama dengan `payung claims_summary REGION --year YYYY --json`: klaim yang dibayar pada "
        "tahun itu (menurut tanggal bayar) dari pekerja di wilayah itu, per program dan per jenis "
        "penyandang dana. Wilayah di luar wilayah kerja: 404. Untuk pemantau, jumlah 1 sampai 4 diberikan "
        "null (`suppressed`). / The numbers of `payung claims_summary REGION --year YYYY --json`: claims "
        "paid that year (by payment date) of workers in the region, by programme and by funder type. A "
        "region outside the caller's regions: 404. For viewers, counts 1 to 4 are null (`suppressed`)."
    ),
    parameters=[
        OpenApiParameter("region", str, required=True, description="a Kemendagri code, e.g. 73.16"),
        OpenApiParameter("year", int, required=True, description="the payment year"),
    ],
    responses=SummarySerializer,
    examples=[OpenApiExample("Enrekang 2025", value=SUMMARY_EXAMPLE, response_only=True)],
)
@api_view(["GET"])
def claims_summary(request):
    code = request.query_params.get("region", "").strip()
    raw_year = request.query_params.get("year", "").strip()
    problems = {}
    if not code:
        problems["region"] = [_("Tulis kode wilayah, mis. 73.16.")]
    if not (raw_year.isdigit() and 2015 <= int(raw_year) <= 2100):
        problems["year"] = [_("Tahun harus angka 2015 sampai 2100.")]
    if problems:
        raise ValidationError(problems)
    if not scope_for(request.user).contains(code) or not Region.objects.filter(code=code).exists():
        raise NotFound
    summary = region_summary(code, int(raw_year), claims_visible_to(request.user))
    masked = not sees_personal_data(request.user)
    if masked:
        summary = {
            **_hidden_small(summary),
            "by_programme": {k: _hidden_small(v) for k, v in summary["by_programme"].items()},
            "by_funder_type": {k: _hidden_small(v) for k, v in summary["by_funder_type"].items()},
        }
    return Response({**summary, "suppressed": masked})
