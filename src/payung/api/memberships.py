"""REST API v1: the members of a funding scheme and the hand-off with the BPJS branch.

As api/schemes.py: the scheme access helper decides what the caller sees (404 outside its regions), and every
write is the screen's service (`schemes.services.memberships`, `schemes.branch`) with `Source.API` for the
trail. Each member's planned cost carries the regulations that priced it (`rule_source`).
"""

from __future__ import annotations

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
from payung.lib.nik import normalize_nik
from payung.registry.presenters import present_worker
from payung.registry.selectors import workers_visible_to
from payung.rules import Month
from payung.schemes.access import membership_for_user
from payung.schemes.branch import AnswerFileInvalid, answer_apply, export_registration_xlsx
from payung.schemes.models import JobKind, MembershipStatus
from payung.schemes.pricing import Pricer, months_between, terms_of
from payung.schemes.selectors import scheme_memberships_for_user
from payung.schemes.services.memberships import (
    MembershipConflict,
    MembershipIneligible,
    MembershipInvalid,
    membership_propose,
    membership_remove,
    memberships_submit,
)
from payung.schemes.xlsx import file_response

from .idempotency import idempotent
from .lifecycle_jobs import ACCEPTED_EXAMPLE, LifecycleJobSerializer, in_background
from .pagination import id_page_for, page_of, paginated_response
from .scheme_examples import ANSWER_EXAMPLE, MEMBERSHIP_EXAMPLE
from .scheme_serializers import (
    AnswerReportSerializer,
    AnswerUploadSerializer,
    MembershipSerializer,
    ProposeSerializer,
    SubmittedSerializer,
)
from .schemes import (
    ERROR,
    PAGE_PARAMETERS,
    priced_by,
    refusal,
    require_people,
    scheme_or_404,
)

MAX_UPLOAD = 20 * 1024 * 1024  # as the answer screen
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
                "rule_source": priced_by(
                    pricer, months, transport=occupation.transport, risk_class=occupation.risk_class
                ),
                "rejection_reason": m.rejection_reason,
                "created_at": m.created_at,
            }
        )
    return rows


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
    access = scheme_or_404(request, scheme_id)
    if request.method == "POST":
        return _propose(request, access)
    require_people(request.user)
    memberships = scheme_memberships_for_user(request.user, access.scheme)
    wanted = request.query_params.get("status", "")
    if wanted:
        if wanted not in MembershipStatus.values:
            raise ValidationError({"status": _("Status kepesertaan tidak dikenal.")})
        memberships = memberships.filter(status=wanted)
    page = id_page_for(request, memberships)
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
        return refusal(message, code="not_in_registry", field=field)
    try:
        membership = membership_propose(
            actor=request.user,
            scheme=access.scheme,
            worker=worker,
            reason=serializer.validated_data["reason"],
            source=Source.API,
        )
    except MembershipIneligible as error:
        return refusal(error, code="outside_criteria", field="reason")
    except MembershipConflict as error:
        return refusal(error, code="already_covered")
    except MembershipInvalid as error:
        return refusal(error)
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
    access = scheme_or_404(request, scheme_id)
    try:
        membership = membership_for_user(request.user, access, membership_id).membership
    except NotVisible as exc:
        raise NotFound from exc
    try:
        membership_remove(actor=request.user, membership=membership, source=Source.API)
    except MembershipInvalid as error:
        return refusal(error)
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    summary="Ajukan usulan ke BPJS / Submit the proposals to BPJS",
    description=(
        "Admin yang mengelola skema: semua usulan skema yang disetujui menjadi diajukan, seperti di layar. "
        "Belum disetujui: 409. / The managing admins: every proposal of an approved scheme becomes "
        "submitted, as on the screen. Not approved yet: 409."
    ),
    request=None,
    responses={200: SubmittedSerializer, 202: LifecycleJobSerializer},
    examples=[
        OpenApiExample("Diajukan / Submitted", value={"submitted": 24}, response_only=True),
        ACCEPTED_EXAMPLE,
    ],
    operation_id="v1_schemes_memberships_submit",
)
@api_view(["POST"])
def memberships_submit_view(request, scheme_id: int):
    access = scheme_or_404(request, scheme_id)
    accepted = in_background(request, access, JobKind.SUBMIT) if access.can_manage else None
    if accepted is not None:
        return accepted
    try:
        count = memberships_submit(actor=request.user, scheme=access.scheme, source=Source.API)
    except MembershipInvalid as error:
        return refusal(error)
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
    access = scheme_or_404(request, scheme_id)
    if not access.can_exchange_with_bpjs:
        raise PermissionDenied(_("Peran Anda tidak boleh mengunduh berkas pendaftaran kolektif."))
    form = PurposeForm(request.query_params)  # the screens' purpose check, the same rule
    if not form.is_valid():
        raise DjangoValidationError(form.errors.as_data())
    scheme = access.scheme
    memberships = scheme_memberships_for_user(request.user, scheme).filter(status=MembershipStatus.SUBMITTED)
    path = export_registration_xlsx(scheme, memberships, request.user, purpose=form.cleaned_data["purpose"])
    return file_response(path, f"pendaftaran-kolektif-{scheme.pk}-{dates.today():%Y%m%d}.xlsx")


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
    responses={200: AnswerReportSerializer, 202: LifecycleJobSerializer},
    examples=[
        OpenApiExample("Diterapkan / Applied", value=ANSWER_EXAMPLE, response_only=True),
        ACCEPTED_EXAMPLE,
    ],
    operation_id="v1_schemes_answer_file",
)
@api_view(["POST"])
@parser_classes([MultiPartParser, FormParser])
def answer_file(request, scheme_id: int):
    access = scheme_or_404(request, scheme_id)
    if not access.can_exchange_with_bpjs:
        raise PermissionDenied(
            _("Hanya admin kabupaten/kota atau petugas BPJS wilayah ini yang boleh mengimpor jawaban.")
        )
    serializer = AnswerUploadSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    upload = serializer.validated_data["file"]
    if upload.size > MAX_UPLOAD:
        return refusal(_("Berkas terlalu besar (maksimal 20 MB)."), code="too_large", field="file")
    accepted = in_background(
        request, access, JobKind.ANSWER, {"dry_run": serializer.validated_data["dry_run"]}, upload.read()
    )
    if accepted is not None:
        return accepted
    upload.seek(0)
    try:
        report = answer_apply(
            actor=request.user,
            scheme=access.scheme,
            data=upload.read(),
            dry_run=serializer.validated_data["dry_run"],
        )
    except AnswerFileInvalid as error:
        return refusal(error, code="unreadable", field="file")
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
