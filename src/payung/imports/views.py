"""Import pages: upload, check, choose the header row, map columns, confirm, follow progress, history.

Thin: services do the work.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from payung.accounts.scope import NotVisible, scope_for
from payung.audit.views import export_purpose, file_response, purpose_page
from payung.lib import dates
from payung.regions.models import Level, Region

from .forms import ColumnsForm, HeaderRowForm, UploadForm, VillageForm
from .models import ColumnMapping, Status
from .running import max_upload_bytes
from .selectors import get_job_for_user, jobs_visible_to
from .services import (
    ImportRefused,
    column_mapping_save,
    import_job_cancel,
    import_job_check_alive,
    import_job_choose_header,
    import_job_choose_village,
    import_job_confirm,
    import_job_create,
    import_job_recheck,
    import_job_retry,
    own_regency,
)
from .village_export import export_opensid, export_plain, programmes, village_for_user


def _job(request, job_id: int):
    try:
        return get_job_for_user(request.user, job_id)
    except NotVisible:
        raise Http404 from None


def _districts(user):
    return scope_for(user).filter_regions(Region.objects.filter(level=Level.DISTRICT)).order_by("code")


def _villages(user):
    return scope_for(user).filter_regions(Region.objects.filter(level=Level.VILLAGE)).order_by("code")


def _mapped_headers(job) -> tuple[list[str], dict[str, str]]:
    """Headers the page offers a field picker for: unrecognised ones, then those a known layout mapped
    (the operator may override them), and the field each one holds now."""
    layout = job.layout or {}
    headers = [item["header"] for item in layout.get("unrecognised", [])]
    current: dict[str, str] = {}
    for item in (layout.get("recognised") or {}).get("mappings", []):
        if item["header"] not in headers:
            headers.append(item["header"])
            current[item["header"]] = item["field"]
    return headers, current


class UploadLimit(FileUploadHandler):
    """Stops taking an uploaded file once it passes the import's limit: nothing of it is written anywhere
    (the rest of the request is read and dropped, so the page can answer)."""

    def __init__(self, limit: int, request=None) -> None:
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@csrf_exempt  # the upload limit must be in place before the CSRF check reads the body; checked below
@login_required
def import_start(request):
    limit = max_upload_bytes()
    upload_limit = UploadLimit(limit, request)
    request.upload_handlers.insert(0, upload_limit)
    return _import_start(request, upload_limit)


@csrf_protect
def _import_start(request, upload_limit: UploadLimit):
    if not request.user.edits_workers:
        raise PermissionDenied
    districts = _districts(request.user)
    posted = request.method == "POST"  # bound even when the limit left nothing of the upload
    form = UploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        districts=districts,
        villages=_villages(request.user),
    )
    if posted and (upload_limit.exceeded or form.is_valid()):
        upload = None if upload_limit.exceeded else form.cleaned_data["file"]
        limit = upload_limit.limit
        if upload is None or upload.size > limit:
            form.errors.clear()
            form.add_error(
                "file", _("Berkas terlalu besar: batasnya %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
            )
            return render(
                request, "imports/start.html", {"form": form, "recent": jobs_visible_to(request.user)[:5]}
            )
        try:
            job = import_job_create(
                actor=request.user,
                file=upload,
                name=upload.name,
                district_code=form.cleaned_data["district"] or None,
                village_code=form.cleaned_data["village"] or None,
                include_minors=form.cleaned_data["include_minors"],
                include_elderly=form.cleaned_data["include_elderly"],
                valid_only=form.cleaned_data["valid_only"],
            )
        except ImportRefused as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("imports:detail", job_id=job.pk)
    recent = jobs_visible_to(request.user)[:5]
    context = {"form": form, "recent": recent, "own_regency": own_regency(request.user)}
    return render(request, "imports/start.html", context)


def _status_context(request, job):
    job = import_job_check_alive(job)
    unrecognised, current = _mapped_headers(job)
    remembered = current | dict(
        ColumnMapping.objects.filter(user=request.user, header__in=unrecognised).values_list(
            "header", "field"
        )
    )
    return {
        "recognised": (job.layout or {}).get("recognised"),
        "endings": (job.layout or {}).get("endings") or [],
        "village_form": VillageForm(villages=_villages(request.user), initial={"village": job.village_id})
        if job.status == Status.FAILED and job.file_error_code == "no_village_column"
        else None,
        "job": job,
        "percent": job.progress,
        "phase": job.phase or job.get_status_display(),
        "columns_form": ColumnsForm(headers=unrecognised, initial_fields=remembered)
        if unrecognised
        else None,
        "header_form": _header_form(job),
        "errors": job.errors[:200],
        "warnings": job.warning_list[:100],
        "more_errors": max(0, job.invalid and len(job.errors) - 200),
    }


# Jobs whose file may be read again with another header row.
HEADER_CHOICE_STATUSES = (Status.CHECKED, Status.REJECTED, Status.FAILED)


def _header_form(job) -> HeaderRowForm | None:
    candidates = (job.layout or {}).get("candidates")
    if job.status not in HEADER_CHOICE_STATUSES or not candidates:
        return None
    return HeaderRowForm(candidates=candidates, initial={"header_row": job.header_row})


@login_required
def import_detail(request, job_id: int):
    job = _job(request, job_id)
    return render(request, "imports/detail.html", _status_context(request, job))


@login_required
def import_status(request, job_id: int):
    job = _job(request, job_id)
    return render(request, "imports/_status.html", _status_context(request, job))


@login_required
@require_POST
def import_columns(request, job_id: int):
    job = _job(request, job_id)
    unrecognised, current = _mapped_headers(job)
    form = ColumnsForm(request.POST, headers=unrecognised)
    if form.is_valid():
        # A column of a known layout left as it was is not remembered: only the operator's overrides are.
        changed = {h: f for h, f in form.mapping().items() if h not in current or current[h] != f}
        try:
            column_mapping_save(actor=request.user, mapping=changed)
            import_job_recheck(actor=request.user, job=job)
        except ImportRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Pemetaan kolom disimpan dan dipakai untuk berkas Anda berikutnya."))
    return redirect("imports:detail", job_id=job.pk)


@login_required
@require_POST
def import_header_row(request, job_id: int):
    job = _job(request, job_id)
    form = HeaderRowForm(request.POST)
    if not form.is_valid():
        for error in form.errors["header_row"]:
            messages.error(request, error)
        return redirect("imports:detail", job_id=job.pk)
    header_row = form.cleaned_data["header_row"]
    try:
        import_job_choose_header(actor=request.user, job=job, header_row=header_row)
    except ImportRefused as exc:
        messages.error(request, str(exc))
    else:
        # Info, not success: the check runs in the background and may still fail (shown below it).
        if header_row is None:
            messages.info(request, _("Berkas diperiksa lagi; Payung mencari sendiri baris judul kolomnya."))
        else:
            messages.info(
                request,
                _("Berkas diperiksa lagi dengan baris %(row)d sebagai judul kolom.") % {"row": header_row},
            )
    return redirect("imports:detail", job_id=job.pk)


@login_required
@require_POST
def import_village(request, job_id: int):
    job = _job(request, job_id)
    form = VillageForm(request.POST, villages=_villages(request.user))
    if not form.is_valid():
        messages.error(request, _("Pilih desa dari daftar."))
        return redirect("imports:detail", job_id=job.pk)
    try:
        import_job_choose_village(actor=request.user, job=job, village_code=form.cleaned_data["village"])
    except ImportRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.info(request, _("Berkas diperiksa lagi untuk desa yang dipilih."))
    return redirect("imports:detail", job_id=job.pk)


def _act(request, job_id: int, action, **options):
    """Run a service on the job; a refusal becomes a message on the job's page."""
    job = _job(request, job_id)
    try:
        action(actor=request.user, job=job, **options)
    except ImportRefused as exc:
        messages.error(request, str(exc))
    return redirect("imports:detail", job_id=job.pk)


