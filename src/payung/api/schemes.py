"""REST API v1: funding schemes (terms, approval, closing, the selection); their members are api/memberships.py.

Every answer goes through the scheme access helper (`schemes.access`): a scheme or membership the caller
may not see answers 404 exactly as a missing one. Every write calls the service the screen calls
(`schemes.services`, `schemes.branch`), so the rules, refusals and audit rows are the screen's; the API
only passes `Source.API` for the trail. Amounts are integer Rupiah; those the rule engine priced carry
`rule_source`, the regulations that priced them. Saving the selection and submitting run inside the
request, as on the screens (neither is a background job there). The pieces both modules share (the
scheme or 404, a refusal in the one error shape, keyset pages by id, `rule_source`) are here.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from payung.accounts.scope import NotVisible
from payung.audit.models import Source
from payung.lib import dates
from payung.regions.models import Region
from payung.schemes.access import may_create_scheme, scheme_for_user
from payung.schemes.burndown import BurnDown, burn_downs
from payung.schemes.models import JobKind, MembershipStatus, SchemeStatus
from payung.schemes.pricing import Pricer, scheme_citations
from payung.schemes.selection import plan_for_scheme, plan_selection
from payung.schemes.selectors import schemes_visible_to, status_counts
from payung.schemes.services.memberships import (
    MembershipInvalid,
    memberships_propose_selection,
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
from payung.tariffs.services import current_rulebook

from .errors import error_body
from .idempotency import idempotent
from .lifecycle_jobs import ACCEPTED_EXAMPLE, LifecycleJobSerializer, in_background
from .pagination import id_page_for, page_of, paginated_response
from .scheme_examples import (
    SCHEME_DETAIL_EXAMPLE,
    SCHEME_EXAMPLE,
    SCHEME_INPUT_EXAMPLE,
    SELECTION_EXAMPLE,
)
from .scheme_serializers import (
    ApproveSerializer,
    CloseSerializer,
    SchemeDetailSerializer,
    SchemeInputSerializer,
    SchemeSerializer,
    SelectionSavedSerializer,
    SelectionSerializer,
)

SELECTION_ROWS_SHOWN = 300  # as the selection screen
ERROR = {"$ref": "#/components/schemas/Error"}  # the one error shape (api.schema)


# ---- shared pieces -------------------------------------------------------------------------------


def scheme_or_404(request, scheme_id):
    try:
        return scheme_for_user(request.user, scheme_id)
    except NotVisible as exc:
        raise NotFound from exc


def require_people(user) -> None:
    """Roles that see aggregates only get no person by the API either, as on the screens."""
    if not user.sees_personal_data:
        raise PermissionDenied(_("Peran Anda hanya melihat angka ringkasan, tanpa data per orang."))


def refusal(message, *, code: str = "conflict", field: str = "") -> Response:
    """A service's refusal in the one error shape: under a field (400), or the data's state (409)."""
    if field:
        problems = {field: [{"code": code, "message": str(message)}]}
        return Response(
            error_body("invalid", _("Periksa isian yang ditandai."), problems),
            status=status.HTTP_400_BAD_REQUEST,
        )
    return Response(error_body(code, str(message)), status=status.HTTP_409_CONFLICT)


def sources_of(citations) -> str:
    """The regulations behind a set of rule citations, once each, as one text."""
    return "; ".join(dict.fromkeys(c.source for c in citations))


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
    data = _scheme_data(scheme, figures, sources_of(citations))
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
        return refusal(error)
    except DjangoPermissionDenied as error:
        if access is None or access.can_manage:
            # The form puts it under the funder region: this admin may not fund there.
            return refusal(error, code="outside_regions", field="funder_region")
        raise PermissionDenied(str(error)) from error
    saved = scheme_for_user(request.user, scheme.pk)
    return Response(
        SchemeDetailSerializer(_scheme_detail(saved)).data,
        status=status.HTTP_201_CREATED if access is None else status.HTTP_200_OK,
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
    page = id_page_for(request, schemes)
    figures = burn_downs(page.items, today=dates.today())
    rulebook = current_rulebook()
    results = [
        _scheme_data(s, figures[s.pk], sources_of(scheme_citations(s, rulebook=rulebook))) for s in page.items
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
    access = scheme_or_404(request, scheme_id)
    if request.method == "PUT":
        if not access.can_manage:
            raise PermissionDenied(_("Hanya admin kabupaten/kota wilayah ini yang boleh mengubah skema."))
        return _save_scheme(request, access=access)
    return Response(SchemeDetailSerializer(_scheme_detail(access)).data)


def _transition(request, access, *, to: str, why: str) -> Response:
    try:
        scheme_transition(actor=request.user, scheme=access.scheme, to=to, why=why, source=Source.API)
    except SchemeInvalid as error:
        return refusal(error)
    return Response(SchemeDetailSerializer(_scheme_detail(scheme_or_404(request, access.scheme.pk))).data)


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
    access = scheme_or_404(request, scheme_id)  # outside the scope: 404 before anything else
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
    access = scheme_or_404(request, scheme_id)
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
            "rule_source": priced_by(pricer, months, transport=c.transport, risk_class=c.risk_class),
            "reason": c.reason_text,
        }
        for c in candidates
        if c.worker_id in workers
    ]


def priced_by(pricer: Pricer, months, *, transport: bool, risk_class: int | None) -> str:
    """The regulations that priced one worker's cost over `months` (the pricer's cache: no new engine call)."""
    return "; ".join(
        dict.fromkeys(
            line.rule_source
            for month in months
            for line in pricer.breakdown(month, transport=transport, risk_class=risk_class).lines
        )
    )


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
    responses={201: SelectionSavedSerializer, 202: LifecycleJobSerializer},
    examples=[
        OpenApiExample(
            "Tersimpan / Saved",
            value={"proposed": 24, "skipped_conflicts": 1},
            response_only=True,
            status_codes=["201"],
        ),
        ACCEPTED_EXAMPLE,
    ],
    operation_id="v1_schemes_selection_create",
)
@api_view(["GET", "POST"])
@idempotent
def scheme_selection(request, scheme_id: int):
    access = scheme_or_404(request, scheme_id)
    scheme = access.scheme
    if request.method == "POST":
        # Who may not save is refused by the service itself, during the request.
        accepted = in_background(request, access, JobKind.SELECT) if access.can_manage else None
        if accepted is not None:
            return accepted
        try:
            result = memberships_propose_selection(actor=request.user, scheme=scheme, source=Source.API)
        except MembershipInvalid as error:
            return refusal(error)
        return Response(
            SelectionSavedSerializer(
                {"proposed": result.proposed, "skipped_conflicts": len(result.conflicts)}
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
        "rule_source": sources_of(selection.citations),
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
