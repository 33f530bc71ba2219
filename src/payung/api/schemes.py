"""REST API v1 of the lifecycle's first half: funding schemes and their memberships.

Every answer goes through the scheme access helper (`schemes.access`): a scheme or membership the caller
may not see answers 404 exactly as a missing one. Every write calls the service the screen calls
(`schemes.services`, `schemes.branch`), so the rules, refusals and audit rows are the screen's; the API
only passes `Source.API` for the trail. Amounts are integer Rupiah; those the rule engine priced carry
`rule_source`, the regulations that priced them. Saving the selection and submitting run inside the
request, as on the screens (neither is a background job there).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, parser_classes
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from payung.accounts.scope import NotVisible
from payung.audit.forms import PurposeForm
from payung.audit.models import Source
from payung.lib import dates
from payung.lib.cursors import cursor_read
from payung.lib.nik import normalize_nik
from payung.regions.models import Region
from payung.registry.presenters import present_worker
from payung.registry.selectors import workers_visible_to
from payung.rules import Month
from payung.schemes.access import may_create_scheme, membership_for_user, scheme_for_user
from payung.schemes.branch import AnswerFileInvalid, answer_apply, export_registration_xlsx
from payung.schemes.burndown import BurnDown, burn_downs
from payung.schemes.models import MembershipStatus, SchemeStatus
from payung.schemes.paging import id_page
from payung.schemes.pricing import Pricer, months_between, scheme_citations, terms_of
from payung.schemes.selection import plan_for_scheme, plan_selection
from payung.schemes.selectors import scheme_memberships_for_user, schemes_visible_to, status_counts
from payung.schemes.services.memberships import (
    MembershipConflict,
    MembershipIneligible,
    MembershipInvalid,
    membership_propose,
    membership_remove,
    memberships_propose_selection,
    memberships_submit,
)
from payung.schemes.services.schemes import (
    SCHEME_TRANSITIONS,
    SchemeInput,
    scheme_create,
    scheme_transition,
    scheme_update,
    with_rule_defaults,
)
from payung.schemes.validation import SchemeInvalid, scheme_problems
from payung.schemes.views.common import presented_workers
from payung.schemes.xlsx import file_response
from payung.tariffs.services import current_rulebook

from .errors import error_body
from .idempotency import idempotent
from .pagination import _page_size, page_of, paginated_response
from .scheme_serializers import (
    AnswerReportSerializer,
    AnswerUploadSerializer,
    ApproveSerializer,
    CloseSerializer,
    MembershipSerializer,
    ProposeSerializer,
    SchemeDetailSerializer,
    SchemeInputSerializer,
    SchemeSerializer,
    SelectionSavedSerializer,
    SelectionSerializer,
    SubmittedSerializer,
)

SELECTION_ROWS_SHOWN = 300  # as the selection screen
MAX_UPLOAD = 20 * 1024 * 1024  # as the answer screen
ERROR = {"$ref": "#/components/schemas/Error"}  # the one error shape (api.schema)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---- shared pieces -------------------------------------------------------------------------------


def _access(request, scheme_id):
    try:
        return scheme_for_user(request.user, scheme_id)
    except NotVisible as exc:
        raise NotFound from exc


def _require_people(user) -> None:
    """Roles that see aggregates only get no person by the API either, as on the screens."""
    if not user.sees_personal_data:
        raise PermissionDenied(_("Peran Anda hanya melihat angka ringkasan, tanpa data per orang."))


def _refusal(message, *, code: str = "conflict", field: str = "") -> Response:
    """A service's refusal in the one error shape: under a field (400), or the data's state (409)."""
    if field:
        problems = {field: [{"code": code, "message": str(message)}]}
        return Response(
            error_body("invalid", _("Periksa isian yang ditandai."), problems),
            status=status.HTTP_400_BAD_REQUEST,
        )
    return Response(error_body(code, str(message)), status=status.HTTP_409_CONFLICT)


def _sources(citations) -> str:
    """The regulations behind a set of rule citations, once each, as one text."""
    return "; ".join(dict.fromkeys(c.source for c in citations))


def _id_page(request, queryset):
    """A keyset page by id (schemes.paging); a cursor that is not one of ours is a 400 naming the field."""
    for field in ("after", "before"):
        value = request.query_params.get(field, "")
        if value and cursor_read(value) is None:
            raise ValidationError({field: _("Kursor halaman tidak sah: mulai lagi dari halaman pertama.")})
    return id_page(
        queryset,
        after=request.query_params.get("after", ""),
        before=request.query_params.get("before", ""),
        size=_page_size(request),
    )


PAGE_PARAMETERS = [
    OpenApiParameter("after", str, description="the `next` cursor of the previous page (opaque)"),
    OpenApiParameter("before", str, description="the `previous` cursor of the following page (opaque)"),
    OpenApiParameter("page_size", int, description="1 to 500, default 50"),
]


# ---- schemes -------------------------------------------------------------------------------------


def _figures(figures: BurnDown, rule_source: str) -> dict:
    return {
        "budget": figures.budget,
        "committed": figures.committed,
        "billed": figures.billed,
        "paid": figures.paid,
        "arrears": figures.arrears,
        "left": figures.left,
        "projected": figures.projected,
        "unused": figures.unused,
        "rule_source": rule_source,
    }


def _scheme_data(scheme, figures: BurnDown, rule_source: str) -> dict:
    return {
        "id": scheme.pk,
        "name": scheme.name,
        "funder_type": scheme.funder_type,
        "funder_type_label": scheme.get_funder_type_display(),
        "funder_region": scheme.funder_region_id,
        "funder_region_name": scheme.funder_region.name,
        "year": scheme.year,
        "segment": scheme.segment,
        "programmes": list(scheme.programmes),
        "first_month": scheme.first_month,
        "months": scheme.months,
        "last_month": scheme.last_month,
        "budget": scheme.budget,
        "declared_income": scheme.declared_income,
        "quota": scheme.quota,
        "per_village_quota": scheme.per_village_quota,
        "deciles": list(scheme.deciles),
        "occupations": list(scheme.occupations),
        "areas": list(scheme.areas),
        "min_age": scheme.min_age,
        "max_age": scheme.max_age,
        "disability_first": scheme.disability_first,
        "lapse_after_months": scheme.lapse_after_months,
        "status": scheme.status,
        "status_label": scheme.get_status_display(),
        "approved_at": scheme.approved_at,
        "created_at": scheme.created_at,
        "figures": _figures(figures, rule_source),
    }


def _scheme_detail(access) -> dict:
    scheme = access.scheme
    rulebook = current_rulebook()
    citations = scheme_citations(scheme, rulebook=rulebook)
    figures = burn_downs([scheme], today=dates.today())[scheme.pk]
    counts = status_counts(scheme)
    data = _scheme_data(scheme, figures, _sources(citations))
    data.update(
        counts=counts,
        citations=[c.as_json() for c in citations],
        events=[
            {
                "at": e.at,
                "by": e.actor_display,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "why": e.why,
            }
            for e in scheme.events.of_schemes().select_related("by").order_by("at", "id")
        ],
        actions={
            "can_manage": access.can_manage,
            "can_propose": access.can_propose,
            "can_exchange_with_bpjs": access.can_exchange_with_bpjs,
            "next_statuses": sorted(str(s) for s in SCHEME_TRANSITIONS[scheme.status])
            if access.can_manage
            else [],
            "submit_blocked": access.submit_blocker(counts.get(MembershipStatus.PROPOSED, 0)),
            "propose_blocked": access.propose_blocker(),
        },
    )
    return data


def _scheme_input(request) -> tuple[SchemeInput | None, Response | None]:
    """The terms sent, checked as the scheme form checks them (every problem at once, under its field)."""
    serializer = SchemeInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    values = dict(serializer.validated_data)
    values["funder_region"] = values["funder_region"].strip()
    for name in ("programmes", "deciles", "occupations", "areas"):
        values[name] = tuple(str(v).strip() if isinstance(v, str) else v for v in values[name])
    data = with_rule_defaults(SchemeInput(**values))
    region = Region.objects.filter(code=data.funder_region).first()
    problems: dict[str, list[dict]] = {}
    for field, message in scheme_problems(data, region):
        problems.setdefault(field, []).append({"code": "invalid", "message": message})
    if problems:
        return None, Response(
            error_body("invalid", _("Periksa isian yang ditandai."), problems),
            status=status.HTTP_400_BAD_REQUEST,
        )
    return data, None


def _save_scheme(request, *, access=None) -> Response:
    data, refused = _scheme_input(request)
    if refused is not None:
        return refused
    try:
        if access is None:
            scheme = scheme_create(actor=request.user, data=data, source=Source.API)
        else:
            scheme = scheme_update(actor=request.user, scheme=access.scheme, data=data, source=Source.API)
    except SchemeInvalid as error:  # a draft only (update); the first problem otherwise
        return _refusal(error)
    except DjangoPermissionDenied as error:
        if access is None or access.can_manage:
            # The form puts it under the funder region: this admin may not fund there.
            return _refusal(error, code="outside_regions", field="funder_region")
        raise PermissionDenied(str(error)) from error
    saved = scheme_for_user(request.user, scheme.pk)
    return Response(
        SchemeDetailSerializer(_scheme_detail(saved)).data,
        status=status.HTTP_201_CREATED if access is None else status.HTTP_200_OK,
    )


FIGURES_EXAMPLE = {
    "budget": 100000000,
    "committed": 4032000,
    "billed": 0,
    "paid": 0,
    "arrears": 0,
    "left": 100000000,
    "projected": 4032000,
    "unused": 95968000,
    "rule_source": "PP 44/2015 Lampiran I; Permenaker 5/2021",
}
SCHEME_EXAMPLE = {
    "id": 7,
    "name": "UCJ Solok 2026",
    "funder_type": "APBD",
    "funder_type_label": "APBD (pemerintah provinsi/kabupaten/kota)",
    "funder_region": "13.02",
    "funder_region_name": "Kabupaten Solok",
    "year": 2026,
    "segment": "BPU",
    "programmes": ["JKK", "JKM"],
    "first_month": "2026-01-01",
    "months": 12,
    "last_month": "2026-12-01",
    "budget": 100000000,
    "declared_income": 1000000,
    "quota": None,
    "per_village_quota": None,
    "deciles": [1, 2, 3],
    "occupations": ["petani", "nelayan"],
    "areas": [],
    "min_age": 15,
    "max_age": 65,
    "disability_first": True,
    "lapse_after_months": 3,
    "status": "draft",
    "status_label": "Draf",
    "approved_at": None,
    "created_at": "2026-01-05T09:12:00+07:00",
    "figures": FIGURES_EXAMPLE,
}
SCHEME_DETAIL_EXAMPLE = {
    **SCHEME_EXAMPLE,
    "counts": {"proposed": 12},
    "citations": [
        {
            "rule": "bpu.jkk.rate",
            "effective_from": "2015-07-01",
            "source": "PP 44/2015",
            "confidence": "confirmed",
        }
    ],
    "events": [
        {"at": "2026-01-05T09:12:00+07:00", "by": "alice", "from_status": "", "to_status": "draft", "why": ""}
    ],
    "actions": {
        "can_manage": True,
        "can_propose": True,
        "can_exchange_with_bpjs": True,
        "next_statuses": ["approved"],
        "submit_blocked": "Skema harus disetujui dulu sebelum daftar diajukan ke BPJS.",
        "propose_blocked": "",
    },
}
SCHEME_INPUT_EXAMPLE = OpenApiExample(
    "Skema APBD kabupaten / A regency's APBD scheme",
    value={
        "name": "UCJ Solok 2026",
        "funder_type": "APBD",
        "funder_region": "13.02",
        "year": 2026,
        "budget": 100000000,
        "programmes": ["JKK", "JKM"],
        "first_month": 1,
        "months": 12,
        "deciles": [1, 2, 3],
        "occupations": ["petani", "nelayan"],
        "disability_first": True,
    },
    request_only=True,
)


@extend_schema(
    methods=["GET"],
    summary="Daftar skema pendanaan / Funding schemes",
    description=(
        "Skema yang terlihat oleh pemanggil (penyandang dana di wilayah kerjanya atau di atasnya), dengan "
        "angka anggaran seperti layar Skema. Filter `year`, `status`; halaman kunci. / The schemes the caller "
        "sees (funders inside or above its regions), with the budget figures of the schemes screen. Filters "
        "`year`, `status`; keyset pages."
    ),
    parameters=[
        OpenApiParameter("year", int),
        OpenApiParameter("status", str, enum=[s.value for s in SchemeStatus]),
        *PAGE_PARAMETERS,
    ],
    responses=page_of(SchemeSerializer),
    examples=[
        OpenApiExample(
            "Satu halaman / One page",
            value={"next": None, "previous": None, "results": [SCHEME_EXAMPLE]},
            response_only=True,
        )
    ],
    operation_id="v1_schemes_list",
)
@extend_schema(
    methods=["POST"],
    summary="Buat skema (draf) / Create a scheme (draft)",
    description=(
        "Hanya admin kabupaten/kota untuk wilayah penyandang dana di wilayahnya. Aturan sama dengan layar: "
        "setiap masalah di bawah isiannya. Isian yang dikosongkan memakai nilai peraturan (dasar "
        "penghasilan, usia, batas tunggakan). Kirim `Idempotency-Key`. / Regency admins only, for a funder "
        "region inside their regions. The screen's checks, every problem under its field. Values left out "
        "take the regulation's defaults. Send `Idempotency-Key`."
    ),
    request=SchemeInputSerializer,
    responses={201: SchemeDetailSerializer},
    examples=[
        SCHEME_INPUT_EXAMPLE,
        OpenApiExample(
            "Tersimpan / Saved", value=SCHEME_DETAIL_EXAMPLE, response_only=True, status_codes=["201"]
        ),
    ],
)
@api_view(["GET", "POST"])
@idempotent
def scheme_list(request):
    if request.method == "POST":
        if not may_create_scheme(request.user):
            raise PermissionDenied(_("Hanya admin kabupaten/kota wilayah ini yang boleh membuat skema."))
        return _save_scheme(request)
    schemes = schemes_visible_to(request.user).select_related("funder_region")
    year = request.query_params.get("year", "")
    if year:
        if not year.isdigit() or len(year) > 4:
            raise ValidationError({"year": _("Tahun harus angka, mis. 2026.")})
        schemes = schemes.filter(year=int(year))
    wanted = request.query_params.get("status", "")
    if wanted:
        if wanted not in SchemeStatus.values:
            raise ValidationError({"status": _("Status skema tidak dikenal.")})
        schemes = schemes.filter(status=wanted)
    page = _id_page(request, schemes)
    figures = burn_downs(page.items, today=dates.today())
    rulebook = current_rulebook()
    results = [
        _scheme_data(s, figures[s.pk], _sources(scheme_citations(s, rulebook=rulebook))) for s in page.items
    ]
    return paginated_response(request, page, SchemeSerializer(results, many=True).data)


@extend_schema(
    methods=["GET"],
    summary="Satu skema: syarat, anggaran, riwayat / One scheme: terms, budget, history",
    description=(
        "Angka anggaran dengan peraturan yang menghitungnya, jumlah peserta per status, riwayat status dan "
        "apa yang boleh dilakukan pemanggil. Di luar wilayah kerja: 404. / The budget figures with the rules "
        "that priced them, members per status, the status history and what the caller may do. Outside the "
        "caller's regions: 404."
    ),
    responses=SchemeDetailSerializer,
    examples=[OpenApiExample("Skema / Scheme", value=SCHEME_DETAIL_EXAMPLE, response_only=True)],
)
@extend_schema(
    methods=["PUT"],
    summary="Ubah syarat skema draf / Update a draft scheme's terms",
    description=(
        "Seluruh isian dikirim; hanya selama draf (sesudah disetujui: 409). Pemeriksaan dan audit sama "
        "dengan pembuatan. / Every field is sent; only while draft (approved: 409). The checks and audit of "
        "creating."
    ),
    request=SchemeInputSerializer,
    responses=SchemeDetailSerializer,
    examples=[
        SCHEME_INPUT_EXAMPLE,
        OpenApiExample("Tersimpan / Saved", value=SCHEME_DETAIL_EXAMPLE, response_only=True),
    ],
)
@api_view(["GET", "PUT"])
def scheme_detail(request, scheme_id: int):
    access = _access(request, scheme_id)
    if request.method == "PUT":
        if not access.can_manage:
            raise PermissionDenied(_("Hanya admin kabupaten/kota wilayah ini yang boleh mengubah skema."))
        return _save_scheme(request, access=access)
    return Response(SchemeDetailSerializer(_scheme_detail(access)).data)


def _transition(request, access, *, to: str, why: str) -> Response:
    try:
        scheme_transition(actor=request.user, scheme=access.scheme, to=to, why=why, source=Source.API)
    except SchemeInvalid as error:
        return _refusal(error)
    return Response(SchemeDetailSerializer(_scheme_detail(_access(request, access.scheme.pk))).data)


@extend_schema(
    summary="Setujui skema dengan dasarnya / Approve a scheme with its basis",
    description=(
        "Draf → disetujui, oleh admin kabupaten/kota yang mengelola skema; dasar persetujuan (mis. nomor DPA "
        "atau SK) dicatat di riwayat dan jejak audit. Status lain: 409. / Draft → approved, by the regency "
        "admins managing the scheme; the basis (e.g. the DPA or decree number) goes into the history and the "
        "audit trail. Any other status: 409."
    ),
    request=ApproveSerializer,
    responses=SchemeDetailSerializer,
    operation_id="v1_schemes_approve",
    examples=[
        OpenApiExample(
            "Dasar / Basis", value={"basis": "DPA SKPD Dinas Tenaga Kerja 2026"}, request_only=True
        ),
        OpenApiExample(
            "Disetujui / Approved",
            value={**SCHEME_DETAIL_EXAMPLE, "status": "approved", "status_label": "Disetujui"},
            response_only=True,
        ),
    ],
)
@api_view(["POST"])
def scheme_approve(request, scheme_id: int):
    access = _access(request, scheme_id)  # outside the scope: 404 before anything else
    serializer = ApproveSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    return _transition(
        request, access, to=SchemeStatus.APPROVED, why=serializer.validated_data["basis"].strip()
    )


@extend_schema(
    summary="Tutup skema / Close a scheme",
    description=(
        "Disetujui atau berjalan → ditutup (admin yang mengelola). Usulan dihapus, yang diajukan ditolak, "
        "peserta aktif berakhir bulan ini, seperti di layar. / Approved or running → closed (the managing "
        "admins). Proposals are removed, submitted ones rejected, active members end this month, as on the "
        "screen."
    ),
    request=CloseSerializer,
    responses=SchemeDetailSerializer,
    operation_id="v1_schemes_close",
    examples=[
        OpenApiExample("Alasan / Why", value={"why": "Tahun anggaran berakhir"}, request_only=True),
        OpenApiExample(
            "Ditutup / Closed",
            value={**SCHEME_DETAIL_EXAMPLE, "status": "closed", "status_label": "Ditutup"},
            response_only=True,
        ),
    ],
)
@api_view(["POST"])
def scheme_close(request, scheme_id: int):
    access = _access(request, scheme_id)
    serializer = CloseSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    return _transition(request, access, to=SchemeStatus.CLOSED, why=serializer.validated_data["why"].strip())


# ---- the selection -------------------------------------------------------------------------------


def _candidate_rows(user, candidates, workers, pricer, months) -> list[dict]:
    """The candidates the user may see (inside the user's regions), as the presenter shows them."""
    return [
        {
            "worker_id": c.worker_id,
            "nik": workers[c.worker_id].nik,
            "name": workers[c.worker_id].name,
            "village": workers[c.worker_id].village_name,
            "decile": c.decile,
            "disability": c.has_disability,
            "occupation": workers[c.worker_id].occupation,
            "cost": c.cost,
            "rule_source": _priced_by(pricer, months, transport=c.transport, risk_class=c.risk_class),
            "reason": c.reason_text,
        }
        for c in candidates
        if c.worker_id in workers
    ]


def _priced_by(pricer: Pricer, months, *, transport: bool, risk_class: int | None) -> str:
    """The regulations that priced one worker's cost over `months` (the pricer's cache: no new engine call)."""
    return "; ".join(
        dict.fromkeys(
            line.rule_source
            for month in months
            for line in pricer.breakdown(month, transport=transport, risk_class=risk_class).lines
        )
    )


SELECTION_EXAMPLE = {
    "selected_count": 24,
    "cost": 4032000,
    "committed": 0,
    "committed_members": 0,
    "budget": 5000000,
    "unused": 968000,
    "left_out": 3,
    "conflict_count": 1,
    "by_decile": {"1": 20, "2": 4},
    "by_village": {"13.02.07.2001": 24},
    "rule_source": "PP 44/2015 Lampiran I",
    "citations": [
        {
            "rule": "bpu.jkk.rate",
            "effective_from": "2015-07-01",
            "source": "PP 44/2015",
            "confidence": "confirmed",
        }
    ],
    "selected": [
        {
            "worker_id": 812,
            "nik": "1302********0001",
            "name": "Siti Rahma",
            "village": "Koto Gaek Guguak",
            "decile": 1,
            "disability": False,
            "occupation": "Petani/Pekebun",
            "cost": 168000,
            "rule_source": "PP 44/2015 Lampiran I",
            "reason": "",
        }
    ],
    "below_line": [],
    "conflicts": [
        {"worker_id": 813, "nik": "1302********0002", "name": "Rosmiati", "schemes": ["CSR Semen Padang"]}
    ],
}


@extend_schema(
    methods=["GET"],
    summary="Pratinjau seleksi dalam anggaran / The budget-fitting selection preview",
    description=(
        "Siapa yang akan diusulkan (desil termiskin dulu, dalam anggaran dan kuota), tanpa menyimpan apa pun: "
        "jumlah dan biaya seluruhnya, 300 baris pertama di wilayah kerja pemanggil (NIK tersamar), yang di "
        "bawah garis dengan alasannya, dan yang sudah ditanggung skema lain. Pemantau hanya mendapat angka. "
        "/ Who would be proposed (poorest decile first, inside the budget and quotas), saving nothing: the "
        "whole count and cost, the first 300 rows inside the caller's regions (NIK masked), those below the "
        "line with the reason, those covered by another scheme. Viewers get the figures only."
    ),
    responses=SelectionSerializer,
    examples=[OpenApiExample("Pratinjau / Preview", value=SELECTION_EXAMPLE, response_only=True)],
    operation_id="v1_schemes_selection_retrieve",
)
@extend_schema(
    methods=["POST"],
    summary="Simpan hasil seleksi sebagai usulan / Save the selection as proposals",
    description=(
        "Admin yang mengelola skema: hasil seleksi menjadi usulan peserta, seperti tombol Simpan di layar; "
        "yang baru saja diambil skema lain dilewati. Skema ditutup atau bulan habis: 409. / The managing "
        "admins: the selection becomes proposed members, as the screen's Save button; workers taken by "
        "another scheme meanwhile are skipped. Closed scheme or no month left: 409."
    ),
    request=None,
    responses={201: SelectionSavedSerializer},
    examples=[
        OpenApiExample(
            "Tersimpan / Saved",
            value={"proposed": 24, "skipped_conflicts": 1},
            response_only=True,
            status_codes=["201"],
        )
    ],
    operation_id="v1_schemes_selection_create",
)
@api_view(["GET", "POST"])
@idempotent
def scheme_selection(request, scheme_id: int):
    access = _access(request, scheme_id)
    scheme = access.scheme
    if request.method == "POST":
        try:
            result = memberships_propose_selection(actor=request.user, scheme=scheme, source=Source.API)
        except MembershipInvalid as error:
            return _refusal(error)
        return Response(
            SelectionSavedSerializer(
                {"proposed": len(result.created), "skipped_conflicts": len(result.conflicts)}
            ).data,
            status=status.HTTP_201_CREATED,
        )
    plan = plan_for_scheme(scheme, today=dates.today())
    pricer = Pricer(plan.terms)
    selection = plan_selection(plan, pricer=pricer)
    shown = selection.selected[:SELECTION_ROWS_SHOWN]
    conflicts = selection.conflicts if request.user.sees_personal_data else []
    workers = presented_workers(
        request.user, [c.worker_id for c in (*shown, *selection.below_line, *conflicts)]
    )
    data = {
        "selected_count": len(selection.selected),
        "cost": selection.cost,
        "committed": selection.committed,
        "committed_members": selection.committed_members,
        "budget": selection.budget,
        "unused": selection.unused,
        "left_out": selection.left_out,
        "conflict_count": len(selection.conflicts),
        "by_decile": selection.by_decile,
        "by_village": selection.by_village,
        "rule_source": _sources(selection.citations),
        "citations": [c.as_json() for c in selection.citations],
        "selected": _candidate_rows(request.user, shown, workers, pricer, plan.months),
        "below_line": _candidate_rows(request.user, selection.below_line, workers, pricer, plan.months),
        "conflicts": [
            {
                "worker_id": c.worker_id,
                "nik": workers[c.worker_id].nik,
                "name": workers[c.worker_id].name,
                "schemes": list(c.schemes),
            }
            for c in conflicts
            if c.worker_id in workers
        ],
    }
    return Response(SelectionSerializer(data).data)


# ---- memberships ---------------------------------------------------------------------------------


def _membership_rows(user, scheme, memberships) -> list[dict]:
    """Members as the user may see them (the registry's presenter masks the NIK), each planned cost with
    the regulations that priced it."""
    pricer = Pricer(terms_of(scheme))
    last = Month.of(scheme.last_month)
    rows = []
    for m in memberships:
        worker = present_worker(m.worker, user)
        months = months_between(Month.of(m.start_month), Month.of(m.end_month) if m.end_month else last)
        occupation = m.worker.occupation
        rows.append(
            {
                "id": m.pk,
                "worker_id": m.worker_id,
                "nik": worker.nik,
                "name": worker.name,
                "village_code": worker.village_code,
                "village_name": worker.village_name,
                "occupation": worker.occupation,
                "programmes": list(m.programmes),
                "start_month": m.start_month,
                "end_month": m.end_month,
                "status": m.status,
                "status_label": m.get_status_display(),
                "kpj_number": m.kpj_number,
                "planned_cost": m.planned_cost,
                "rule_source": _priced_by(
                    pricer, months, transport=occupation.transport, risk_class=occupation.risk_class
                ),
                "rejection_reason": m.rejection_reason,
                "created_at": m.created_at,
            }
        )
    return rows


MEMBERSHIP_EXAMPLE = {
    "id": 3051,
    "worker_id": 812,
    "nik": "1302********0001",
    "name": "Siti Rahma",
    "village_code": "13.02.07.2001",
    "village_name": "Koto Gaek Guguak",
    "occupation": "Petani/Pekebun",
    "programmes": ["JKK", "JKM"],
    "start_month": "2026-02-01",
    "end_month": "2026-12-01",
    "status": "proposed",
    "status_label": "Diusulkan",
    "kpj_number": "",
    "planned_cost": 184800,
    "rule_source": "PP 44/2015 Lampiran I",
    "rejection_reason": "",
    "created_at": "2026-01-05T09:30:00+07:00",
}


@extend_schema(
    methods=["GET"],
    summary="Peserta satu skema / The members of a scheme",
    description=(
        "Peserta di wilayah kerja pemanggil, urut diusulkan, halaman kunci; filter `status` seperti layar. "
        "NIK tersamar; pemantau tidak mendapat data per orang (403). / The members inside the caller's "
        "regions, in the order proposed, keyset pages; the screen's `status` filter. NIK masked; viewers "
        "get no person-level data (403)."
    ),
    parameters=[
        OpenApiParameter("status", str, enum=[s.value for s in MembershipStatus]),
        *PAGE_PARAMETERS,
    ],
    responses=page_of(MembershipSerializer),
    examples=[
        OpenApiExample(
            "Satu halaman / One page",
            value={"next": None, "previous": None, "results": [MEMBERSHIP_EXAMPLE]},
            response_only=True,
        )
    ],
    operation_id="v1_schemes_memberships_list",
)
@extend_schema(
    methods=["POST"],
    summary="Usulkan satu pekerja / Propose one worker",
    description=(
        "Seperti Tambah di layar: `nik` (atau `worker_id`) pekerja di wilayah kerja pemanggil, di dalam "
        "anggaran dan kuota; di luar kriteria skema perlu `reason`. Sudah ditanggung skema lain, kuota "
        "penuh, anggaran kurang: 409 dengan pesan layar. Kirim `Idempotency-Key`. / As the screen's Add: the "
        "`nik` (or `worker_id`) of a worker inside the caller's regions, within budget and quotas; outside "
        "the criteria it needs a `reason`. Covered by another scheme, quota full, budget short: 409 with the "
        "screen's message. Send `Idempotency-Key`."
    ),
    request=ProposeSerializer,
    responses={201: MembershipSerializer},
    examples=[
        OpenApiExample(
            "Usulan / Proposal", value={"nik": "1302074503850001", "reason": ""}, request_only=True
        ),
        OpenApiExample(
            "Diusulkan / Proposed", value=MEMBERSHIP_EXAMPLE, response_only=True, status_codes=["201"]
        ),
    ],
    operation_id="v1_schemes_memberships_create",
)
@api_view(["GET", "POST"])
@idempotent
def membership_list(request, scheme_id: int):
    access = _access(request, scheme_id)
    if request.method == "POST":
        return _propose(request, access)
    _require_people(request.user)
    memberships = scheme_memberships_for_user(request.user, access.scheme)
    wanted = request.query_params.get("status", "")
    if wanted:
        if wanted not in MembershipStatus.values:
            raise ValidationError({"status": _("Status kepesertaan tidak dikenal.")})
        memberships = memberships.filter(status=wanted)
    page = _id_page(request, memberships)
    rows = _membership_rows(request.user, access.scheme, page.items)
    return paginated_response(request, page, MembershipSerializer(rows, many=True).data)


def _propose(request, access) -> Response:
    if not access.can_propose:
        # One answer before any look-up: a role that cannot propose learns nothing about a NIK (issue 11).
        raise PermissionDenied(_("Anda tidak boleh mengusulkan pekerja ini untuk skema ini."))
    serializer = ProposeSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    nik, worker_id = normalize_nik(serializer.validated_data["nik"]), serializer.validated_data["worker_id"]
    workers = workers_visible_to(request.user).select_related("occupation")
    worker = (
        workers.filter(pk=worker_id).first()
        if worker_id
        else workers.filter(nik=nik).first()
        if nik
        else None
    )
    if worker is None:
        field = "worker_id" if worker_id else "nik"
        message = (
            _("Pekerja %(id)s tidak ada di registri wilayah Anda.") % {"id": worker_id}
            if worker_id
            else _("NIK %(nik)s tidak ada di registri wilayah Anda.") % {"nik": nik or "-"}
        )
        return _refusal(message, code="not_in_registry", field=field)
    try:
        membership = membership_propose(
            actor=request.user,
            scheme=access.scheme,
            worker=worker,
            reason=serializer.validated_data["reason"],
            source=Source.API,
        )
    except MembershipIneligible as error:
        return _refusal(error, code="outside_criteria", field="reason")
    except MembershipConflict as error:
        return _refusal(error, code="already_covered")
    except MembershipInvalid as error:
        return _refusal(error)
    saved = scheme_memberships_for_user(request.user, access.scheme).filter(pk=membership.pk)
    row = _membership_rows(request.user, access.scheme, saved)[0]
    return Response(MembershipSerializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Hapus usulan / Remove a proposal",
    description=(
        "Hanya usulan (belum diajukan) yang bisa dihapus, oleh yang boleh mengusulkan di wilayahnya; dicatat "
        "di jejak audit. Status lain: 409. / Only a proposal (not yet submitted) can be removed, by those who "
        "may propose in its area; audited. Any other status: 409."
    ),
    request=None,
    responses={
        204: OpenApiResponse(description="Dihapus / Removed"),
        409: OpenApiResponse(
            ERROR,
            description="Bukan usulan / Not a proposal",
            examples=[
                OpenApiExample(
                    "Bukan usulan / Not a proposal",
                    value={
                        "error": {
                            "code": "conflict",
                            "message": "Hanya usulan yang bisa dihapus; status sekarang Aktif.",
                            "fields": {},
                        }
                    },
                )
            ],
        ),
    },
)
@api_view(["DELETE"])
def membership_detail(request, scheme_id: int, membership_id: int):
    access = _access(request, scheme_id)
    try:
        membership = membership_for_user(request.user, access, membership_id).membership
    except NotVisible as exc:
        raise NotFound from exc
    try:
        membership_remove(actor=request.user, membership=membership, source=Source.API)
    except MembershipInvalid as error:
        return _refusal(error)
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    summary="Ajukan usulan ke BPJS / Submit the proposals to BPJS",
    description=(
        "Admin yang mengelola skema: semua usulan skema yang disetujui menjadi diajukan, seperti di layar. "
        "Belum disetujui: 409. / The managing admins: every proposal of an approved scheme becomes "
        "submitted, as on the screen. Not approved yet: 409."
    ),
    request=None,
    responses=SubmittedSerializer,
    examples=[OpenApiExample("Diajukan / Submitted", value={"submitted": 24}, response_only=True)],
    operation_id="v1_schemes_memberships_submit",
)
@api_view(["POST"])
def memberships_submit_view(request, scheme_id: int):
    access = _access(request, scheme_id)
    try:
        count = memberships_submit(actor=request.user, scheme=access.scheme, source=Source.API)
    except MembershipInvalid as error:
        return _refusal(error)
    return Response(SubmittedSerializer({"submitted": count}).data)


