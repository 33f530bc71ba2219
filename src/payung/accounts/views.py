from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from payung.lib.masking import suppress_small
from payung.regions.models import Region
from payung.registry.selectors import workers_visible_to


@login_required
def home(request):
    scope_regions = list(request.user.regions.order_by("code")) if not request.user.is_superuser else []
    by_regency = list(
        workers_visible_to(request.user).values("regency_code").annotate(workers=Count("id")).order_by("regency_code")
    )
    names = dict(Region.objects.filter(code__in=[row["regency_code"] for row in by_regency]).values_list("code", "name"))
    total = sum(row["workers"] for row in by_regency)
    for row in by_regency:
        row["name"] = names.get(row["regency_code"], row["regency_code"])
        if not request.user.sees_personal_data:
            # Viewers see counts with the small ones suppressed (one rule: lib.masking.suppress_small).
            row["workers"] = suppress_small(row["workers"])
    return render(
        request,
        "accounts/home.html",
        {
            "scope_regions": scope_regions,
            "by_regency": by_regency,
            "total_workers": total if request.user.sees_personal_data else suppress_small(total),
        },
    )
