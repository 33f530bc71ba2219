"""Reads of coverage: figures per region and month, series, targets, occupations and village participation.

Everything reads the summary tables (`CoverageMonth`, `OccupationMonth`, `VillageFunding`) and the
imported denominators, never memberships, so a regency with a million memberships costs the same as
one with a hundred. The counting rule (docs/coverage.md):

- participants of a region and month = the BPJS report total (all segments) when the report covers that
  region and month (reported, or summed from the level below);
- Payung's memberships are a breakdown of the BPJS BPU figure by funder, never added on top of it;
- with no BPJS report, Payung's memberships alone are shown, marked as a lower bound.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Substr
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from payung.accounts.scope import NotVisible, scope_for
from payung.regions.models import Level, Region

from .models import (
    CoverageMonth,
    DenominatorKind,
    LabourForceStat,
    OccupationMonth,
    Source,
    Target,
    TargetKind,
    TargetMode,
    VillageFunding,
)
from .rollup import Rolled, roll_up
from .summary import current_month

CENT = Decimal("0.01")
# The yearly work plan is the most specific target for a year, then the Rakortek, then the 5-year plan.
KIND_PRECEDENCE = {TargetKind.RENJA: 0, TargetKind.RAKORTEK: 1, TargetKind.RPJMD: 2}


def percent(part: int, whole: int | None) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Figure:
    """Coverage of one region in one month against one denominator."""

    code: str
    name: str
    level: int
    month: dt.date
    denominator_kind: str
    participants: int | None = None
    source: str | None = None  # Source value; None = no data at all
    participants_derived: bool = False
    segments: dict[str, int] = field(default_factory=dict)
    funders: dict[str, int] = field(default_factory=dict)  # Payung memberships by funder type
    denominator: int | None = None
    denominator_year: int | None = None
    denominator_derived: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def registry_total(self) -> int:
        return sum(self.funders.values())

    @property
    def coverage_pct(self) -> Decimal | None:
        if self.participants is None:
            return None
        return percent(self.participants, self.denominator)

    @property
    def uncovered(self) -> int | None:
        if self.participants is None or self.denominator is None:
            return None
        return self.denominator - self.participants

    @property
    def bpu_outside_payung(self) -> int | None:
        """BPU participants in the BPJS report not funded through Payung (self-paying, other funders)."""
        if self.source != Source.BPJS_REPORT or "BPU" not in self.segments:
            return None
        return self.segments["BPU"] - self.registry_total


def get_region_for_user(user, code: str) -> Region:
    """The region; NotVisible whether it does not exist or lies outside the user's scope (the screens and
    the API answer 404 for both)."""
    if not code or not scope_for(user).contains(code):
        raise NotVisible(code)
    try:
        return Region.objects.get(code=code)
    except Region.DoesNotExist:
        raise NotVisible(code) from None


def default_region_code(user) -> str | None:
    scope = scope_for(user)
    if scope.codes:
        return scope.codes[0]
    if scope.everything:
        row = CoverageMonth.objects.filter(level=Level.PROVINCE).order_by("-participants").first()
        return (
            row.region_id
            if row
            else Region.objects.filter(level=Level.PROVINCE).values_list("code", flat=True).first()
        )
    return None


def home_regions(user) -> list[Region]:
    """The regions a user starts from: those of the scope, or every province for a superuser."""
    scope = scope_for(user)
    if scope.everything:
        return list(Region.objects.filter(level=Level.PROVINCE).order_by("code"))
    return list(Region.objects.filter(code__in=scope.codes).order_by("code"))


def latest_month(code: str) -> dt.date:
    """The latest month of the BPJS report for the region, else of Payung's memberships, else this month."""
    rows = CoverageMonth.objects.filter(region_id=code, month__lte=current_month()).order_by("-month")
    last = rows.filter(source=Source.BPJS_REPORT).values_list("month", flat=True).first()
    return last or rows.values_list("month", flat=True).first() or current_month()


