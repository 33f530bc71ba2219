"""What a viewer (leadership, DPRD) sees of the registry: counts only, small ones suppressed."""

from __future__ import annotations

from collections import Counter
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
    # One pass over the workers for all three breakdowns: a regency's workers are read once, not three
    # times (each pass reads every one of them, and a big import's rows too until it commits).
    by_district, by_occupation, by_decile = Counter(), Counter(), Counter()
    for group in workers.values("district_code", "occupation_id", "dtsen_decile").annotate(n=Count("id")):
        by_district[group["district_code"]] += group["n"]
        by_occupation[group["occupation_id"]] += group["n"]
        by_decile[group["dtsen_decile"]] += group["n"]
    district_names = dict(Region.objects.filter(code__in=list(by_district)).values_list("code", "name"))
    occupation_names = dict(Occupation.objects.values_list("code", "name"))
    total = sum(by_district.values())
    return suppress_small(total), [
        Breakdown(
            titles["district"],
            [(district_names.get(code, code), suppress_small(n)) for code, n in sorted(by_district.items())],
        ),
        Breakdown(
            titles["occupation"],
            [
                (occupation_names.get(code, code), suppress_small(n))
                for code, n in sorted(by_occupation.items())
            ],
        ),
        Breakdown(
            titles["decile"],
            [
                (str(decile) if decile is not None else "–", suppress_small(n))
                # Deciles in order, the unknown last (as PostgreSQL sorts NULL).
                for decile, n in sorted(by_decile.items(), key=lambda item: (item[0] is None, item[0] or 0))
            ],
        ),
    ]