@login_required
@require_POST
def import_confirm(request, job_id: int):
    return _act(request, job_id, import_job_confirm, valid_only=request.POST.get("valid_only") == "1")


@login_required
@require_POST
def import_cancel(request, job_id: int):
    job = _job(request, job_id)
    try:
        import_job_cancel(actor=request.user, job=job)
    except ImportRefused as exc:
        messages.warning(request, str(exc))
    else:
        messages.info(request, _("Permintaan pembatalan dikirim; tidak ada data yang disimpan."))
    return redirect("imports:detail", job_id=job.pk)


@login_required
@require_POST
def import_retry(request, job_id: int):
    return _act(request, job_id, import_job_retry)


@login_required
def import_report(request, job_id: int):
    job = _job(request, job_id)
    if not job.error_report:
        raise Http404
    return FileResponse(
        job.error_report.open("rb"), as_attachment=True, filename=job.error_report.name.rsplit("/", 1)[-1]
    )


@login_required
def import_original(request, job_id: int):
    job = _job(request, job_id)
    if not job.file:  # refused at once, or past the retention (payung purge_uploads)
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.original_name)


@login_required
def import_history(request):
    jobs = jobs_visible_to(request.user)[:200]
    return render(request, "imports/history.html", {"jobs": jobs})


# ---------------------------------------------------------------- coverage back to the village


def _village(request, code: str):
    try:
        return village_for_user(request.user, code)
    except NotVisible:
        raise Http404 from None


@login_required
def village_coverage(request, code: str):
    """A village's protected people per programme, downloadable for its OpenSID or as a plain XLSX."""
    village = _village(request, code)
    context = {"village": village, "programmes": programmes(village, dates.today())}
    return render(request, "imports/village_coverage.html", context)


@login_required
def village_coverage_download(request, code: str, kind: str, programme: str):
    village = _village(request, code)
    today = dates.today()
    chosen = next((p for p in programmes(village, today) if p.key == programme), None)
    if chosen is None or kind not in ("opensid", "xlsx"):
        raise Http404
    purpose, form = export_purpose(request)
    if purpose is None:
        return purpose_page(request, form, title=_("Unduh peserta Desa %(name)s") % {"name": village.name})
    if kind == "opensid":
        path = export_opensid(request.user, village, chosen, purpose=purpose, today=today)
        return file_response(path, f"opensid-peserta-{village.code}-{chosen.key}.xlsx")
    path = export_plain(request.user, village, chosen, purpose=purpose, today=today)
    return file_response(path, f"peserta-{village.code}-{chosen.key}.xlsx")
