"""Keeping the coverage summary tables up to date, so dashboards never scan memberships.

- `refresh_registry_coverage(regency_codes=..., months=None)`: Payung's own memberships, counted per
  village, month and funder type, rolled up to district, regency and province; registered workers and
  covered workers per occupation; workers funded by each village per year. The lifecycle records each
  regency and month it changed in its outbox (schemes/outbox.py); `outbox.refresh_pending` refreshes
  those and deletes the rows (`payung refresh_coverage --pending`); `payung refresh_coverage` runs it
  by hand for whole regencies.
- `rebuild_report_coverage(province_codes=...)`: the BPJS report rows, rolled up the tree.

Counting rule (docs/coverage.md): a membership counts in every month from `start_month` to `end_month`
(inclusive) when its status is `active`, or `lapsed`/`ended` with an end month and a KPJ number (it was
active once). Proposed and submitted memberships never count. Only memberships holding JKK count: the
one-funder rule makes (worker, JKK, month) unique, so each worker counts once a month, under the funder
of their JKK (a JHT add-on from another scheme is not a second person): `COUNTED_PROGRAMMES`. Months after the current month
are not written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q, Sum

from payung.lib import dates
from payung.lib.bulk_load import insert_rows
from payung.regions.models import Region
from payung.registry.models import Worker
from payung.schemes.models import FundingScheme, Membership

from .models import CoverageMonth, OccupationMonth, ParticipationReport, Segment, Source, VillageFunding
from .rollup import level_of, roll_up

# The programmes that make a worker "covered": work-accident insurance (JKK) is the UCJ measure
# (docs/coverage.md); a JHT or JKM add-on from another scheme is not a second covered person.
COUNTED_PROGRAMMES = frozenset({"JKK"})


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_date(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def current_month() -> dt.date:
    return dates.today().replace(day=1)


def counted(memberships):
    """Memberships whose status counts as coverage: active, or active once (see the module docstring).
    Whether their programmes count is `covers`, asked of each group of them."""
    return memberships.filter(
        Q(status="active") | (Q(status__in=("lapsed", "ended"), end_month__isnull=False) & ~Q(kpj_number=""))
    )


def covers(programmes) -> bool:
    """A membership of these programmes makes its worker covered (one of `COUNTED_PROGRAMMES`)."""
    return not COUNTED_PROGRAMMES.isdisjoint(programmes)


def counted_memberships(regency_code: str):
    return counted(Membership.objects.filter(regency_code=regency_code))


def _running_counts(groups, key, last: int) -> dict[tuple, dict[int, int]]:
    """Monthly counts per key from membership groups (start, end inclusive, count): a running sum of
    +n at the start month and -n after the end month, so the cost does not grow with the months."""
    deltas: dict[tuple, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for group in groups:
        changes = deltas[key(group)]
        changes[month_index(group["start_month"])] += group["n"]
        if group["end_month"] is not None:
            changes[month_index(group["end_month"]) + 1] -= group["n"]
    counts: dict[tuple, dict[int, int]] = {}
    for name, changes in deltas.items():
        running = 0
        series: dict[int, int] = {}
        for index in range(min(changes), last + 1):
            running += changes.get(index, 0)
            if running > 0:
                series[index] = running
        counts[name] = series
    return counts


def _membership_groups(regency: str) -> tuple[list[dict], dict[int, dict]]:
    """Counted memberships of the regency grouped by village, scheme, occupation and period (one scan),
    and the schemes they belong to."""
    groups = [
        group
        for group in counted_memberships(regency)
        .values("village_id", "scheme_id", "worker__occupation_id", "start_month", "end_month", "programmes")
        .annotate(n=Count("id"))
        .order_by()
        if covers(group["programmes"])
    ]
    schemes = {
        row["id"]: row
        for row in FundingScheme.objects.filter(id__in={g["scheme_id"] for g in groups}).values(
            "id", "funder_type", "funder_region_id", "funder_region__level", "year"
        )
    }
    return groups, schemes


def _wanted(months: Iterable[dt.date] | None) -> set[int] | None:
    return None if months is None else {month_index(m) for m in months}


@transaction.atomic
def refresh_registry_coverage(
    *, regency_codes: Iterable[str], months: Iterable[dt.date] | None = None
) -> None:
    """Recompute the registry summary rows of these regencies (all months, or only `months`)."""
    wanted = _wanted(list(months) if months is not None else None)
    regencies = sorted(set(regency_codes))
    for regency in regencies:
        groups, schemes = _membership_groups(regency)
        _refresh_regency(regency, groups, schemes, wanted)
        _refresh_occupations(regency, groups, wanted)
        _refresh_village_funding(regency, groups, schemes)
    for province in sorted({code[:2] for code in regencies}):
        _refresh_province(province, wanted)


def _delete_scope(queryset, wanted: set[int] | None):
    if wanted is not None:
        queryset = queryset.filter(month__in=[month_date(i) for i in wanted])
    queryset.delete()


def _refresh_regency(
    regency: str, groups: list[dict], schemes: dict[int, dict], wanted: set[int] | None
) -> None:
    counts = _running_counts(
        groups,
        lambda g: (g["village_id"], schemes[g["scheme_id"]]["funder_type"]),
        month_index(current_month()),
    )
    totals: dict[tuple[str, str, int], int] = defaultdict(int)  # (region code, funder type, month) -> count
    for (village, funder_type), series in counts.items():
        district = village.rsplit(".", 1)[0]
        for index, count in series.items():
            if wanted is not None and index not in wanted:
                continue
            for code in (village, district, regency):
                totals[(code, funder_type, index)] += count
    _delete_scope(
        CoverageMonth.objects.filter(source=Source.REGISTRY, regency_code=regency, level__gte=2), wanted
    )
    _write_coverage(
        (
            code,
            level_of(code),
            regency[:2],
            regency,
            code[:8] if level_of(code) >= 3 else "",
            month_date(index),
            Source.REGISTRY.value,
            Segment.BPU.value,
            funder_type,
            count,
            level_of(code) < 4,
        )
        for (code, funder_type, index), count in totals.items()
    )


COVERAGE_COLUMNS = (
    "region_id",
    "level",
    "province_code",
    "regency_code",
    "district_code",
    "month",
    "source",
    "segment",
    "funder_type",
    "participants",
    "derived",
)


def _write_coverage(rows: Iterable[tuple]) -> None:
    """Summary rows as plain tuples in COVERAGE_COLUMNS' order: a Makassar refresh writes thousands, and
    building a model instance for each cost more than the whole computation."""
    insert_rows(CoverageMonth._meta.db_table, COVERAGE_COLUMNS, rows)


def _refresh_province(province: str, wanted: set[int] | None) -> None:
    rows = (
        CoverageMonth.objects.filter(source=Source.REGISTRY, province_code=province, level=2)
        .values("month", "funder_type")
        .annotate(total=Sum("participants"))
        .order_by()
    )
    if wanted is not None:
        rows = rows.filter(month__in=[month_date(i) for i in wanted])
    fresh = [
        (
            province,
            1,
            province,
            "",
            "",
            row["month"],
            Source.REGISTRY.value,
            Segment.BPU.value,
            row["funder_type"],
            row["total"],
            True,
        )
        for row in rows
        if row["total"]
    ]
    _delete_scope(CoverageMonth.objects.filter(source=Source.REGISTRY, region_id=province), wanted)
    _write_coverage(fresh)


def _refresh_occupations(regency: str, groups: list[dict], wanted: set[int] | None) -> None:
    """Covered workers per district, occupation and month; registered = workers in the registry now
    (at least the covered ones), the same for every month."""
    last = month_index(current_month())
    covered = _running_counts(groups, lambda g: (g["village_id"][:8], g["worker__occupation_id"]), last)
    registered: dict[tuple[str, str], int] = defaultdict(int)
    for district, occupation, count in (
        Worker.objects.filter(regency_code=regency)
        .values("district_code", "occupation_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("district_code", "occupation_id", "n")
    ):
        registered[(district, occupation)] += count
        registered[(regency, occupation)] += count
    totals: dict[tuple[str, str, int], int] = defaultdict(int)
    months_seen: set[int] = set()
    for (district, occupation), series in covered.items():
        for index, count in series.items():
            if wanted is not None and index not in wanted:
                continue
            months_seen.add(index)
            totals[(district, occupation, index)] += count
            totals[(regency, occupation, index)] += count
    if wanted is None:
        first = min(months_seen, default=last)
        months_seen = set(range(first, last + 1))
    else:
        months_seen = set(wanted)
    rows = []
    for index in months_seen:
        keys = {(code, occupation) for code, occupation in registered}
        keys |= {(code, occupation) for code, occupation, i in totals if i == index}
        for code, occupation in keys:
            covered_count = totals.get((code, occupation, index), 0)
            rows.append(
                (
                    code,
                    regency,
                    month_date(index),
                    occupation,
                    max(registered.get((code, occupation), 0), covered_count),
                    covered_count,
                )
            )
    _delete_scope(OccupationMonth.objects.filter(regency_code=regency), wanted)
    insert_rows(
        OccupationMonth._meta.db_table,
        ("region_id", "regency_code", "month", "occupation_id", "registered", "covered"),
        rows,
    )


def _refresh_village_funding(regency: str, groups: list[dict], schemes: dict[int, dict]) -> None:
    """Workers each village funds per year: memberships of schemes whose funder region is a village."""
    funded: dict[tuple[str, int], int] = defaultdict(int)
    for group in groups:
        scheme = schemes[group["scheme_id"]]
        if scheme["funder_region__level"] == 4 and scheme["funder_region_id"].startswith(regency + "."):
            funded[(scheme["funder_region_id"], scheme["year"])] += group["n"]
    VillageFunding.objects.filter(regency_code=regency).delete()
    VillageFunding.objects.bulk_create(
        [
            VillageFunding(
                village_id=village,
                district_code=village[:8],
                regency_code=regency,
                year=year,
                workers=workers,
            )
            for (village, year), workers in funded.items()
        ]
    )


@transaction.atomic
def rebuild_report_coverage(*, province_codes: Iterable[str]) -> list[tuple[str, dt.date, str, int, int]]:
    """Rewrite the BPJS-report summary rows of these provinces from the imported report rows.

    Returns the mismatches: (region code, month, segment, reported, what the level below adds up to).
    """
    mismatched = []
    for province in sorted(set(province_codes)):
        reported: dict[tuple[dt.date, str], dict[str, int]] = defaultdict(dict)
        for region_id, month, segment, active in ParticipationReport.objects.filter(
            province_code=province
        ).values_list("region_id", "month", "segment", "active"):
            reported[(month, segment)][region_id] = active
        rows = []
        for (month, segment), values in reported.items():
            rolled = roll_up(values)
            for code, item in rolled.items():
                if not item.derived and item.children_sum is not None and item.children_sum != item.value:
                    mismatched.append((code, month, segment, item.value, item.children_sum))
                rows.append(
                    CoverageMonth(
                        region_id=code,
                        level=level_of(code),
                        province_code=province,
                        regency_code=code[:5] if level_of(code) >= 2 else "",
                        district_code=code[:8] if level_of(code) >= 3 else "",
                        month=month,
                        source=Source.BPJS_REPORT,
                        segment=segment,
                        participants=item.value,
                        derived=item.derived,
                    )
                )
        CoverageMonth.objects.filter(source=Source.BPJS_REPORT, province_code=province).delete()
        existing = set(
            Region.objects.filter(code__in={row.region_id for row in rows}).values_list("code", flat=True)
        )
        CoverageMonth.objects.bulk_create(
            [row for row in rows if row.region_id in existing], batch_size=2_000
        )
    return sorted(mismatched)
