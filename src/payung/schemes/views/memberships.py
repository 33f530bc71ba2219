"""Membership screens: the members of a scheme, add/remove with the budget effect, BPJS hand-off."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from payung.audit.views import export_purpose, purpose_page
from payung.lib import dates
from payung.lib.nik import normalize_nik
from payung.registry.presenters import Disclosure, present_worker
from payung.registry.selectors import workers_visible_to
from payung.schemes.burndown import burn_down
from payung.schemes.xlsx import file_response, xlsx_response

from .. import steps
from ..branch import AnswerFileInvalid, answer_apply, export_registration_xlsx
from ..models import JobKind, MembershipStatus
from ..paging import id_page
from ..selectors import scheme_memberships_for_user, status_counts
from ..services.memberships import (
    MembershipInvalid,
    membership_propose,
    membership_remove,
)
from .common import cost_citations, membership_or_404, scheme_or_404
from .jobs import run_step

MAX_UPLOAD = 20 * 1024 * 1024
ROWS_SHOWN = 100


def _rows(memberships, user):
    if not user.sees_personal_data:
        return []  # viewers see the counts and the budget, never a person
    return [{"m": m, "w": present_worker(m.worker, user)} for m in memberships]


def _context(request, access, status: str):
    scheme = access.scheme
    memberships = scheme_memberships_for_user(request.user, scheme)
    if status:
        memberships = memberships.filter(status=status)
    counts = status_counts(scheme)
    # A keyset page (by id: the order they were proposed in, poorest first); the count is the database's.
    page = id_page(
        memberships if request.user.sees_personal_data else memberships.none(),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
        size=ROWS_SHOWN,
    )
    return {
        "scheme": scheme,
        "tab": "members",
        "status": status,
        "statuses": MembershipStatus.choices,
        "rows": _rows(page.items, request.user),
        "page": page,
        "total": memberships.count(),
        "shown": ROWS_SHOWN,
        "counts": counts,
        "submit_blocked": access.submit_blocker(counts.get(MembershipStatus.PROPOSED, 0)),
        "propose_blocked": access.propose_blocker(),
        "figures": burn_down(scheme, today=dates.today()),
        "citations": cost_citations(scheme),
        "manages": access.can_manage,
        "proposes": access.can_propose,
        "serves": access.can_serve,
    }


@login_required
def membership_list(request, scheme_id: int):
    access = scheme_or_404(request, scheme_id)
    scheme = access.scheme
    status = request.GET.get("status", "")
    if request.GET.get("format") == "xlsx":
        if not request.user.sees_personal_data:
            raise PermissionDenied
        purpose, form = export_purpose(request)
        if purpose is None:
            return purpose_page(request, form, title=_("Unduh daftar peserta"))
        memberships = scheme_memberships_for_user(request.user, scheme)
        if status:
            memberships = memberships.filter(status=status)
        with Disclosure(request.user, purpose=purpose, where=f"peserta-{scheme.pk}.xlsx") as disclosure:
            rows = ({"m": m, "w": disclosure.show(m.worker)} for m in memberships.iterator(chunk_size=2_000))
            return _members_xlsx(request, scheme, rows)
    return render(request, "schemes/membership_list.html", _context(request, access, status))


def _members_xlsx(request, scheme, rows):
    """The member list as XLSX (the NIK masked as on the screen)."""
    return xlsx_response(
        f"peserta-{scheme.pk}.xlsx",
        "Peserta",
        [
            "NIK",
            "Nama",
            "Desa/Kelurahan",
            "Pekerjaan",
            "Desil",
            "Program",
            "Mulai",
            "Akhir",
            "Status",
            "No KPJ",
            "Biaya rencana (Rp)",
            "Alasan penolakan",
        ],
        (
            [
                r["w"].nik,
                r["w"].name,
                r["w"].village_name,
                r["w"].occupation,
                r["w"].dtsen_decile,
                "+".join(r["m"].programmes),
                r["m"].start_month,
                r["m"].end_month,
                r["m"].get_status_display(),
                r["m"].kpj_number if request.user.sees_personal_data else "",
                r["m"].planned_cost,
                r["m"].rejection_reason,
            ]
            for r in rows
        ),
    )


def _members_fragment(request, access):
    """After an add or remove: the table and the budget box, swapped in by htmx (or a redirect)."""
    if request.headers.get("HX-Request"):
        return render(request, "schemes/_members.html", _context(request, access, ""))
    return redirect("memberships:list", scheme_id=access.scheme.pk)


@login_required
@require_POST
def membership_add(request, scheme_id: int):
    access = scheme_or_404(request, scheme_id)
    scheme = access.scheme
    if not access.can_propose:
        # One answer before any look-up: a role that cannot propose learns nothing about a NIK (issue 11).
        raise PermissionDenied
    nik = normalize_nik(request.POST.get("nik", ""))
    worker = workers_visible_to(request.user).select_related("occupation").filter(nik=nik).first()
    try:
        if worker is None:
            raise MembershipInvalid(
                _("NIK %(nik)s tidak ada di registri wilayah Anda.") % {"nik": nik or "-"}
            )
        membership_propose(
            actor=request.user, scheme=scheme, worker=worker, reason=request.POST.get("reason", "")[:200]
        )
    except (MembershipInvalid, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s diusulkan.") % {"name": worker.name})
    return _members_fragment(request, access)


@login_required
@require_POST
def membership_remove_view(request, scheme_id: int, membership_id: int):
    access = scheme_or_404(request, scheme_id)
    membership = membership_or_404(request, access, membership_id).membership
    try:
        membership_remove(actor=request.user, membership=membership)
    except (MembershipInvalid, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Usulan dihapus."))
    return _members_fragment(request, access)


@login_required
@require_POST
def memberships_submit_view(request, scheme_id: int):
    access = scheme_or_404(request, scheme_id)
    if not access.can_manage:
        raise PermissionDenied
    return run_step(request, access, JobKind.SUBMIT)


@login_required
def registration_export(request, scheme_id: int):
    access = scheme_or_404(request, scheme_id)
    scheme = access.scheme
    if not access.can_exchange_with_bpjs:
        raise PermissionDenied
    purpose, form = export_purpose(request)
    if purpose is None:
        return purpose_page(request, form, title=_("Unduh berkas pendaftaran kolektif"))
    memberships = scheme_memberships_for_user(request.user, scheme).filter(status=MembershipStatus.SUBMITTED)
    path = export_registration_xlsx(scheme, memberships, request.user, purpose=purpose)
    return file_response(path, f"pendaftaran-kolektif-{scheme.pk}-{dates.today():%Y%m%d}.xlsx")


@login_required
def answer_upload(request, scheme_id: int):
    access = scheme_or_404(request, scheme_id)
    scheme = access.scheme
    if not access.can_exchange_with_bpjs:
        raise PermissionDenied
    report, error = None, ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Pilih berkas jawaban BPJS (XLSX atau CSV).")
        elif upload.size > MAX_UPLOAD:
            error = _("Berkas terlalu besar (maksimal 20 MB).")
        else:
            params = {"dry_run": bool(request.POST.get("dry_run") or request.POST.get("download"))}
            if steps.runs_in_background(scheme, JobKind.ANSWER):
                return run_step(request, access, JobKind.ANSWER, params, upload.read())
            try:
                report = answer_apply(actor=request.user, scheme=scheme, data=upload.read(), **params)
                if request.POST.get("download"):
                    return xlsx_response(
                        f"jawaban-bpjs-{scheme.pk}-periksa.xlsx",
                        "Ketidakcocokan",
                        ["Baris", "NIK", "Ketidakcocokan", "Jenis"],
                        (
                            [
                                m.row,
                                m.nik,
                                m.message,
                                _("peringatan") if m.severity == "warning" else _("galat"),
                            ]
                            for m in report.mismatches
                        ),
                    )
            except AnswerFileInvalid as invalid:
                error = str(invalid)
    return render(
        request,
        "schemes/answer_upload.html",
        {"scheme": scheme, "tab": "members", "report": report, "error": error},
    )
