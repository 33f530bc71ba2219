"""What a viewer (leadership, DPRD) sees of the registry: counts only, small ones suppressed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from payung.lib.masking import suppress_small
from payung.regions.models import Region

from .models import Occupation
from .selectors import WorkerFilters, search_workers


@dataclass(frozen=True)
class Breakdown:
    title: str
    rows: list[tuple[str, int | str]]  # (label, count or "< 5")


def registry_breakdowns(
    user, filters: WorkerFilters, titles: dict[str, str]
) -> tuple[int | str, list[Breakdown]]:
    """The total and the counts by district, occupation and decile of the workers the user may count."""
    # No name or NIK search for aggregates: a count of one would confirm who is registered.
    workers = search_workers(
        user, WorkerFilters(region=filters.region, occupation=filters.occupation, decile=filters.decile)
    ).order_by()
    by_district = list(workers.values("district_code").annotate(n=Count("id")).order_by("district_code"))
    district_names = dict(
        Region.objects.filter(code__in=[r["district_code"] for r in by_district]).values_list("code", "name")
    )
    by_occupation = list(workers.values("occupation_id").annotate(n=Count("id")).order_by("occupation_id"))
    occupation_names = dict(Occupation.objects.values_list("code", "name"))
    by_decile = list(workers.values("dtsen_decile").annotate(n=Count("id")).order_by("dtsen_decile"))
    total = sum(r["n"] for r in by_district)
    return suppress_small(total), [
        Breakdown(
            titles["district"],
            [
                (district_names.get(r["district_code"], r["district_code"]), suppress_small(r["n"]))
                for r in by_district
            ],
        ),
        Breakdown(
            titles["occupation"],
            [
                (occupation_names.get(r["occupation_id"], r["occupation_id"]), suppress_small(r["n"]))
                for r in by_occupation
            ],
        ),
        Breakdown(
            titles["decile"],
            [
                (str(r["dtsen_decile"]) if r["dtsen_decile"] is not None else "–", suppress_small(r["n"]))
                for r in by_decile
            ],
        ),
    ]
