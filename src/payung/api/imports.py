"""REST API v1: imports of worker lists, the screens' job (imports.services) with its status as JSON.

An upload is checked first, as on the screen (a dry run in the background that writes nothing); the
commit is a second call once the check is done. Both answer 202 with the job and the address to poll.
"""

from __future__ import annotations

from functools import wraps

from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from payung.accounts.scope import NotVisible
from payung.imports.models import Source
from payung.imports.running import max_upload_bytes
from payung.imports.selectors import get_job_for_user, jobs_visible_to
from payung.imports.services import (
    ImportRefused,
    import_job_cancel,
    import_job_check_alive,
    import_job_confirm,
    import_job_create,
)
from payung.imports.views import UploadLimit

from .errors import error_body
from .idempotency import idempotent
from .pagination import id_page_for, page_of, paginated_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The screen shows this many problems of each kind; the report holds every one of them.
SHOWN_ERRORS, SHOWN_WARNINGS = 200, 100
# Which upload field a refusal of the service is about.
REFUSAL_FIELDS = {"district_unknown": "district", "village_unknown": "village"}


class ProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="the row's number in the file")
    column = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()


class ImportJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(
        help_text="queued, checking, checked, importing, done, rejected, failed, cancelled"
    )
    status_label = serializers.CharField(source="state_label")
    dry_run = serializers.BooleanField(
        help_text="true while the job is (or was) the check that writes nothing"
    )
    phase = serializers.CharField()
    progress = serializers.IntegerField(help_text="percent, 0 to 100")
    original_name = serializers.CharField()
    size = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    district = serializers.CharField(source="district_id", allow_null=True)
    village = serializers.CharField(source="village_id", allow_null=True)
    include_minors = serializers.BooleanField()
    include_elderly = serializers.BooleanField()
    valid_only = serializers.BooleanField()
    rows = serializers.IntegerField()
    valid = serializers.IntegerField()
    invalid = serializers.IntegerField()
    new = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    warnings = serializers.IntegerField()
    created = serializers.IntegerField(help_text="workers written (after a commit)")
    written_updates = serializers.IntegerField()
    file_error_code = serializers.CharField()
    file_error = serializers.CharField()
    errors = ProblemSerializer(many=True, help_text=f"the first {SHOWN_ERRORS}; the report holds all")
    warning_list = ProblemSerializer(many=True, help_text=f"the first {SHOWN_WARNINGS}")
    can_commit = serializers.BooleanField(help_text="the screen offers 'Impor sekarang'")
    can_cancel = serializers.BooleanField()
    status_url = serializers.URLField()
    report_url = serializers.URLField(allow_null=True)


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="the worker list: .xlsx, .xls, .ods or .csv")
    district = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="district code, when villages are written by name",
    )
    village = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="village code for a file without a village column (an OpenSID export)",
    )
    include_minors = serializers.BooleanField(required=False, default=False)
    include_elderly = serializers.BooleanField(required=False, default=False)
    valid_only = serializers.BooleanField(required=False, default=False)


class ImportCommitSerializer(serializers.Serializer):
    valid_only = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="import only the valid rows, skip the wrong ones",
    )


# The job row's own columns in the answer, as they are.
JOB_FIELDS = (
    "id",
    "status",
    "dry_run",
    "phase",
    "progress",
    "original_name",
    "size",
    "created_at",
    "started_at",
    "finished_at",
    "include_minors",
    "include_elderly",
    "valid_only",
    "rows",
    "valid",
    "invalid",
    "new",
    "updated",
    "unchanged",
    "warnings",
    "created",
    "written_updates",
    "file_error_code",
    "file_error",
)


def _view(request, job) -> dict:
    """The job as the status screen shows it, with the addresses a script follows."""
    status_url = request.build_absolute_uri(reverse("api:import-detail", args=[job.pk]))
    report_url = (
        request.build_absolute_uri(reverse("api:import-report", args=[job.pk])) if job.error_report else None
    )
    return ImportJobSerializer(
        {
            **{field: getattr(job, field) for field in JOB_FIELDS},
            "state_label": str(job.state_label),
            "district_id": job.district_id,
            "village_id": job.village_id,
            "errors": job.errors[:SHOWN_ERRORS],
            "warning_list": job.warning_list[:SHOWN_WARNINGS],
            "can_commit": job.offers_import,
            "can_cancel": _cancellable(job),
            "status_url": status_url,
            "report_url": report_url,
        }
    ).data