class Denominators:
    """BPS figures of the provinces around some regions, rolled up the tree for every year."""

    def __init__(self, codes: set[str]):
        self.by_year: dict[int, dict[str, dict[str, Rolled]]] = {}
        raw: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
        stats = LabourForceStat.objects.filter(province_code__in={code[:2] for code in codes})
        for region_id, year, labour_force, employed in stats.values_list(
            "region_id", "year", "labour_force", "employed"
        ):
            raw[year][DenominatorKind.LABOUR_FORCE][region_id] = labour_force
            raw[year][DenominatorKind.EMPLOYED][region_id] = employed
        for year, kinds in raw.items():
            self.by_year[year] = {kind: roll_up(values) for kind, values in kinds.items()}

    def get(self, code: str, year: int, kind: str) -> tuple[int, int, bool] | None:
        """(value, year of the figure, derived) for the year, else the latest earlier year, else None."""
        for candidate in sorted((y for y in self.by_year if y <= year), reverse=True):
            rolled = self.by_year[candidate].get(kind, {}).get(code)
            if rolled is not None:
                return rolled.value, candidate, rolled.derived
        return None


def figures(
    regions: list[Region], month: dt.date, kind: str, denominators: Denominators | None = None
) -> list[Figure]:
    """Coverage of each region in the month (two queries whatever the number of regions)."""
    codes = [region.code for region in regions]
    denominators = denominators or Denominators(set(codes))
    rows = CoverageMonth.objects.filter(region_id__in=codes, month=month).values_list(
        "region_id", "source", "segment", "funder_type", "participants", "derived"
    )
    found: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        found[row[0]].append(row[1:])
    result = []
    for region in regions:
        figure = Figure(
            code=region.code, name=region.name, level=region.level, month=month, denominator_kind=kind
        )
        _fill_participants(figure, found.get(region.code, []))
        _fill_denominator(figure, denominators)
        result.append(figure)
    return result


def _fill_participants(figure: Figure, rows: list[tuple]) -> None:
    report = [row for row in rows if row[0] == Source.BPJS_REPORT]
    for _source, _segment, funder_type, participants, _derived in rows:
        if _source == Source.REGISTRY:
            figure.funders[funder_type or "-"] = figure.funders.get(funder_type or "-", 0) + participants
    if report:
        figure.source = Source.BPJS_REPORT
        for _source, segment, _funder, participants, derived in report:
            figure.segments[segment] = figure.segments.get(segment, 0) + participants
            figure.participants_derived = figure.participants_derived or derived
        figure.participants = sum(figure.segments.values())
        if figure.participants_derived:
            figure.notes.append(
                _("Peserta dijumlahkan dari wilayah di bawahnya (laporan BPJS tidak memuat wilayah ini).")
            )
        outside = figure.bpu_outside_payung
        if outside is not None and outside < 0:
            figure.notes.append(
                _(
                    "Kepesertaan Payung (%(payung)s) melebihi BPU dalam laporan BPJS (%(bpu)s): laporan mungkin belum mutakhir."
                )
                % {
                    "payung": number_format(figure.registry_total, force_grouping=True),
                    "bpu": number_format(figure.segments["BPU"], force_grouping=True),
                }
            )
    elif figure.funders:
        figure.source = Source.REGISTRY
        figure.participants = figure.registry_total
        figure.segments = {"BPU": figure.participants}
        figure.notes.append(
            _("Belum ada laporan BPJS bulan ini: hanya kepesertaan yang didanai lewat Payung (batas bawah).")
        )
    else:
        figure.notes.append(_("Tidak ada data peserta untuk wilayah dan bulan ini."))


