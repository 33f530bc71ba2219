"""Scheme screens: list, create, detail (budget gauge, lifecycle), selection preview. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from payung.audit.views import export_purpose, purpose_page
from payung.lib import dates
from payung.registry.presenters import Disclosure
from payung.schemes.burndown import burn_down, burn_downs
from payung.schemes.models import MembershipStatus
from payung.schemes.selectors import status_counts
from payung.tariffs.presenters import present_citations

from ..access import may_create_scheme
from ..forms import SchemeForm
from ..models import JobKind, SchemeStatus
from ..selection import plan_for_scheme, plan_selection
from ..selectors import schemes_visible_to
from ..services.schemes import SCHEME_TRANSITIONS, scheme_create, scheme_transition
from ..validation import SchemeInvalid
from ..xlsx import xlsx_response
from .common import cost_citations, presented_workers, scheme_or_404
from .jobs import run_step

SELECTION_ROWS_SHOWN = 300


def _status_label(value: str) -> str:
    return str(SchemeStatus(value).label) if value else ""


@login_required
def scheme_list(request):
    today = dates.today()
    schemes = list(schemes_visible_to(request.user).select_related("funder_region"))
    figures = burn_downs(schemes, today=today)
    rows = [(scheme, figures[scheme.pk]) for scheme in schemes]
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"skema-{today:%Y%m%d}.xlsx",
            "Skema",
            [
                "Nama",
                "Penyandang dana",
                "Wilayah",
                "Tahun",
                "Program",
                "Status",
                "Pagu (Rp)",
                "Komitmen (Rp)",
                "Ditagih (Rp)",
                "Dibayar (Rp)",
                "Sisa (Rp)",
                "Proyeksi akhir tahun (Rp)",
            ],
            (
                [
                    s.name,
                    s.get_funder_type_display(),
                    s.funder_region.name,
                    s.year,
                    s.programmes_text,
                    s.get_status_display(),
                    b.budget,
                    b.committed,
                    b.billed,
                    b.paid,
                    b.left,
                    b.projected,
                ]
                for s, b in rows
            ),
        )
    return render(
        request,
        "schemes/scheme_list.html",
        {
            "rows": rows,
            "can_create": may_create_scheme(request.user),
        },
    )


@login_required
def scheme_create_view(request):
    if not may_create_scheme(request.user):
        raise PermissionDenied
    form = SchemeForm(request.POST or None, initial={"year": dates.today().year})
    if request.method == "POST" and form.is_valid():
        try:
            scheme = scheme_create(actor=request.user, data=form.to_input())
        except SchemeInvalid as error:
            form.add_error(None, str(error))
        except PermissionDenied as error:
            form.add_error("funder_region", str(error))
        else:
            messages.success(request, _("Skema %(name)s tersimpan sebagai draf.") % {"name": scheme.name})
            return redirect("schemes:detail", scheme_id=scheme.pk)
    return render(request, "schemes/scheme_form.html", {"form": form})


@login_required
def scheme_detail(request, scheme_id: int):
    access = scheme_or_404(request, scheme_id)
    scheme, manages = access.scheme, access.can_manage
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"riwayat-skema-{scheme.pk}.xlsx",
            "Riwayat status",
            ["Waktu", "Oleh", "Dari", "Ke", "Alasan"],
            (
                [
                    e.at.astimezone(dates.office_zone()).strftime("%Y-%m-%d %H:%M"),
                    e.actor_display,
                    e.from_status,
                    e.to_status,
                    e.why,
                ]
                for e in scheme.events.of_schemes().select_related("by")
            ),
        )
    return render(
        request,
        "schemes/scheme_detail.html",
        {
            "scheme": scheme,
            "tab": "detail",
            "figures": burn_down(scheme, today=dates.today()),
            "citations": cost_citations(scheme),
            "counts": {MembershipStatus(k).label: v for k, v in status_counts(scheme).items()},
            "events": [
                {
                    "at": e.at,
                    "by": e.actor_display,
                    "from": _status_label(e.from_status),
                    "to": _status_label(e.to_status),
                    "why": e.why,
                }
                for e in scheme.events.of_schemes().select_related("by")
            ],
            "next_statuses": [SchemeStatus(s) for s in sorted(SCHEME_TRANSITIONS[scheme.status])]
            if manages
            else [],
            "manages": manages,
        },
    )


@login_required
@require_POST
def scheme_status(request, scheme_id: int):
    scheme = scheme_or_404(request, scheme_id).scheme
    try:
        scheme_transition(
            actor=request.user,
            scheme=scheme,
            to=request.POST.get("to", ""),
            why=request.POST.get("why", "")[:300],
        )
    except (SchemeInvalid, ValueError, KeyError) as error:
        messages.error(request, str(error) or _("Status tidak dikenal."))
    else:
        messages.success(request, _("Status skema diperbarui."))
    return redirect("schemes:detail", scheme_id=scheme.pk)


def _selection_rows(user, candidates, workers):
    """The candidates the user may see (living inside the user's regions), as the presenter shows them;
    the totals stay whole."""
    return [
        {
            "nik": workers[c.worker_id].nik,
            "name": workers[c.worker_id].name,
            "village": workers[c.worker_id].village_name,
            "decile": c.decile,
            "disability": c.has_disability,
            "occupation": workers[c.worker_id].occupation,
            "cost": c.cost,
            "reason": c.reason_text,
        }
        for c in candidates
        if c.worker_id in workers
    ]


def _selection_xlsx(scheme, rows):
    return xlsx_response(
        f"seleksi-{scheme.pk}.xlsx",
        "Seleksi",
        ["NIK", "Nama", "Desa", "Desil", "Disabilitas", "Pekerjaan", "Biaya (Rp)", "Keterangan"],
        (
            [
                r["nik"],
                r["name"],
                r["village"],
                r["decile"],
                r["disability"],
                r["occupation"],
                r["cost"],
                r["reason"] or _("terpilih"),
            ]
            for r in rows
        ),
    )


@login_required
def scheme_selection(request, scheme_id: int):
    access = scheme_or_404(request, scheme_id)
    scheme = access.scheme
    selection = plan_selection(plan_for_scheme(scheme, today=dates.today()))
    if request.GET.get("format") == "xlsx":
        if not request.user.sees_personal_data:
            raise PermissionDenied
        purpose, form = export_purpose(request)
        if purpose is None:
            return purpose_page(request, form, title=_("Unduh hasil seleksi"))
        candidates = selection.selected + selection.below_line
        workers = presented_workers(request.user, [c.worker_id for c in candidates])
        rows = _selection_rows(request.user, candidates, workers)
        with Disclosure(request.user, purpose=purpose, where=f"seleksi-{scheme.pk}.xlsx") as disclosure:
            for view in workers.values():
                disclosure.record(view.id, view.village_code)
            return _selection_xlsx(scheme, rows)
    shown = selection.selected[:SELECTION_ROWS_SHOWN]
    conflicts = selection.conflicts if request.user.sees_personal_data else []
    workers = presented_workers(
        request.user, [c.worker_id for c in (*shown, *selection.below_line, *conflicts)]
    )
    return render(
        request,
        "schemes/scheme_selection.html",
        {
            "scheme": scheme,
            "tab": "selection",
            "selection": selection,
            "citations": present_citations(selection.citations),
            "selected": _selection_rows(request.user, shown, workers),
            "below_line": _selection_rows(request.user, selection.below_line, workers),
            "conflicts": [
                {"nik": workers[c.worker_id].nik, "name": workers[c.worker_id].name, "schemes": c.schemes}
                for c in conflicts
                if c.worker_id in workers
            ],
            "conflict_count": len(selection.conflicts),
            "manages": access.can_manage,
            "proposes": access.can_propose,
            "shown": SELECTION_ROWS_SHOWN,
        },
    )


@login_required
@require_POST
def scheme_selection_save(request, scheme_id: int):
    access = scheme_or_404(request, scheme_id)
    if not access.can_manage:
        raise PermissionDenied
    return run_step(request, access, JobKind.SELECT)
