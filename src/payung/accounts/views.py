from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from payung.regions.models import Region
from payung.registry.selectors import workers_visible_to


@login_required
def home(request):
    scope_regions = list(request.user.regions.order_by("code")) if not request.user.is_superuser else []
    by_regency = list(
        workers_visible_to(request.user).values("regency_code").annotate(workers=Count("id")).order_by("regency_code")
    )
    names = dict(Region.objects.filter(code__in=[row["regency_code"] for row in by_regency]).values_list("code", "name"))
    for row in by_regency:
        row["name"] = names.get(row["regency_code"], row["regency_code"])
    return render(
        request,
        "accounts/home.html",
        {
            "scope_regions": scope_regions,
            "by_regency": by_regency,
            "total_workers": sum(row["workers"] for row in by_regency),
        },
    )