def _fill_denominator(figure: Figure, denominators: Denominators) -> None:
    found = denominators.get(figure.code, figure.month.year, figure.denominator_kind)
    label = DenominatorKind(figure.denominator_kind).label
    if found is None:
        figure.notes.append(
            _("Tidak ada data %(kind)s BPS untuk wilayah ini.") % {"kind": str(label).lower()}
        )
        return
    figure.denominator, figure.denominator_year, figure.denominator_derived = found
    if figure.denominator_year != figure.month.year:
        figure.notes.append(
            _("Memakai data %(kind)s tahun %(year)s (belum ada data tahun %(month_year)s).")
            % {"kind": str(label).lower(), "year": figure.denominator_year, "month_year": figure.month.year}
        )
    if figure.denominator_derived:
        figure.notes.append(_("Penyebut dijumlahkan dari wilayah di bawahnya (bisa belum lengkap)."))
    if (
        figure.participants is not None
        and figure.denominator is not None
        and figure.participants > figure.denominator
    ):
        figure.notes.append(
            _("Peringatan: %(name)s memiliki peserta lebih banyak dari %(kind)s; periksa data.")
            % {"name": figure.name, "kind": str(label).lower()}
        )


def figure_for(code: str, month: dt.date, kind: str) -> Figure:
    return figures([Region.objects.get(code=code)], month, kind)[0]


@dataclass(frozen=True)
class SeriesPoint:
    month: dt.date
    participants: int
    source: str
    denominator: int | None
    coverage_pct: Decimal | None


def series(
    code: str, kind: str, *, until: dt.date | None = None, denominators: Denominators | None = None
) -> list[SeriesPoint]:
    """Participants and coverage of the region month by month, following the counting rule."""
    until = until or current_month()
    denominators = denominators or Denominators({code})
    monthly: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = CoverageMonth.objects.filter(region_id=code, month__lte=until).values_list(
        "month", "source", "participants"
    )
    for month, source, participants in rows:
        monthly[month][source] += participants
    # Once the region has BPJS reports, the series is the report's: months with memberships only are a
    # lower bound and would show as a cliff after the last report.
    reported = any(Source.BPJS_REPORT in sources for sources in monthly.values())
    points = []
    for month in sorted(monthly):
        sources = monthly[month]
        if reported and Source.BPJS_REPORT not in sources:
            continue
        source = Source.BPJS_REPORT if reported else Source.REGISTRY
        found = denominators.get(code, month.year, kind)
        denominator = found[0] if found else None
        points.append(
            SeriesPoint(month, sources[source], source, denominator, percent(sources[source], denominator))
        )
    return points


@dataclass
class TargetStatus:
    target: Target
    target_pct: Decimal | None  # None: a relative target whose base year has no coverage figure
    base_pct: Decimal | None = None
    current_pct: Decimal | None = None
    progress_pct: Decimal | None = None  # current / target
    note: str = ""


def base_coverage(code: str, year: int, kind: str, points: list[SeriesPoint] | None = None) -> Decimal | None:
    """Coverage in the last month of `year` that has data (the value a relative target grows from)."""
    points = points if points is not None else series(code, kind, until=dt.date(year, 12, 1))
    in_year = [p for p in points if p.month.year == year and p.coverage_pct is not None]
    return in_year[-1].coverage_pct if in_year else None


