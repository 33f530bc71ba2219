"""Transfer requests: asked from the worker form, decided by the regency admin where the person is
registered; the same page shows that admin who got the "registered elsewhere" answer often. Thin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from payung.accounts.models import Role
from payung.accounts.scope import NotVisible, scope_for
from payung.lib.masking import mask_nik

from .transfers import (
    TransferRefused,
    elsewhere_answer_counts,
    get_transfer_for_user,
    probe_threshold,
    probe_window_days,
    transfer_request_create,
    transfer_request_decide,
    transfers_visible_to,
)


def _decides(user) -> bool:
    return user.is_superuser or user.role == Role.REGENCY_ADMIN


@login_required
def transfer_list(request):
    if not (request.user.edits_workers or _decides(request.user)):
        raise PermissionDenied
    scope = scope_for(request.user)
    requests = list(transfers_visible_to(request.user)[:200])
    for transfer in requests:
        # The requester typed the NIK but may not see the person until the move: masked, no name.
        visible = request.user.sees_personal_data and scope.contains(transfer.worker.village_id)
        transfer.shown_nik = transfer.worker.nik if visible else mask_nik(transfer.worker.nik)
        transfer.shown_name = transfer.worker.name if visible else ""
    mine = [t for t in requests if t.requested_by_id == request.user.pk]
    to_decide = [t for t in requests if t.requested_by_id != request.user.pk]
    context = {
        "mine": mine,
        "to_decide": to_decide,
        "decides": _decides(request.user),
        "probes": elsewhere_answer_counts(request.user) if _decides(request.user) else [],
        "probe_days": probe_window_days(),
        "probe_threshold": probe_threshold(),
    }
    return render(request, "registry/transfer_list.html", context)


@login_required
@require_POST
def transfer_create(request):
    try:
        transfer_request_create(
            actor=request.user,
            nik=request.POST.get("nik", ""),
            village_code=request.POST.get("village_code", ""),
            note=request.POST.get("note", ""),
        )
    except TransferRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("Permintaan pindah terkirim ke admin kabupaten/kota tempat orang ini terdaftar.")
        )
    return redirect("registry:transfers")


@login_required
@require_POST
def transfer_decide(request, transfer_id: int):
    try:
        transfer = get_transfer_for_user(request.user, transfer_id)
    except NotVisible:
        raise Http404 from None
    try:
        transfer_request_decide(
            actor=request.user,
            transfer=transfer,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
        )
    except TransferRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Keputusan tersimpan."))
    return redirect("registry:transfers")
