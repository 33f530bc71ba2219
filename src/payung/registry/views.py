import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.audit.presenters import change_lines
from payung.audit.services import history_of
from payung.regions.models import Region

from .exports import export_workers_xlsx
from .forms import WorkerForm, initial_from_worker
from .models import Occupation, Worker
from .paging import keyset_page
from .presenters import present_worker
from .selectors import WorkerFilters, get_worker_for_user, search_workers
from .services import WorkerInvalid, worker_register, worker_update


def _filters(request) -> WorkerFilters:
    decile = request.GET.get("decile", "")
    return WorkerFilters(
        query=request.GET.get("q", ""),
        region=request.GET.get("region", "").strip(),
        occupation=request.GET.get("occupation", ""),
        decile=int(decile) if decile.isdigit() else None,
    )


@login_required
def worker_list(request):
    filters = _filters(request)
    page = keyset_page(
        search_workers(request.user, filters).select_related("village", "occupation"),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
        selective=bool(filters.query.strip()),
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
    template = "registry/_worker_rows.html" if request.headers.get("HX-Request") else "registry/worker_list.html"
    return render(request, template, context)


@login_required
def worker_export(request):
    workers = search_workers(request.user, _filters(request))
    path = export_workers_xlsx(workers, request.user)
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 - closed by FileResponse
        as_attachment=True,
        filename=f"pekerja-{timezone.localdate():%Y%m%d}.xlsx",
    )
    os.unlink(path)  # the open handle keeps the data readable until the response is sent
    return response


@login_required
def worker_detail(request, worker_id: int):
    worker = get_worker_for_user(request.user, worker_id)
    history = []
    if request.user.sees_personal_data:
        history = list(history_of("worker", worker.pk)[:100])
        lines = change_lines(Worker, history)
        for event in history:
            event.labelled_changes = [(line.label, line.old, line.new) for line in lines[event.pk]]
    return render(
        request,
        "registry/worker_detail.html",
        {"worker": present_worker(worker, request.user), "history": history, "can_edit": request.user.edits_workers},
    )


@login_required
def worker_create(request):
    if not request.user.edits_workers:
        raise PermissionDenied
    form = WorkerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            worker = worker_register(actor=request.user, data=form.to_input())
        except WorkerInvalid as invalid:
            form.add_check_errors(invalid.check)
        else:
            messages.success(request, _("Pekerja %(name)s tersimpan.") % {"name": worker.name})
            return redirect("registry:detail", worker_id=worker.pk)
    return render(request, "registry/worker_form.html", {"form": form, "worker": None})


@login_required
def worker_edit(request, worker_id: int):
    worker = get_worker_for_user(request.user, worker_id)
    if not request.user.edits_workers:
        raise PermissionDenied
    form = WorkerForm(request.POST or None, initial=initial_from_worker(worker))
    if request.method == "POST" and form.is_valid():
        try:
            worker_update(actor=request.user, worker=worker, data=form.to_input())
        except WorkerInvalid as invalid:
            form.add_check_errors(invalid.check)
        else:
            messages.success(request, _("Perubahan tersimpan."))
            return redirect("registry:detail", worker_id=worker.pk)
    return render(request, "registry/worker_form.html", {"form": form, "worker": worker})
