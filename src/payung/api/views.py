"""REST API v1: regions (public tree) and workers (region-scoped, masked per role)."""

from __future__ import annotations

from dataclasses import asdict

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from payung.accounts.scope import NotVisible
from payung.audit.models import Channel, Source
from payung.regions.models import Region
from payung.regions.selectors import search_regions
from payung.registry.presenters import present_worker, reveal_worker
from payung.registry.selectors import WorkerFilters, get_worker_for_user, regency_walks, search_workers
from payung.registry.services import WorkerInvalid, worker_register, worker_update
from payung.registry.validation import WorkerInput

from .errors import error_body
from .idempotency import idempotent
from .pagination import page_of, paginated_response, worker_page
from .serializers import RegionSerializer, WorkerInputSerializer, WorkerViewSerializer


def _problems(invalid: WorkerInvalid) -> dict:
    """The registry's refusal in the API's error shape (api.errors), with the registry's codes."""
    fields = {
        field: [{"code": problem.code, "message": problem.message} for problem in problems]
        for field, problems in invalid.check.errors.items()
    }
    return error_body("invalid", _("Periksa isian yang ditandai."), fields)


REGION_EXAMPLE = OpenApiExample(
    "Kabupaten Solok",
    value={
        "code": "13.02",
        "name": "Kabupaten Solok",
        "level": 2,
        "kind": "kabupaten",
        "kind_label": "Kabupaten",
        "parent": "13",
        "postal_code": "",
    },
    response_only=True,
)
WORKER_EXAMPLE = {
    "id": 812,
    "nik": "1302074503850001",
    "name": "Siti Rahma",
    "sex": "Perempuan",
    "birth_date": "1985-03-05",
    "village_code": "13.02.07.2001",
    "village_name": "Koto Gaek Guguak",
    "district_code": "13.02.07",
    "occupation": "Petani/Pekebun",
    "dtsen_decile": 2,
    "monthly_income": 1500000,
    "has_disability": False,
    "phone": "081234567890",
    "kk_number": "1302070101850003",
    "masked": False,
}
WORKER_INPUT_EXAMPLE = OpenApiExample(
    "Pekerja baru / A new worker",
    value={
        "nik": "1302074503850001",
        "name": "Siti Rahma",
        "sex": "P",
        "birth_date": "1985-03-05",
        "village_code": "13.02.07.2001",
        "occupation_code": "petani",
        "dtsen_decile": 2,
        "monthly_income": 1500000,
        "phone": "081234567890",
    },
    request_only=True,
)


@extend_schema(
    summary="Cari wilayah Kemendagri / Search the Kemendagri regions",
    description=(
        "Pohon wilayah terbuka untuk setiap token: nama, atau awalan kode dengan atau tanpa titik; paling "
        "banyak 50. / The region tree, open to every token: a name, or a code prefix with or without dots; "
        "at most 50."
    ),
    examples=[REGION_EXAMPLE],
    parameters=[
        OpenApiParameter("q", str, description="name, or a code prefix with or without dots"),
        OpenApiParameter("level", int, description="1 province, 2 regency, 3 district, 4 village"),
    ],
    responses=RegionSerializer(many=True),
)
@api_view(["GET"])
def region_list(request):
    level = request.query_params.get("level")
    regions = search_regions(
        request.query_params.get("q", ""), level=int(level) if level and level.isdigit() else None, limit=50
    )
    return Response(RegionSerializer(regions, many=True).data)


@extend_schema(
    summary="Satu wilayah menurut kodenya / One region by its code",
    description="Kode Kemendagri bertitik, mis. `13.02`. / The dotted Kemendagri code, e.g. `13.02`.",
    responses=RegionSerializer,
    examples=[REGION_EXAMPLE],
)
@api_view(["GET"])
def region_detail(request, code: str):
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFound
    return Response(RegionSerializer(region).data)