# ---- the hand-off with the BPJS branch -----------------------------------------------------------


@extend_schema(
    summary="Berkas pendaftaran kolektif (XLSX) / The collective-registration file (XLSX)",
    description=(
        "Peserta berstatus diajukan, dengan NIK dan HP lengkap untuk cabang BPJS: admin yang mengelola skema "
        "atau petugas BPJS wilayahnya. `purpose` (5-200 huruf) wajib dan dicatat di log akses bersama "
        "setiap orang di berkas, seperti unduhan di layar. / The submitted members with the full NIK and "
        "phone for the BPJS branch: the managing admins or the BPJS officers of its region. `purpose` (5-200 "
        "characters) is required and goes into the access log with every person in the file, as the "
        "screen's download."
    ),
    parameters=[OpenApiParameter("purpose", str, required=True, description="why the file is downloaded")],
    responses={
        (200, XLSX): OpenApiTypes.BINARY,
        400: OpenApiResponse(
            ERROR,
            description="Tanpa tujuan / Without a purpose",
            examples=[
                OpenApiExample(
                    "Tanpa tujuan / Without a purpose",
                    value={
                        "error": {
                            "code": "invalid",
                            "message": "Periksa isian yang ditandai.",
                            "fields": {
                                "purpose": [{"code": "required", "message": "Bidang ini harus diisi."}]
                            },
                        }
                    },
                )
            ],
        ),
    },
    operation_id="v1_schemes_registration_file",
)
@api_view(["GET"])
def registration_file(request, scheme_id: int):
    access = _access(request, scheme_id)
    if not access.can_exchange_with_bpjs:
        raise PermissionDenied(_("Peran Anda tidak boleh mengunduh berkas pendaftaran kolektif."))
    form = PurposeForm(request.query_params)  # the screens' purpose check, the same rule
    if not form.is_valid():
        raise DjangoValidationError(form.errors.as_data())
    scheme = access.scheme
    memberships = scheme_memberships_for_user(request.user, scheme).filter(status=MembershipStatus.SUBMITTED)
    path = export_registration_xlsx(scheme, memberships, request.user, purpose=form.cleaned_data["purpose"])
    return file_response(path, f"pendaftaran-kolektif-{scheme.pk}-{dates.today():%Y%m%d}.xlsx")


