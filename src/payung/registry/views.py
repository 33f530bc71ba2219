import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from payung.accounts.scope import NotVisible
from payung.audit.presenters import change_lines
from payung.audit.services import accesses_of_worker, history_of
from payung.audit.views import export_purpose, purpose_page
from payung.lib import dates
from payung.regions.models import Region

from .exports import export_workers_xlsx
from .forms import WorkerForm, initial_from_worker
from .models import Occupation, Worker
from .paging import keyset_page
from .presenters import present_worker, reveal_worker
from .sections import worker_sections
from .selectors import WorkerFilters, get_worker_for_user, regency_walks, search_workers
from .services import WorkerInvalid, worker_register, worker_update
from .summary import registry_breakdowns
from .transfers import REGISTERED_ELSEWHERE
from .validation import nik_origin_notice

HISTORY_ROWS = 100


def _filters(request) -> WorkerFilters:
    return WorkerFilters.from_params(request.GET)


def _worker_summary(request, filters: WorkerFilters):
    """Roles that see aggregates only get counts, never a person (UU 27/2022; small counts suppressed)."""
    total, breakdowns = registry_breakdowns(
        request.user,
        filters,
        {"district": _("Per kecamatan"), "occupation": _("Per pekerjaan"), "decile": _("Per desil DTSEN")},
    )
    return render(
        request,
        "registry/worker_summary.html",
        {
            "total": total,
            "breakdowns": breakdowns,
            "filters": filters,
            "filter_region": Region.objects.filter(code=filters.region).first() if filters.region else None,
            "occupations": Occupation.objects.all(),
        },
    )


@login_required
def worker_list(request):
    filters = _filters(request)
    if not request.user.sees_personal_data:
        return _worker_summary(request, filters)
    page = keyset_page(
        search_workers(request.user, filters).select_related("village", "occupation"),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
        selective=bool(filters.query),
        walks=regency_walks(request.user, filters),
    )
    context = {
        "page": page,
        "workers": [present_worker(w, request.user) for w in page.items],
        "filters": filters,
        "filter_region": Region.objects.filter(code=filters.region).first() if filters.region else None,
        "occupations": Occupation.objects.all(),
        "deciles": range(1, 11),
        "query_string": request.GET.copy(),
    }
    template = (
        "registry/_worker_rows.html" if request.headers.get("HX-Request") else "registry/worker_list.html"
    )
    return render(request, template, context)


@login_required
def worker_export(request):
    if not request.user.sees_personal_data:
        raise PermissionDenied
    purpose, form = export_purpose(request)
    if purpose is None:
        return purpose_page(request, form, title=_("Unduh daftar pekerja"))
    workers = search_workers(request.user, _filters(request))
    path = export_workers_xlsx(workers, request.user, purpose=purpose)
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 - closed by FileResponse
        as_attachment=True,
        filename=f"pekerja-{dates.today():%Y%m%d}.xlsx",
    )
    os.unlink(path)  # the open handle keeps the data readable until the response is sent
    return response


def _worker_or_404(request, worker_id: int):
    try:
        return get_worker_for_user(request.user, worker_id)
    except NotVisible:
        raise Http404 from None


@login_required
def worker_detail(request, worker_id: int):
    worker = _worker_or_404(request, worker_id)
    if not request.user.sees_personal_data:
        raise PermissionDenied
    view = reveal_worker(worker, request.user, where=request.path)
    history = list(history_of("worker", worker.pk)[:HISTORY_ROWS])
    lines = change_lines(Worker, history)
    for event in history:
        event.labelled_changes = [(line.label, line.old, line.new) for line in lines[event.pk]]
        event.subject = ""
    # Apps above the registry add their sections (the memberships) and their rows of the history.
    sections = worker_sections(request.user, worker)
    history = sorted(
        [*history, *(event for section in sections for event in section.history)],
        key=lambda event: (event.at, event.pk),
        reverse=True,
    )[:HISTORY_ROWS]
    return render(
        request,
        "registry/worker_detail.html",
        {
            "worker": view,
            "sections": sections,
            "history": history,
            "looked": accesses_of_worker(worker.pk)[:50],
            "can_edit": request.user.edits_workers,
        },
    )


def _nik_notices(invalid: WorkerInvalid) -> list:
    # A NIK with an error (wrong, or registered elsewhere) gets its error only.
    return [] if "nik" in invalid.check.errors else invalid.check.warnings.get("nik", [])


def _transfer_offer(invalid: WorkerInvalid, form: WorkerForm) -> dict | None:
    """After the elsewhere answer: what the transfer request form needs (the NIK and village typed)."""
    if not any(p.code == REGISTERED_ELSEWHERE for p in invalid.check.errors.get("nik", [])):
        return None
    return {"nik": form.cleaned_data["nik"], "village_code": form.cleaned_data["village_code"]}


def _tell_nik_origin(request, worker: Worker) -> None:
    notice = nik_origin_notice(worker.nik, worker.village_id)
    if notice is not None:
        messages.warning(request, notice.message)


@login_required
def worker_create(request):
    if not request.user.edits_workers:
        raise PermissionDenied
    form = WorkerForm(request.POST or None)
    notices, offer = [], None
    if request.method == "POST" and form.is_valid():
        try:
            worker = worker_register(actor=request.user, data=form.to_input())
        except WorkerInvalid as invalid:
            offer = _transfer_offer(invalid, form)
            form.add_check_errors(invalid.check)
            notices = _nik_notices(invalid)
        else:
            messages.success(request, _("Pekerja %(name)s tersimpan.") % {"name": worker.name})
            _tell_nik_origin(request, worker)
            return redirect("registry:detail", worker_id=worker.pk)
    context = {"form": form, "worker": None, "nik_notices": notices, "transfer_offer": offer}
    return render(request, "registry/worker_form.html", context)


@login_required
def worker_edit(request, worker_id: int):
    worker = _worker_or_404(request, worker_id)
    if not request.user.edits_workers:
        raise PermissionDenied
    form = WorkerForm(request.POST or None, initial=initial_from_worker(worker))
    notice = nik_origin_notice(worker.nik, worker.village_id)
    notices = [notice] if notice is not None else []
    offer = None
    if request.method == "POST" and form.is_valid():
        try:
            worker_update(actor=request.user, worker=worker, data=form.to_input())
        except WorkerInvalid as invalid:
            offer = _transfer_offer(invalid, form)
            form.add_check_errors(invalid.check)
            notices = _nik_notices(invalid)
        else:
            messages.success(request, _("Perubahan tersimpan."))
            _tell_nik_origin(request, worker)
            return redirect("registry:detail", worker_id=worker.pk)
    context = {"form": form, "worker": worker, "nik_notices": notices, "transfer_offer": offer}
    return render(request, "registry/worker_form.html", context)
