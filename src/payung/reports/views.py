"""Rakor pack screens: the archive of a region (with the form that makes a new pack), a pack's
progress (htmx polls it while the worker makes the file) and its download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from payung.accounts.scope import NotVisible
from payung.coverage.selectors import default_region_code, get_region_for_user
from payung.lib import dates

from .access import pack_for_user
from .models import Format, ReportPack
from .services import PackInvalid, fail_if_orphaned, pack_request

CONTENT_TYPES = {
    Format.PDF: "application/pdf",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _region_or_404(user, code: str):
    try:
        return get_region_for_user(user, code)
    except NotVisible:
        raise Http404 from None


def _year(text: str) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


@login_required
def archive(request):
    code = request.GET.get("region", "").strip() or default_region_code(request.user)
    if code is None:
        raise Http404
    region = _region_or_404(request.user, code)
    today = dates.today()
    packs = ReportPack.objects.filter(region=region).select_related("user")
    year = _year(request.GET.get("year", ""))
    if year:
        packs = packs.filter(year=year)
    years = sorted(set(ReportPack.objects.filter(region=region).values_list("year", flat=True)), reverse=True)
    return render(
        request,
        "reports/archive.html",
        {
            "region": region,
            "packs": packs[:200],
            "year": year,
            "years": years,
            "choices": range(today.year, today.year - 6, -1),
            "default_year": today.year - 1 if today.month < 3 else today.year,
            "formats": Format.choices,
        },
    )


@login_required
@require_POST
def pack_create(request):
    region = _region_or_404(request.user, request.POST.get("region", "").strip())
    back = f"{reverse('reports:archive')}?region={region.code}"
    year = _year(request.POST.get("year", ""))
    if year is None:
        messages.error(request, _("Pilih tahun bahan rakor."))
        return redirect(back)
    try:
        pack = pack_request(
            actor=request.user,
            region=region,
            year=year,
            month_text=request.POST.get("month", "").strip() or None,
            fmt=request.POST.get("format", ""),
        )
    except PackInvalid as error:
        messages.error(request, str(error))
        return redirect(back)
    return redirect("reports:detail", pack.pk)


@login_required
def pack_detail(request, pack_id: int):
    pack = fail_if_orphaned(pack_for_user(request.user, pack_id))
    template = "reports/_status.html" if request.GET.get("partial") else "reports/detail.html"
    return render(request, template, {"pack": pack})


@login_required
def pack_download(request, pack_id: int):
    pack = pack_for_user(request.user, pack_id)
    if not pack.file:
        raise Http404
    return FileResponse(
        pack.file.open("rb"),
        as_attachment=True,
        filename=pack.filename,
        content_type=CONTENT_TYPES[pack.format],
    )