ANSWER_EXAMPLE = {
    "rows": 3,
    "applied": True,
    "activated": 2,
    "rejected": 1,
    "mismatches": [
        {
            "row": 3,
            "nik": "1302074503850001",
            "code": "name_differs",
            "message": "Nama berbeda: di Payung Siti Rahma, di BPJS SITI RAHMAH",
            "severity": "warning",
        }
    ],
}


@extend_schema(
    summary="Unggah berkas jawaban BPJS (KPJ) / Upload the BPJS answer file (KPJ)",
    description=(
        "Berkas XLSX/CSV cabang: NIK dengan nomor KPJ (aktif) atau alasan penolakan. Diperiksa utuh dulu; "
        "ketidakcocokan yang menghalangi tidak mengubah apa pun (`applied: false`), nama berbeda hanya "
        "peringatan. `dry_run` hanya memeriksa. Admin yang mengelola atau petugas BPJS wilayahnya; paling "
        "besar 20 MB. / The branch's XLSX/CSV: NIK with the KPJ number (activated) or the rejection reason. "
        "Checked whole first; a blocking mismatch changes nothing (`applied: false`), a differing name is a "
        "warning. `dry_run` only checks. The managing admins or the BPJS officers of its region; 20 MB at most."
    ),
    request={"multipart/form-data": AnswerUploadSerializer},
    responses=AnswerReportSerializer,
    examples=[OpenApiExample("Diterapkan / Applied", value=ANSWER_EXAMPLE, response_only=True)],
    operation_id="v1_schemes_answer_file",
)
@api_view(["POST"])
@parser_classes([MultiPartParser, FormParser])
def answer_file(request, scheme_id: int):
    access = _access(request, scheme_id)
    if not access.can_exchange_with_bpjs:
        raise PermissionDenied(
            _("Hanya admin kabupaten/kota atau petugas BPJS wilayah ini yang boleh mengimpor jawaban.")
        )
    serializer = AnswerUploadSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    upload = serializer.validated_data["file"]
    if upload.size > MAX_UPLOAD:
        return _refusal(_("Berkas terlalu besar (maksimal 20 MB)."), code="too_large", field="file")
    try:
        report = answer_apply(
            actor=request.user,
            scheme=access.scheme,
            data=upload.read(),
            dry_run=serializer.validated_data["dry_run"],
        )
    except AnswerFileInvalid as error:
        return _refusal(error, code="unreadable", field="file")
    data = {
        "rows": report.rows,
        "applied": report.applied,
        "activated": report.activated,
        "rejected": report.rejected,
        "mismatches": [
            {"row": m.row, "nik": m.nik, "code": m.code, "message": m.message, "severity": m.severity}
            for m in report.mismatches
        ],
    }
    return Response(AnswerReportSerializer(data).data)