def target_pct(
    target: Target, points: list[SeriesPoint] | None = None
) -> tuple[Decimal | None, Decimal | None]:
    """(target percentage, base-year coverage for a relative target)."""
    if target.mode == TargetMode.PERCENT:
        return target.percent, None
    base = base_coverage(target.region_id, target.base_year, target.denominator_kind, points)
    if base is None:
        return None, None
    value = (base * (100 + target.increase_pct) / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return min(value, Decimal(100)), base


def targets_of(code: str) -> list[Target]:
    return list(Target.objects.filter(region_id=code).order_by("year", "kind"))


def target_statuses(
    targets: list[Target], current: dict[str, Decimal | None], series_by_kind: dict[str, list[SeriesPoint]]
) -> list[TargetStatus]:
    statuses = []
    for target in targets:
        value, base = target_pct(target, series_by_kind.get(target.denominator_kind))
        status = TargetStatus(target=target, target_pct=value, base_pct=base)
        status.current_pct = current.get(target.denominator_kind)
        if value is None:
            status.note = _("Belum ada cakupan tahun dasar %(year)s.") % {"year": target.base_year}
        elif status.current_pct is not None:
            status.progress_pct = (status.current_pct * 100 / value).quantize(CENT, rounding=ROUND_HALF_UP)
        statuses.append(status)
    return statuses


def target_for_month(code: str, year: int) -> Target | None:
    """The target the region works to in `year`: the nearest target year not before it, most specific kind."""
    targets = list(Target.objects.filter(region_id=code, year__gte=year))
    if not targets:
        return None
    return min(targets, key=lambda t: (t.year, KIND_PRECEDENCE[TargetKind(t.kind)]))


@dataclass(frozen=True)
class OccupationGap:
    code: str
    name: str
    registered: int
    covered: int

    @property
    def uncovered(self) -> int:
        return self.registered - self.covered


def occupation_gaps(region: Region, month: dt.date) -> list[OccupationGap]:
    """Registered workers without a counted membership, per occupation (regency or district; a
    province sums its regencies). Largest gap first."""
    if region.level == Level.VILLAGE:
        return []
    rows = OccupationMonth.objects.filter(month=month)
    if region.level == Level.PROVINCE:
        rows = rows.filter(region_id__in=Region.objects.filter(parent_id=region.code).values("code"))
    else:
        rows = rows.filter(region_id=region.code)
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for code, name, registered, covered in rows.values_list(
        "occupation_id", "occupation__name", "registered", "covered"
    ):
        totals[(code, name)][0] += registered
        totals[(code, name)][1] += covered
    gaps = [OccupationGap(code, name, r, c) for (code, name), (r, c) in totals.items()]
    return sorted(gaps, key=lambda g: (-g.uncovered, g.name))


@dataclass(frozen=True)
class VillageParticipation:
    code: str
    name: str
    villages: int
    funding: int  # villages funding at least one worker in the year
    workers: int  # workers those villages fund

    @property
    def pct(self) -> Decimal | None:
        return percent(self.funding, self.villages)

    @property
    def complete(self) -> bool:
        return self.villages > 0 and self.funding == self.villages


def village_participation(region: Region, year: int) -> list[VillageParticipation]:
    """Per district (per regency for a province): villages funding workers in `year` over all villages."""
    if region.level == Level.VILLAGE:
        return []
    # Codes nest (13.02.07.2001 lies in 13.02.07, 13.02, 13): a prefix finds what lies below, and the
    # first characters of a code name its district (8) or regency (5); counted in the database.
    group = 8 if region.level in (Level.REGENCY, Level.DISTRICT) else 5
    villages = Region.objects.filter(level=Level.VILLAGE, code__startswith=region.code + ".")
    funding = VillageFunding.objects.filter(year=year)
    if region.level == Level.DISTRICT:
        funding = funding.filter(district_code=region.code)
    elif region.level == Level.REGENCY:
        funding = funding.filter(regency_code=region.code)
    else:
        funding = funding.filter(regency_code__startswith=region.code + ".")
    counts = dict(
        villages.annotate(key=Substr("code", 1, group))
        .values("key")
        .annotate(villages=Count("code"))
        .values_list("key", "villages")
    )
    funded = {
        key: (villages_funding, workers)
        for key, villages_funding, workers in funding.annotate(key=Substr("village_id", 1, group))
        .values("key")
        .annotate(villages=Count("village_id"), workers=Sum("workers"))
        .values_list("key", "villages", "workers")
    }
    names = dict(Region.objects.filter(code__in=list(counts)).values_list("code", "name"))
    return [
        VillageParticipation(code, names.get(code, code), counts[code], *funded.get(code, (0, 0)))
        for code in sorted(counts)
    ]
