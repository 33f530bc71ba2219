"""Site-wide pages: the home page (a to-do across apps) and the error pages with a way back."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

from payung.core.todo import todo_for
from payung.lib import dates
from payung.lib.masking import suppress_small
from payung.regions.models import Region
from payung.registry.selectors import workers_visible_to


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_agent:  # an agent works with its own recruits only (agents/)
        return redirect("agents:home")
    scope_regions = list(user.regions.order_by("code")) if not user.is_superuser else []
    by_regency = list(
        workers_visible_to(user).values("regency_code").annotate(workers=Count("id")).order_by("regency_code")
    )
    names = dict(
        Region.objects.filter(code__in=[row["regency_code"] for row in by_regency]).values_list(
            "code", "name"
        )
    )
    total = sum(row["workers"] for row in by_regency)
    for row in by_regency:
        row["name"] = names.get(row["regency_code"], row["regency_code"])
        if not user.sees_personal_data:
            # Viewers see counts with the small ones suppressed (one rule: lib.masking.suppress_small).
            row["workers"] = suppress_small(row["workers"])
    return render(
        request,
        "core/home.html",
        {
            "scope_regions": scope_regions,
            "by_regency": by_regency,
            "total_workers": total if user.sees_personal_data else suppress_small(total),
            "todo": todo_for(user, today=dates.today()),
        },
    )


def _way_back(request: HttpRequest) -> str:
    """The page the user came from, if it is on this site and not the page that failed."""
    referer = request.headers.get("referer", "")
    if not referer or referer.endswith(request.get_full_path()):
        return ""
    if not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return referer


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    request.way_back = _way_back(request)
    return defaults.page_not_found(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    request.way_back = _way_back(request)
    return defaults.permission_denied(request, exception)
