"""The coverage dashboard of one region and month, assembled from the selectors as plain tables.

Every table is a `Table` (title, headers, rows) so the page and its XLSX download show the same thing.
Aggregates only: nothing here names a person.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from payung.lib import formats
from payung.lib.masking import suppress_small
from payung.regions.models import Level, Region
from payung.rules import Month
from payung.tariffs.services import current_rulebook

from .forecast import Forecast, forecast
from .models import CoverageMonth, DenominatorKind, Segment
from .selectors import (
    Denominators,
    Figure,
    SeriesPoint,
    TargetStatus,
    figures,
    occupation_gaps,
    percent,
    series,
    target_statuses,
    targets_of,
    village_participation,
)

FUNDER_LABELS = {
    "APBD": "APBD",
    "APBDES": gettext_lazy("APBDes / Dana Desa"),
    "APBN": "APBN",
    "CSR": "CSR",
    "BAZNAS": "BAZNAS",
    # In Payung only Perisai agents bring self-paying members (agents/, a MANDIRI scheme per district).
    "MANDIRI": gettext_lazy("Mandiri (agen Perisai)"),
}
CHILD_LABELS = {
    Level.PROVINCE: gettext_lazy("Kabupaten/Kota"),
    Level.REGENCY: gettext_lazy("Kecamatan"),
    Level.DISTRICT: gettext_lazy("Desa/Kelurahan"),
}


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[object]] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)  # a link for each row's first cell
    note: str = ""

    def display_rows(self) -> list[list[dict]]:
        """Cells formatted for the page (thousands and decimals as the language writes them)."""
        result = []
        for index, row in enumerate(self.rows):
            url = self.links[index] if index < len(self.links) else None
            cells = []
            for column, value in enumerate(row):
                numeric = isinstance(value, (int, Decimal)) and not isinstance(value, bool)
                if value is None:
                    text = "—"
                elif numeric:
                    text = formats.number(value, 2 if isinstance(value, Decimal) else None)
                elif isinstance(value, dt.date):  # a month of the series: its first day
                    text = formats.month(value)
                else:
                    text = str(value)
                cells.append({"text": text, "numeric": numeric, "url": url if column == 0 else None})
            result.append(cells)
        return result


@dataclass
class TargetView:
    status: TargetStatus
    forecast: Forecast | None


@dataclass
class Dashboard:
    region: Region
    month: dt.date
    kind: str
    headline: Figure
    children: list[Figure]
    targets: list[TargetView]
    points: list[SeriesPoint]
    months: list[dt.date]
    ancestors: list[Region]
    tables: dict[str, Table]
    village_summary: tuple[int, int, list[str]] | None  # funding, villages, complete district names
    trend_chart: dict
    ranking_chart: dict


def suppress_small_counts(board: Dashboard) -> None:
    """For roles that see aggregates only: every count in the breakdown tables under 5 shows as "< 5" (the
    one rule, lib.masking.suppress_small). Whole numbers in the tables are counts; shares are Decimals
    and amounts far above 5. The headline is the region's own total, not a breakdown."""
    for table in board.tables.values():
        table.rows = [
            [suppress_small(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in row]
            for row in table.rows
        ]
    # A share of a small count gives the count away (the denominators are public): such regions leave
    # the ranking chart as they show "< 5" in its table.
    chart = board.ranking_chart
    kept = [i for i, n in enumerate(chart["participants"]) if suppress_small(n) == n]
    board.ranking_chart = {key: [chart[key][i] for i in kept] for key in ("labels", "data", "participants")}


def link(region_code: str, month: dt.date, kind: str) -> str:
    return f"{reverse('coverage:dashboard')}?region={region_code}&month={month:%Y-%m}&denominator={kind}"


def build_dashboard(region: Region, month: dt.date, kind: str, *, scope) -> Dashboard:
    children_regions = list(Region.objects.filter(parent_id=region.code).order_by("code"))
    denominators = Denominators({region.code})
    headline, *children = figures([region, *children_regions], month, kind, denominators)
    targets, points_by_kind = target_views(region.code, month, kind, denominators)
    points = points_by_kind[kind]
    months = sorted(
        set(CoverageMonth.objects.filter(region_id=region.code).values_list("month", flat=True).distinct())
        | {month},
        reverse=True,
    )
    ancestors = [
        r
        for r in Region.objects.filter(code__in=region.ancestor_codes).order_by("level")
        if scope.contains(r.code)
    ]
    tables = {}
    tables["wilayah"] = _children_table(region, children, month, kind)
    tables["segmen"] = _funding_table(headline)
    tables["target"] = _target_table(targets)
    tables["tren"] = _trend_table(points, kind)
    tables["pekerjaan"] = _occupation_table(region, month)
    villages = village_participation(region, month.year)
    tables["desa"] = _village_table(region, villages, month.year)
    village_summary = None
    if villages:
        village_summary = (
            sum(v.funding for v in villages),
            sum(v.villages for v in villages),
            [v.name for v in villages if v.complete],
        )
    return Dashboard(
        region=region,
        month=month,
        kind=kind,
        headline=headline,
        children=children,
        targets=targets,
        points=points,
        months=months,
        ancestors=ancestors,
        tables=tables,
        village_summary=village_summary,
        trend_chart=_trend_chart(points, targets, kind),
        ranking_chart=_ranking_chart(children),
    )


def target_views(
    code: str, month: dt.date, kind: str, denominators: Denominators
) -> tuple[list[TargetView], dict[str, list[SeriesPoint]]]:
    """The region's targets, each with its progress in `month` and its forecast, and the series of every
    denominator they need (`kind`'s always): the dashboard's target table, and the API's."""
    target_kinds = {kind}
    points_by_kind = {kind: series(code, kind, denominators=denominators)}
    region_targets = targets_of(code)
    target_kinds |= {target.denominator_kind for target in region_targets}
    for other in target_kinds - {kind}:
        points_by_kind[other] = series(code, other, denominators=denominators)
    current = {
        k: next(
            (
                p.coverage_pct
                for p in reversed(points_by_kind[k])
                if p.month <= month and p.coverage_pct is not None
            ),
            None,
        )
        for k in target_kinds
    }
    statuses = target_statuses(region_targets, current, points_by_kind)
    rulebook = current_rulebook() if statuses else None
    targets = [TargetView(status, _forecast(status, points_by_kind, month, rulebook)) for status in statuses]
    return targets, points_by_kind


def _forecast(status: TargetStatus, points_by_kind, month: dt.date, rulebook) -> Forecast | None:
    if status.target_pct is None:
        return None
    points = [p for p in points_by_kind[status.target.denominator_kind] if p.month <= month]
    with_denominator = [p for p in points if p.denominator]
    if not with_denominator:
        return None
    denominator = with_denominator[-1].denominator
    target_participants = math.ceil(status.target_pct * denominator / 100)
    return forecast(
        [(p.month.year * 12 + p.month.month - 1, p.participants) for p in points],
        target_participants=target_participants,
        deadline=Month(status.target.year, 12),
        rulebook=rulebook,
    )


def _children_table(region: Region, children: list[Figure], month: dt.date, kind: str) -> Table:
    label = str(CHILD_LABELS.get(Level(region.level), _("Wilayah")))
    table = Table(
        "wilayah",
        _("Cakupan dan kesenjangan per %(level)s") % {"level": label.lower()},
        [
            _("Kode"),
            label,
            _("Peserta"),
            _("Sumber"),
            DenominatorKind(kind).label,
            _("Cakupan (%)"),
            _("Belum terlindungi"),
            _("Catatan"),
        ],
    )
    ordered = sorted(children, key=lambda f: (f.uncovered is None, -(f.uncovered or 0), f.code))
    for figure in ordered:
        table.rows.append(
            [
                figure.code,
                figure.name,
                figure.participants,
                _source_label(figure),
                figure.denominator,
                figure.coverage_pct,
                figure.uncovered,
                " ".join(figure.notes),
            ]
        )
        table.links.append(link(figure.code, month, kind) if region.level < Level.VILLAGE else None)
    if not children:
        table.note = _("Wilayah ini tidak memiliki wilayah di bawahnya.")
    return table


def _source_label(figure: Figure) -> str:
    if figure.source is None:
        return "-"
    if figure.source == "registry":
        return _("Payung (batas bawah)")
    return _("Laporan BPJS (dijumlahkan)") if figure.participants_derived else _("Laporan BPJS")


def _funding_table(figure: Figure) -> Table:
    table = Table("segmen", _("Peserta menurut segmen dan sumber pendanaan"), [_("Kelompok"), _("Peserta")])
    for segment in Segment:
        if segment.value in figure.segments and not (figure.source == "registry" and segment == Segment.BPU):
            table.rows.append([segment.label, figure.segments[segment.value]])
    for funder, count in sorted(figure.funders.items()):
        table.rows.append(
            [_("BPU didanai %(funder)s (Payung)") % {"funder": FUNDER_LABELS.get(funder, funder)}, count]
        )
    self_paid = figure.funders.get("MANDIRI")
    if self_paid and figure.denominator:
        # The agents' contribution to the UCJ target: the coverage points their recruits add.
        table.rows.append(
            [
                _("Sumbangan agen Perisai terhadap cakupan (poin persen)"),
                percent(self_paid, figure.denominator),
            ]
        )
    outside = figure.bpu_outside_payung
    if outside is not None:
        table.rows.append([_("BPU lainnya (mandiri / penyandang dana di luar Payung)"), outside])
    table.note = _(
        "Laporan BPJS adalah jumlah total; kepesertaan Payung merinci bagian BPU menurut penyandang dana "
        "dan tidak ditambahkan lagi."
    )
    return table


def _target_table(targets: list[TargetView]) -> Table:
    table = Table(
        "target",
        _("Target dan proyeksi"),
        [
            _("Jenis"),
            _("Tahun"),
            _("Target (%)"),
            _("Penyebut"),
            _("Cakupan kini (%)"),
            _("Capaian (%)"),
            _("Tercapai pada"),
            _("Tambahan peserta/bulan"),
            _("Anggaran setahun (Rp)"),
            _("Sumber / catatan"),
        ],
    )
    for view in targets:
        target, forecast_ = view.status.target, view.forecast
        if target.mode == "increase":
            basis = _("%(inc)s atas %(base)s") % {
                "inc": formats.signed_percent(target.increase_pct),
                "base": target.base_year,
            }
        else:
            basis = ""
        reached = "-"
        if forecast_ is not None:
            if forecast_.already_reached:
                reached = _("sudah tercapai")
            elif forecast_.reached_month is None:
                reached = _("tidak tercapai pada laju sekarang")
            else:
                reached = formats.month(forecast_.reached_month.first_day)
        table.rows.append(
            [
                target.get_kind_display(),
                str(target.year),
                view.status.target_pct,
                target.get_denominator_kind_display(),
                view.status.current_pct,
                view.status.progress_pct,
                reached,
                forecast_.extra_per_month if forecast_ else None,
                forecast_.yearly_budget if forecast_ else None,
                " ".join(x for x in (basis, target.source, view.status.note) if x),
            ]
        )
    if not targets:
        table.note = _("Belum ada target untuk wilayah ini.")
    else:
        priced = [view.forecast for view in targets if view.forecast is not None]
        basis = next((f.income_basis for f in priced if f.income_basis), None)
        sources = list(dict.fromkeys(c.source for f in priced for c in f.citations))
        table.note = _(
            "Proyeksi: laju rata-rata 12 bulan terakhir. Anggaran: peserta yang masih kurang pada akhir tahun target "
            "× iuran BPU JKK+JKM (dasar Rp%(basis)s, APBD) × 12 bulan, dari mesin aturan iuran."
        ) % {"basis": formats.number(basis) if basis else "–"}
        if sources:
            table.note += " " + _("Dasar aturan: %(sources)s.") % {"sources": "; ".join(sources)}
    return table


def _trend_table(points: list[SeriesPoint], kind: str) -> Table:
    table = Table(
        "tren",
        _("Tren bulanan"),
        [_("Bulan"), _("Peserta"), _("Sumber"), DenominatorKind(kind).label, _("Cakupan (%)")],
    )
    for point in points:
        table.rows.append(
            [
                point.month,
                point.participants,
                _("Laporan BPJS") if point.source == "bpjs_report" else _("Payung"),
                point.denominator,
                point.coverage_pct,
            ]
        )
    return table


def _occupation_table(region: Region, month: dt.date) -> Table:
    table = Table(
        "pekerjaan",
        _("Kesenjangan menurut pekerjaan (pekerja terdaftar di Payung)"),
        [_("Pekerjaan"), _("Terdaftar"), _("Terlindungi"), _("Belum terlindungi")],
    )
    for gap in occupation_gaps(region, month):
        table.rows.append([gap.name, gap.registered, gap.covered, gap.uncovered])
    if not table.rows:
        table.note = _("Belum ada pekerja terdaftar untuk wilayah dan bulan ini.")
    return table


def _village_table(region: Region, villages, year: int) -> Table:
    label = _("Kabupaten/Kota") if region.level == Level.PROVINCE else _("Kecamatan")
    table = Table(
        "desa",
        _("Partisipasi desa %(year)s (desa yang mendanai sedikitnya satu pekerja)") % {"year": year},
        [
            _("Kode"),
            label,
            _("Desa mendanai"),
            _("Jumlah desa"),
            _("Partisipasi (%)"),
            _("Pekerja didanai desa"),
        ],
    )
    for row in villages:
        table.rows.append([row.code, row.name, row.funding, row.villages, row.pct, row.workers])
    if not villages:
        table.note = _("Tidak ada data desa untuk wilayah ini.")
    return table


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _trend_chart(points: list[SeriesPoint], targets: list[TargetView], kind: str) -> dict:
    labels = [f"{p.month:%Y-%m}" for p in points]
    datasets = [
        {"label": _("Cakupan (%)"), "data": [_number(p.coverage_pct) for p in points], "kind": "coverage"}
    ]
    for view in targets:
        if view.status.target_pct is not None and view.status.target.denominator_kind == kind:
            datasets.append(
                {
                    "label": _("Target %(kind)s %(year)s")
                    % {"kind": view.status.target.get_kind_display(), "year": view.status.target.year},
                    "data": [_number(view.status.target_pct)] * len(points),
                    "kind": "target",
                }
            )
    return {"labels": labels, "datasets": datasets}


def _ranking_chart(children: list[Figure]) -> dict:
    ranked = sorted((f for f in children if f.coverage_pct is not None), key=lambda f: -f.coverage_pct)
    return {
        "labels": [f.name for f in ranked],
        "data": [_number(f.coverage_pct) for f in ranked],
        "participants": [f.participants for f in ranked],
    }