def _cancellable(job) -> bool:
    """What the screen offers "Batalkan" for: a job still running, or one whose worker died."""
    return job.running or job.can_retry


def _job(request, job_id: int):
    try:
        return import_job_check_alive(get_job_for_user(request.user, job_id))
    except NotVisible as exc:
        raise NotFound from exc


def _accepted(request, job) -> Response:
    view = _view(request, job)
    return Response(view, status=status.HTTP_202_ACCEPTED, headers={"Location": view["status_url"]})


def _limited_upload(view):
    """The screen's upload limit, in place before anything reads the body: a file past it is dropped
    unread (nothing of it written to disk) and answered 400."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            limit = UploadLimit(max_upload_bytes(), request._request)
            request._request.upload_handlers.insert(0, limit)
            request.upload_limit = limit
        return view(request, *args, **kwargs)

    return wrapper


JOB_EXAMPLE = {
    "id": 41,
    "status": "checked",
    "status_label": "Ada baris salah",
    "dry_run": True,
    "phase": "",
    "progress": 100,
    "original_name": "daftar-talang.xlsx",
    "size": 18_204,
    "created_at": "2026-12-02T09:14:03+07:00",
    "started_at": "2026-12-02T09:14:04+07:00",
    "finished_at": "2026-12-02T09:14:06+07:00",
    "district": None,
    "village": None,
    "include_minors": False,
    "include_elderly": False,
    "valid_only": False,
    "rows": 120,
    "valid": 118,
    "invalid": 2,
    "new": 110,
    "updated": 8,
    "unchanged": 0,
    "warnings": 1,
    "created": 0,
    "written_updates": 0,
    "file_error_code": "",
    "file_error": "",
    "errors": [{"row": 17, "column": "JK", "code": "sex_unknown", "message": "Jenis kelamin tidak dikenali"}],
    "warning_list": [],
    "can_commit": True,
    "can_cancel": False,
    "status_url": "https://payung.example.go.id/api/v1/imports/41/",
    "report_url": "https://payung.example.go.id/api/v1/imports/41/report/",
}
QUEUED_EXAMPLE = {
    **JOB_EXAMPLE,
    "status": "queued",
    "status_label": "Menunggu",
    "progress": 0,
    "started_at": None,
    "finished_at": None,
    **dict.fromkeys(("rows", "valid", "invalid", "new", "updated", "warnings"), 0),
    "errors": [],
    "can_commit": False,
    "can_cancel": True,
    "report_url": None,
}


@extend_schema(
    methods=["GET"],
    summary="Impor berkas saya / My imports",
    description=(
        "Berkas yang diunggah pemanggil, seperti layar Riwayat Impor, urut nomor (yang lama lebih dulu), "
        "halaman kunci (`after`/`before`). Peran yang tidak mengimpor mendapat daftar kosong. / The caller's "
        "uploaded files, as the import history screen, by id (oldest first), keyset pages (`after`/`before`). "
        "Roles that do not import get an empty list."
    ),
    parameters=[
        OpenApiParameter("after", str, description="the `next` cursor of the previous page (opaque)"),
        OpenApiParameter("before", str, description="the `previous` cursor of the following page (opaque)"),
        OpenApiParameter("page_size", int, description="1 to 500, default 50"),
    ],
    responses=page_of(ImportJobSerializer),
    examples=[
        OpenApiExample(
            "Satu halaman / One page",
            value={"next": None, "previous": None, "results": [JOB_EXAMPLE]},
            response_only=True,
        )
    ],
    operation_id="v1_imports_list",
)
@extend_schema(
    methods=["POST"],
    summary="Unggah daftar pekerja / Upload a worker list",
    description=(
        "multipart/form-data dengan `file` (.xlsx, .xls, .ods, .csv; paling besar PAYUNG_MAX_UPLOAD_MB). "
        "Seperti layar Impor: berkas diperiksa dulu di latar belakang tanpa menyimpan apa pun (uji coba); "
        "jawabannya 202 dengan pekerjaan dan alamat statusnya (`status_url`, juga header Location). Setelah "
        "diperiksa, impor dengan POST `commit/`. Kirim `Idempotency-Key` agar pengulangan aman. / "
        "multipart/form-data with `file`. As on the import screen the file is first checked in the "
        "background and nothing is saved (a dry run); the answer is 202 with the job and its status "
        "address (`status_url`, also the Location header). Once checked, import it with POST `commit/`. "
        "Send `Idempotency-Key` to retry safely."
    ),
    request={"multipart/form-data": ImportUploadSerializer},
    responses={202: ImportJobSerializer},
    examples=[
        OpenApiExample("Diterima / Accepted", value=QUEUED_EXAMPLE, response_only=True, status_codes=["202"])
    ],
)
@api_view(["GET", "POST"])
@_limited_upload
@idempotent
def import_list(request):
    if request.method == "POST":
        return _upload(request)
    page = id_page_for(request, jobs_visible_to(request.user))
    return paginated_response(request, page, [_view(request, job) for job in page.items])


def _upload(request):
    limit: UploadLimit = request.upload_limit
    too_large = error_body(
        "invalid",
        _("Periksa isian yang ditandai."),
        {
            "file": [
                {
                    "code": "file_too_large",
                    "message": _("Berkas terlalu besar: batasnya %(mb)d MB.")
                    % {"mb": limit.limit // (1024 * 1024)},
                }
            ]
        },
    )
    posted = request.data  # parsed here, through the limit
    if limit.exceeded:
        return Response(too_large, status=status.HTTP_400_BAD_REQUEST)
    serializer = ImportUploadSerializer(data=posted)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    upload = data["file"]
    if upload.size > limit.limit:
        return Response(too_large, status=status.HTTP_400_BAD_REQUEST)
    try:
        job = import_job_create(
            actor=request.user,
            file=upload,
            name=upload.name,
            district_code=data["district"] or None,
            village_code=data["village"] or None,
            include_minors=data["include_minors"],
            include_elderly=data["include_elderly"],
            valid_only=data["valid_only"],
            source=Source.API,
        )
    except ImportRefused as refused:
        field = REFUSAL_FIELDS.get(refused.code)
        fields = {field: [{"code": refused.code, "message": str(refused)}]} if field else {}
        return Response(error_body("invalid", str(refused), fields), status=status.HTTP_400_BAD_REQUEST)
    job.refresh_from_db()  # the immediate task backend (tests, a small install) has checked it already
    return _accepted(request, job)


@extend_schema(
    summary="Status dan kemajuan impor / An import's status and progress",
    description=(
        "Tanyakan berulang (mis. tiap 2 detik) selama `status` queued, checking atau importing: `phase` dan "
        "`progress` (persen) dari pekerja latar belakang. Setelah diperiksa: jumlah baris, baris salah "
        "(200 pertama; semuanya di `report_url`), `can_commit`. Impor orang lain: 404. / Poll it (every 2 "
        "seconds, say) while `status` is queued, checking or importing: `phase` and `progress` (percent) "
        "from the background worker. Once checked: the counts, the wrong rows (the first 200; all of them "
        "at `report_url`), `can_commit`. Someone else's import: 404."
    ),
    responses=ImportJobSerializer,
    examples=[OpenApiExample("Diperiksa / Checked", value=JOB_EXAMPLE, response_only=True)],
)
@api_view(["GET"])
def import_detail(request, job_id: int):
    return Response(_view(request, _job(request, job_id)))


@extend_schema(
    summary="Laporan pemeriksaan (XLSX) / The check's report (XLSX)",
    description=(
        "Berkas yang sama dengan tombol 'Unduh laporan pemeriksaan' di layar: baris asli dengan kolom "
        "Kesalahan dan Peringatan; perbaiki di sana lalu unggah lagi. 404 bila tidak ada laporan. / The "
        "same file the screen's download offers: the rows as sent with Kesalahan (errors) and Peringatan "
        "(warnings) columns; fix them there and upload it again. 404 when there is no report."
    ),
    responses={
        (200, XLSX): OpenApiResponse(
            response=OpenApiTypes.BINARY,
            description="XLSX",
            examples=[OpenApiExample("Laporan / Report", value="PK\u0003\u0004…", response_only=True)],
        )
    },
    operation_id="v1_imports_report",
)
@api_view(["GET"])
def import_report(request, job_id: int):
    job = _job(request, job_id)
    if not job.error_report:
        raise NotFound
    return FileResponse(
        job.error_report.open("rb"),
        as_attachment=True,
        filename=job.error_report.name.rsplit("/", 1)[-1],
        content_type=XLSX,
    )


@extend_schema(
    summary="Impor berkas yang sudah diperiksa / Commit a checked import",
    description=(
        "Seperti tombol 'Impor sekarang': hanya untuk berkas berstatus checked dengan baris valid; bila ada "
        "baris salah, kirim `valid_only: true` untuk melewatinya. Pemeriksaan diulang terhadap data saat "
        "ini, lalu semua disimpan atau tidak sama sekali. Jawaban 202; tanyakan `status_url`. Belum siap: "
        "409. / As the 'Impor sekarang' button: only for a checked file with valid rows; with wrong rows, "
        "send `valid_only: true` to skip them. The checks run again against the registry as it is now, "
        "then all or nothing is saved. Answers 202; poll `status_url`. Not ready: 409."
    ),
    request=ImportCommitSerializer,
    responses={202: ImportJobSerializer},
    examples=[
        OpenApiExample("Hanya baris valid / Valid rows only", value={"valid_only": True}, request_only=True),
        OpenApiExample(
            "Diterima / Accepted",
            value={**JOB_EXAMPLE, "status": "queued", "dry_run": False, "progress": 0, "can_commit": False},
            response_only=True,
            status_codes=["202"],
        ),
    ],
    operation_id="v1_imports_commit",
)
@api_view(["POST"])
def import_commit(request, job_id: int):
    job = _job(request, job_id)
    serializer = ImportCommitSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        job = import_job_confirm(
            actor=request.user, job=job, valid_only=serializer.validated_data["valid_only"]
        )
    except ImportRefused as refused:
        return Response(error_body("conflict", str(refused)), status=status.HTTP_409_CONFLICT)
    job.refresh_from_db()
    return _accepted(request, job)


@extend_schema(
    summary="Batalkan impor / Cancel an import",
    description=(
        "Seperti tombol 'Batalkan' di layar: untuk berkas yang masih diproses atau yang prosesnya terhenti. "
        "Tidak ada data yang disimpan. Yang sudah selesai: 409. / As the screen's 'Batalkan' button: for a "
        "file still being processed or whose worker stopped. Nothing is saved. One already finished: 409."
    ),
    request=None,
    responses={202: ImportJobSerializer},
    examples=[
        OpenApiExample(
            "Dibatalkan / Cancelled",
            value={
                **QUEUED_EXAMPLE,
                "status": "cancelled",
                "status_label": "Dibatalkan",
                "can_cancel": False,
            },
            response_only=True,
            status_codes=["202"],
        )
    ],
    operation_id="v1_imports_cancel",
)
@api_view(["POST"])
def import_cancel(request, job_id: int):
    job = _job(request, job_id)
    if not _cancellable(job):
        return Response(
            error_body("conflict", _("Impor ini sudah selesai dan tidak dapat dibatalkan.")),
            status=status.HTTP_409_CONFLICT,
        )
    try:
        import_job_cancel(actor=request.user, job=job)
    except ImportRefused as refused:
        return Response(error_body("conflict", str(refused)), status=status.HTTP_409_CONFLICT)
    job.refresh_from_db()
    return _accepted(request, job)
