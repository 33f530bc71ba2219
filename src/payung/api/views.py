"""REST API v1: regions (public tree) and workers (region-scoped, masked per role)."""

from __future__ import annotations

from dataclasses import asdict

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from payung.accounts.scope import NotVisible
from payung.audit.models import Channel, Source
from payung.regions.models import Region
from payung.regions.selectors import search_regions
from payung.registry.presenters import present_worker, reveal_worker
from payung.registry.selectors import WorkerFilters, get_worker_for_user, search_workers
from payung.registry.services import WorkerInvalid, worker_register, worker_update
from payung.registry.validation import WorkerInput

from .errors import error_body
from .idempotency import idempotent
from .pagination import paginated_response, worker_page
from .serializers import RegionSerializer, WorkerInputSerializer, WorkerViewSerializer


def _problems(invalid: WorkerInvalid) -> dict:
    """The registry's refusal in the API's error shape (api.errors), with the registry's codes."""
    fields = {
        field: [{"code": problem.code, "message": problem.message} for problem in problems]
        for field, problems in invalid.check.errors.items()
    }
    return error_body("invalid", _("Periksa isian yang ditandai."), fields)


@extend_schema(
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


@extend_schema(responses=RegionSerializer)
@api_view(["GET"])
def region_detail(request, code: str):
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFound
    return Response(RegionSerializer(region).data)


@extend_schema(
    methods=["GET"],
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
    responses=WorkerViewSerializer(many=True),
)
@extend_schema(methods=["POST"], request=WorkerInputSerializer, responses={201: WorkerViewSerializer})
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
    )
    views = [asdict(present_worker(worker, request.user)) for worker in page.items]
    return paginated_response(request, page, WorkerViewSerializer(views, many=True).data)


@extend_schema(methods=["GET"], responses=WorkerViewSerializer)
@extend_schema(methods=["PUT"], request=WorkerInputSerializer, responses=WorkerViewSerializer)
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
