"""Scheme screens: list, create, detail (budget gauge, lifecycle), selection preview. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from payung.accounts.scope import scope_for
from payung.audit.views import export_purpose, purpose_page
from payung.billing.burndown import burn_down, burn_downs
from payung.enrolment.models import MembershipStatus
from payung.enrolment.selectors import status_counts
from payung.enrolment.services import MembershipInvalid, memberships_propose_selection
from payung.lib.masking import mask_nik
from payung.regions.models import Region
from payung.registry.models import Occupation
from payung.registry.presenters import Disclosure

from .forms import SchemeForm
from .models import SchemeStatus
from .selection import plan_for_scheme, plan_selection
from .selectors import get_scheme_for_user, schemes_visible_to, user_manages_scheme, user_proposes_for
from .services import SCHEME_TRANSITIONS, scheme_create, scheme_transition
from .validation import SchemeInvalid
from .xlsx import xlsx_response

SELECTION_ROWS_SHOWN = 300


def _status_label(value: str) -> str:
    return str(SchemeStatus(value).label) if value else ""


@login_required
def scheme_list(request):
    today = timezone.localdate()
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
        "funding/scheme_list.html",
        {
            "rows": rows,
            "can_create": request.user.is_superuser or request.user.role == "regency_admin",
        },
    )


@login_required
def scheme_create_view(request):
    if not (request.user.is_superuser or request.user.role == "regency_admin"):
        raise PermissionDenied
    form = SchemeForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            scheme = scheme_create(actor=request.user, data=form.to_input())
        except SchemeInvalid as error:
            form.add_error(None, str(error))
        except PermissionDenied as error:
            form.add_error("funder_region", str(error))
        else:
            messages.success(request, _("Skema %(name)s tersimpan sebagai draf.") % {"name": scheme.name})
            return redirect("funding:detail", scheme_id=scheme.pk)
    return render(request, "funding/scheme_form.html", {"form": form})


@login_required
def scheme_detail(request, scheme_id: int):
    scheme = get_scheme_for_user(request.user, scheme_id)
    manages = user_manages_scheme(request.user, scheme)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"riwayat-skema-{scheme.pk}.xlsx",
            "Riwayat status",
            ["Waktu", "Oleh", "Dari", "Ke", "Alasan"],
            (
                [
                    timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M"),
                    str(e.by or ""),
                    e.from_status,
                    e.to_status,
                    e.why,
                ]
                for e in scheme.events.select_related("by")
            ),
        )
    return render(
        request,
        "funding/scheme_detail.html",
        {
            "scheme": scheme,
            "tab": "detail",
            "figures": burn_down(scheme, today=timezone.localdate()),
            "counts": {MembershipStatus(k).label: v for k, v in status_counts(scheme).items()},
            "events": [
                {
                    "at": e.at,
                    "by": e.by,
                    "from": _status_label(e.from_status),
                    "to": _status_label(e.to_status),
                    "why": e.why,
                }
                for e in scheme.events.select_related("by")
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
    scheme = get_scheme_for_user(request.user, scheme_id)
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
    return redirect("funding:detail", scheme_id=scheme.pk)


def _selection_rows(selection, user, candidates):
    """The candidates the user may see: those living inside the user's regions (totals stay whole).

    A list: the NIK masked for every role; viewers see the totals and no person at all.
    """
    if not user.sees_personal_data:
        return []
    scope = scope_for(user)
    candidates = [c for c in candidates if scope.contains(c.village_id)]
    villages = dict(
        Region.objects.filter(code__in={c.village_id for c in candidates}).values_list("code", "name")
    )
    occupations = dict(Occupation.objects.values_list("code", "name"))
    return [
        {
            "worker_id": c.worker_id,
            "village_id": c.village_id,
            "nik": mask_nik(c.nik),
            "name": c.name,
            "village": villages.get(c.village_id, c.village_id),
            "decile": c.decile,
            "disability": c.has_disability,
            "occupation": occupations.get(c.occupation_id, c.occupation_id),
            "cost": c.cost,
            "reason": c.reason_text,
        }
        for c in candidates
    ]


@login_required
def scheme_selection(request, scheme_id: int):
    scheme = get_scheme_for_user(request.user, scheme_id)
    selection = plan_selection(plan_for_scheme(scheme, today=timezone.localdate()))
    if request.GET.get("format") == "xlsx":
        if not request.user.sees_personal_data:
            raise PermissionDenied
        purpose, form = export_purpose(request)
        if purpose is None:
            return purpose_page(request, form, title=_("Unduh hasil seleksi"))
        rows = _selection_rows(selection, request.user, selection.selected + selection.below_line)
        with Disclosure(request.user, purpose=purpose, where=f"seleksi-{scheme.pk}.xlsx") as disclosure:
            for row in rows:
                disclosure.record(row["worker_id"], row["village_id"])
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
    return render(
        request,
        "funding/scheme_selection.html",
        {
            "scheme": scheme,
            "tab": "selection",
            "selection": selection,
            "selected": _selection_rows(selection, request.user, selection.selected[:SELECTION_ROWS_SHOWN]),
            "below_line": _selection_rows(selection, request.user, selection.below_line),
            "conflicts": [c for c in selection.conflicts if scope_for(request.user).contains(c.village_id)]
            if request.user.sees_personal_data
            else [],
            "conflict_count": len(selection.conflicts),
            "manages": user_manages_scheme(request.user, scheme),
            "proposes": user_proposes_for(request.user, scheme),
            "shown": SELECTION_ROWS_SHOWN,
        },
    )


@login_required
@require_POST
def scheme_selection_save(request, scheme_id: int):
    scheme = get_scheme_for_user(request.user, scheme_id)
    try:
        result = memberships_propose_selection(actor=request.user, scheme=scheme)
    except MembershipInvalid as error:
        messages.error(request, str(error))
        return redirect("funding:selection", scheme_id=scheme.pk)
    messages.success(request, _("%(n)s pekerja diusulkan sebagai peserta.") % {"n": len(result.created)})
    if result.conflicts:
        messages.warning(
            request,
            _("%(n)s pekerja dilewati karena sudah ditanggung skema lain.") % {"n": len(result.conflicts)},
        )
    return redirect("enrolment:list", scheme_id=scheme.pk)
