"""Coverage screens: the dashboard (every table downloadable as XLSX) and adding a target (admins)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from payung.accounts.scope import NotVisible, scope_for

from .dashboard import build_dashboard, link, suppress_small_counts
from .exports import table_xlsx
from .forms import TargetForm
from .importing import parse_month
from .models import DenominatorKind
from .selectors import default_region_code, get_region_for_user, home_regions, latest_month
from .services import TargetInput, TargetInvalid, target_set, user_sets_targets
from .summary import current_month

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _region_or_404(user, code: str):
    try:
        return get_region_for_user(user, code)
    except NotVisible:
        raise Http404 from None


@login_required
def dashboard(request):
    code = request.GET.get("region", "").strip() or default_region_code(request.user)
    if code is None:
        raise Http404
    region = _region_or_404(request.user, code)
    try:
        month = parse_month(request.GET["month"]) if request.GET.get("month") else latest_month(region.code)
    except ValueError:
        month = latest_month(region.code)
    month = min(month, current_month())
    kind = request.GET.get("denominator", "")
    if kind not in DenominatorKind.values:
        kind = DenominatorKind.LABOUR_FORCE
    board = build_dashboard(region, month, kind, scope=scope_for(request.user))
    if not request.user.sees_personal_data:
        suppress_small_counts(board)
    download = request.GET.get("unduh", "")
    if download:
        table = board.tables.get(download)
        if table is None:
            raise Http404
        heading = f"{region.code} {region.name} · {month:%Y-%m} · {DenominatorKind(kind).label}"
        response = HttpResponse(table_xlsx(table, heading=heading), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="cakupan-{region.code}-{month:%Y-%m}-{download}.xlsx"'
        )
        return response
    query = f"region={region.code}&month={month:%Y-%m}&denominator={kind}"
    form = None
    if user_sets_targets(request.user, region.code):
        form = TargetForm(initial={"region": region.code, "year": month.year + 1, "denominator_kind": kind})
    return render(
        request,
        "coverage/dashboard.html",
        {
            "board": board,
            "query": query,
            "target_form": form,
            "kinds": DenominatorKind.choices,
            "home_regions": home_regions(request.user),
        },
    )


@login_required
@require_POST
def target_create(request):
    form = TargetForm(request.POST)
    code = request.POST.get("region", "")
    _region_or_404(request.user, code)
    if not user_sets_targets(request.user, code):
        raise PermissionDenied
    if form.is_valid():
        values = form.cleaned_data
        try:
            target = target_set(
                actor=request.user,
                data=TargetInput(
                    region_code=code,
                    year=values["year"],
                    kind=values["kind"],
                    denominator_kind=values["denominator_kind"],
                    mode=values["mode"],
                    percent=values["percent"],
                    increase_pct=values["increase_pct"],
                    base_year=values["base_year"],
                    source=values["source"],
                ),
            )
        except TargetInvalid as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Target %(kind)s %(year)s tersimpan.")
                % {"kind": target.get_kind_display(), "year": target.year},
            )
    else:
        messages.error(request, _("Target tidak tersimpan: periksa isian."))
    return redirect(
        link(code, current_month(), request.POST.get("denominator_kind") or DenominatorKind.LABOUR_FORCE)
    )
