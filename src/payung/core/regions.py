"""Region pages: the tree as far as the user works in it, with worker counts (regions, accounts and
the registry together, so they live here, above all three)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from payung.accounts.scope import scope_for
from payung.lib.dom import is_dom_name
from payung.lib.masking import suppress_small
from payung.regions.models import Level, Region
from payung.regions.selectors import region_path, search_regions
from payung.registry.models import Worker
from payung.registry.selectors import workers_visible_to


@login_required
def region_index(request):
    scope = scope_for(request.user)
    if scope.everything:
        regions = Region.objects.filter(level=Level.PROVINCE)
    else:
        regions = Region.objects.filter(code__in=scope.codes)
    return render(request, "regions/index.html", {"regions": regions.select_related("parent")})


@login_required
def region_detail(request, code: str):
    region = Region.objects.filter(code=code).select_related("parent").first()
    if region is None:
        raise Http404
    children = list(region.children.order_by("code"))
    counts = {}
    scope = scope_for(request.user)
    if region.level < Level.VILLAGE and (
        scope.contains(region.code) or any(c.startswith(region.code + ".") for c in scope.codes)
    ):
        child_field = Worker.LEVEL_FIELDS[region.level + 1]
        counts = dict(
            workers_visible_to(request.user)
            .in_region(region.code)
            .values_list(child_field)
            .annotate(n=Count("id"))
            .values_list(child_field, "n")
        )
    # Viewers count people by breakdowns only, small counts suppressed (lib.masking.suppress_small).
    shown = (lambda n: n) if request.user.sees_personal_data else suppress_small
    for child in children:
        child.worker_count = shown(counts.get(child.code, 0))
    return render(
        request,
        "regions/detail.html",
        {
            "region": region,
            "path": region_path(region),
            "children": children,
            "in_scope": scope.contains(region.code),
            "worker_total": shown(sum(counts.values())),
        },
    )


@login_required
def region_search(request):
    """The picker's answer: an HTML list of matches (htmx), villages only when level=4.

    `target` names the picker's field: a strict name or nothing (then the matches are links)."""
    target = request.GET.get("target", "")
    if target and not is_dom_name(target):
        return HttpResponseBadRequest(_("Permintaan tidak sah."))
    level = request.GET.get("level")
    within = None
    if request.GET.get("scoped"):
        within = scope_for(request.user).filter_regions(Region.objects.all())
    regions = search_regions(
        request.GET.get("q") or request.GET.get("picker_q", ""),
        level=int(level) if level and level.isdigit() else None,
        within=within,
    )
    paths = {
        r.code: r for r in Region.objects.filter(code__in={a for r in regions for a in r.ancestor_codes})
    }
    for region in regions:
        region.path_label = ", ".join(paths[c].name for c in reversed(region.ancestor_codes) if c in paths)
    return render(request, "regions/_search_results.html", {"regions": regions, "target": target})