@extend_schema(
    methods=["GET"],
    summary="Daftar pekerja di wilayah kerja / Workers in the caller's regions",
    description=(
        "Filter seperti layar Daftar Pekerja, halaman kunci (`after`/`before`). NIK tersamar untuk peran "
        "tanpa akses data pribadi; pemantau tidak mendapat data per orang (403). / The registry screen's "
        "filters, keyset pages. NIKs masked for roles without access to personal data; viewers get no "
        "person-level data (403)."
    ),
    examples=[
        OpenApiExample(
            "Satu halaman / One page",
            value={
                "next": None,
                "previous": None,
                "results": [dict(WORKER_EXAMPLE, nik="1302********0001", masked=True)],
            },
            response_only=True,
        )
    ],
    parameters=[
        OpenApiParameter("q", str),
        OpenApiParameter("region", str),
        OpenApiParameter("occupation", str),
        OpenApiParameter("decile", int),
        OpenApiParameter(
            "nik_origin", str, description="'luar': only NIKs issued outside the regency of residence"
        ),
        OpenApiParameter("after", str, description="the `next` cursor of the previous page (opaque)"),
        OpenApiParameter("before", str, description="the `previous` cursor of the following page (opaque)"),
        OpenApiParameter("page_size", int, description="1 to 500, default 50"),
    ],
    responses=page_of(WorkerViewSerializer),
    operation_id="v1_workers_list",
)
@extend_schema(
    methods=["POST"],
    summary="Daftarkan pekerja / Register a worker",
    description=(
        "Aturan yang sama dengan layar: NIK diperiksa, satu NIK satu pekerja, desa di wilayah kerja, dicatat "
        "di jejak audit. Kirim `Idempotency-Key` agar pengulangan aman. / The screen's rules: NIK checked, "
        "one worker per NIK, village inside the caller's regions, audited. Send `Idempotency-Key` to retry "
        "safely."
    ),
    request=WorkerInputSerializer,
    responses={201: WorkerViewSerializer},
    examples=[
        WORKER_INPUT_EXAMPLE,
        OpenApiExample("Tersimpan / Saved", value=WORKER_EXAMPLE, response_only=True, status_codes=["201"]),
    ],
)
@api_view(["GET", "POST"])
@idempotent
def worker_list(request):
    if request.method == "POST":
        return _save_worker(request, worker=None)
    _require_people(request.user)
    filters = WorkerFilters.from_params(request.query_params)
    page = worker_page(
        request,
        search_workers(request.user, filters).select_related("village", "occupation"),
        selective=bool(filters.query),
        walks=regency_walks(request.user, filters),
    )
    views = [asdict(present_worker(worker, request.user)) for worker in page.items]
    return paginated_response(request, page, WorkerViewSerializer(views, many=True).data)


@extend_schema(
    methods=["GET"],
    summary="Satu pekerja, data lengkap / One worker in full",
    description=(
        "NIK, HP dan KK lengkap untuk peran yang berhak; setiap tampilan NIK lengkap dicatat (siapa, siapa, "
        "kapan, API). Di luar wilayah kerja: 404 seperti yang tidak ada. / Full NIK, phone and KK for the "
        "roles that need them; every full-NIK view is logged. Outside the caller's regions: 404, as missing."
    ),
    responses=WorkerViewSerializer,
    examples=[OpenApiExample("Pekerja / Worker", value=WORKER_EXAMPLE, response_only=True)],
)
@extend_schema(
    methods=["PUT"],
    summary="Ubah data pekerja / Update a worker",
    description=(
        "Seluruh isian dikirim; aturan dan audit sama dengan layar. / Every field is sent; the screen's "
        "rules and audit."
    ),
    request=WorkerInputSerializer,
    responses=WorkerViewSerializer,
    examples=[
        WORKER_INPUT_EXAMPLE,
        OpenApiExample("Tersimpan / Saved", value=WORKER_EXAMPLE, response_only=True),
    ],
)
@api_view(["GET", "PUT"])
def worker_detail(request, worker_id: int):
    _require_people(request.user)
    try:
        worker = get_worker_for_user(request.user, worker_id)
    except NotVisible as exc:
        raise NotFound from exc
    if request.method == "PUT":
        return _save_worker(request, worker=worker)
    view = reveal_worker(worker, request.user, channel=Channel.API, where=request.path)
    return Response(WorkerViewSerializer(asdict(view)).data)


def _require_people(user) -> None:
    """Roles that see aggregates only get no person by the API either (the same answer for any id)."""
    if not user.sees_personal_data:
        raise PermissionDenied(_("Peran Anda hanya melihat angka ringkasan, tanpa data per orang."))


def _save_worker(request, *, worker):
    if not request.user.edits_workers:
        raise PermissionDenied(_("Peran Anda tidak boleh mengubah data pekerja."))
    serializer = WorkerInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = WorkerInput(**serializer.validated_data)
    try:
        if worker is None:
            saved = worker_register(actor=request.user, data=data, source=Source.API)
        else:
            saved = worker_update(actor=request.user, worker=worker, data=data, source=Source.API)
    except WorkerInvalid as invalid:
        return Response(_problems(invalid), status=status.HTTP_400_BAD_REQUEST)
    except DjangoPermissionDenied as exc:
        raise PermissionDenied from exc
    saved = get_worker_for_user(request.user, saved.pk)
    view = reveal_worker(saved, request.user, channel=Channel.API, where=request.path)
    return Response(
        WorkerViewSerializer(asdict(view)).data,
        status=status.HTTP_201_CREATED if worker is None else status.HTTP_200_OK,
    )
