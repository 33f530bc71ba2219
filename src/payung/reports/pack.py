"""The rakor pack of one region and year: eight sections of plain tables, charts and sentences.

Every figure is read from the function the screen showing it uses, never computed a second way:
coverage, targets, forecasts, gaps and village participation from the coverage dashboard
(`coverage.dashboard.build_dashboard`), schemes from the scheme list's burn-down
(`schemes.burndown.burn_downs`) and member summary, claims from the claims dashboard
(`claims.selectors.dashboard`, `value_for_money`, `claims.tables.dashboard_tables`), agents from
`agents.selectors.district_activity`, next year's cost from the regulation engine through
`coverage.forecast` (docs/reports.md lists the source of each figure).

A pack is handed round a meeting and kept in an archive any viewer of the region may open, so it is
always written for a viewer: aggregates only, no NIK or name, counts under 5 as "< 5" in breakdowns
(`lib.masking.suppress_small`, through the dashboards' own suppression).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from payung.coverage.dashboard import FUNDER_LABELS
from payung.lib import formats
from payung.lib.masking import suppress_small
from payung.regions.models import Region
from payung.rules import Month, cost_plan

from . import charts
from .national import references_for

Progress = Callable[[str, int], None]

# Column kinds: how a cell is written in the PDF and formatted in the XLSX.
TEXT, COUNT, PERCENT, RUPIAH, MONTH = "text", "count", "percent", "rupiah", "month"


@dataclass
class PackTable:
    key: str
    title: str
    headers: list[str]
    kinds: list[str]
    rows: list[list[object]] = field(default_factory=list)
    note: str = ""
    empty: str = ""  # said instead of an empty table

    def cell_text(self, column: int, value: object) -> str:
        if value is None:
            return formats.EMPTY
        if isinstance(value, str):
            return value
        kind = self.kinds[column]
        if kind == RUPIAH:
            return formats.rupiah(value)
        if kind == MONTH and isinstance(value, dt.date):
            return formats.month(value)
        if kind == PERCENT:
            return formats.number(value, 2)
        if isinstance(value, (int, Decimal)):
            return formats.number(value)
        return str(value)

    def display_rows(self) -> list[list[str]]:
        return [[self.cell_text(i, v) for i, v in enumerate(row)] for row in self.rows]

    def shown(self) -> list[list[dict]]:
        """Cells for the PDF: the text and whether it is a figure (right-aligned)."""
        return [
            [{"text": self.cell_text(i, v), "numeric": self.kinds[i] != TEXT} for i, v in enumerate(row)]
            for row in self.rows
        ]


@dataclass
class Chart:
    kind: str  # "line" or "bar"
    title: str
    svg: str
    labels: list[str]
    series: list[tuple[str, list[float | None]]]  # for the XLSX's native chart


@dataclass
class Section:
    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[PackTable] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    empty: str = ""  # the section has no data: this sentence stands in for it


@dataclass
class Pack:
    region: Region
    year: int
    month: dt.date
    generated_at: dt.datetime
    generated_by: str
    sections: list[Section]

    @property
    def title(self) -> str:
        return _("Bahan rakor %(region)s tahun %(year)s") % {"region": self.region.name, "year": self.year}

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def _from_dashboard(table, kinds: list[str], *, empty: str = "") -> PackTable:
    """A coverage dashboard table as the pack writes it (same rows, same suppression)."""
    return PackTable(
        table.key,
        str(table.title),
        [str(h) for h in table.headers],
        kinds,
        [list(row) for row in table.rows],
        note=str(table.note or ""),
        empty=empty,
    )


def _from_claims(table, *, empty: str) -> PackTable:
    kinds = [RUPIAH if i in table.money_columns else COUNT for i in range(len(table.headers))]
    kinds[0] = TEXT
    if table.key == "scheme":
        kinds[1] = TEXT
    return PackTable(
        table.key,
        str(table.title),
        [str(h) for h in table.headers],
        kinds,
        [list(r) for r in table.rows],
        str(table.note),
        empty,
    )


def build_pack(
    region: Region,
    year: int,
    month: dt.date,
    *,
    scope,
    generated_by: str,
    generated_at: dt.datetime,
    today: dt.date,
    progress: Progress | None = None,
) -> Pack:
    from payung.coverage.dashboard import build_dashboard, suppress_small_counts
    from payung.coverage.models import DenominatorKind

    report = progress or (lambda phase, percent: None)
    report(_("Cakupan dan target"), 10)
    board = build_dashboard(region, month, DenominatorKind.LABOUR_FORCE, scope=scope)
    suppress_small_counts(board)
    sections = [_summary(board, year), _trend(board)]
    report(_("Kesenjangan"), 30)
    sections.append(_gap(board))
    report(_("Pendanaan"), 45)
    sections.append(_funding(board, region, year, today))
    report(_("Klaim"), 60)
    sections.append(_claims(region, year))
    report(_("Agen Perisai"), 70)
    sections.append(_agents(region, year, month))
    report(_("Rencana tahun depan"), 80)
    sections.append(_plan(board, region, year))
    sections.append(_sources(board, region, month, generated_by, generated_at))
    return Pack(region, year, month, generated_at, generated_by, sections)


# ---------------------------------------------------------------- 1. summary


def _summary(board, year: int) -> Section:
    head = board.headline
    section = Section("ringkasan", _("1. Ringkasan"))
    if head.participants is None:
        section.empty = _("Belum ada data cakupan untuk wilayah dan bulan ini.")
        return section
    values = {
        "region": board.region.name,
        "month": formats.month(board.month),
        "pct": formats.percent(head.coverage_pct),
        "participants": formats.number(head.participants),
        "denominator": formats.number(head.denominator),
        "kind": _denominator_label(head.denominator_kind),
    }
    if head.denominator:
        sentence = (
            _(
                "Cakupan %(region)s per %(month)s mencapai %(pct)s (%(participants)s dari %(denominator)s %(kind)s)."
            )
            % values
        )
        sentence += " " + _("Masih %(uncovered)s %(kind)s belum terlindungi.") % {
            "uncovered": formats.number(head.uncovered),
            "kind": values["kind"],
        }
    else:
        sentence = _("Peserta %(region)s per %(month)s: %(participants)s (belum ada data BPS).") % values
    table = PackTable(
        "ringkasan",
        _("Cakupan dan target"),
        [
            _("Ukuran"),
            _("Tahun"),
            _("Target (%)"),
            _("Cakupan (%)"),
            _("Kekurangan pekerja"),
            _("Sumber / catatan"),
        ],
        [TEXT, TEXT, PERCENT, PERCENT, COUNT, TEXT],
    )
    table.rows.append(
        [
            _("Cakupan per %(month)s") % {"month": formats.month(board.month)},
            str(board.month.year),
            None,
            head.coverage_pct,
            None,
            _("%(participants)s peserta dari %(denominator)s") % values if head.denominator else "",
        ]
    )
    for view in board.targets:
        target, status = view.status.target, view.status
        gap = None
        if view.forecast is not None:
            # Against the target's own series (its denominator kind), up to the pack's month.
            gap = max(0, view.forecast.target_participants - view.forecast.last_participants)
        table.rows.append(
            [
                _("Target %(kind)s") % {"kind": target.get_kind_display()},
                str(target.year),
                status.target_pct,
                status.current_pct,
                gap,
                " ".join(x for x in (target.source, status.note) if x),
            ]
        )
        if target.year == year and status.target_pct is not None and gap is not None:
            sentence += " " + (
                _("Target %(kind)s %(year)s sebesar %(target)s: kurang %(gap)s pekerja.")
                % {
                    "kind": target.get_kind_display(),
                    "year": target.year,
                    "target": formats.percent(status.target_pct),
                    "gap": formats.number(gap),
                }
                if gap
                else _("Target %(kind)s %(year)s sebesar %(target)s sudah tercapai.")
                % {
                    "kind": target.get_kind_display(),
                    "year": target.year,
                    "target": formats.percent(status.target_pct),
                }
            )
    for reference in references_for(board.month.year):
        table.rows.append(
            [str(reference.label), str(reference.year), reference.percent, None, None, reference.source]
        )
    if not board.targets:
        sentence += " " + _("Belum ada target yang dicatat untuk wilayah ini.")
    section.paragraphs.append(sentence)
    section.tables.append(table)
    return section


def _denominator_label(kind: str) -> str:
    from payung.coverage.models import DenominatorKind

    return str(DenominatorKind(kind).label).lower()


# ---------------------------------------------------------------- 2. trend


def _trend(board) -> Section:
    section = Section("tren", _("2. Tren bulanan dan proyeksi"))
    if not board.points:
        section.empty = _("Belum ada data cakupan bulanan untuk wilayah ini.")
        return section
    chart = board.trend_chart
    labels = [formats.month(dt.date.fromisoformat(label + "-01")) for label in chart["labels"]]
    short = [dt.date.fromisoformat(label + "-01").strftime("%m/%y") for label in chart["labels"]]
    series = [(str(d["label"]), list(d["data"])) for d in chart["datasets"]]
    svg = charts.line_chart(
        short, [(name, values, i > 0) for i, (name, values) in enumerate(series)], unit=" %"
    )
    section.charts.append(Chart("line", _("Cakupan bulanan (%) dan target"), svg, labels, series))
    for view in board.targets:
        forecast = view.forecast
        if forecast is None or view.status.target_pct is None:
            continue
        values = {
            "kind": view.status.target.get_kind_display(),
            "year": view.status.target.year,
            "target": formats.percent(view.status.target_pct),
            "pace": formats.number(forecast.pace_per_month, 1),
        }
        if forecast.already_reached:
            text = _("Target %(kind)s %(year)s (%(target)s) sudah tercapai.") % values
        elif forecast.reached_month is None:
            text = (
                _(
                    "Target %(kind)s %(year)s (%(target)s) tidak tercapai pada laju sekarang (%(pace)s peserta/bulan)."
                )
                % values
            )
        else:
            values["when"] = formats.month(forecast.reached_month.first_day)
            text = (
                _(
                    "Pada laju sekarang (%(pace)s peserta/bulan), target %(kind)s %(year)s (%(target)s) tercapai pada %(when)s."
                )
                % values
            )
        section.paragraphs.append(text)
    section.tables.append(_from_dashboard(board.tables["tren"], [MONTH, COUNT, TEXT, COUNT, PERCENT]))
    section.tables.append(
        _from_dashboard(
            board.tables["target"],
            [TEXT, TEXT, PERCENT, TEXT, PERCENT, PERCENT, TEXT, COUNT, RUPIAH, TEXT],
            empty=_("Belum ada target untuk wilayah ini."),
        )
    )
    return section


# ---------------------------------------------------------------- 3. gap


def _gap(board) -> Section:
    section = Section("kesenjangan", _("3. Kesenjangan: pekerja belum terlindungi"))
    ranked = [
        f
        for f in sorted(board.children, key=lambda f: -(f.uncovered or 0))
        if f.uncovered is not None and suppress_small(f.participants) == f.participants
    ]
    if ranked:
        labels = [f.name for f in ranked]
        values = [float(f.uncovered) for f in ranked]
        section.charts.append(
            Chart(
                "bar",
                _("Belum terlindungi per wilayah"),
                charts.bar_chart(labels, values),
                labels,
                [(_("Belum terlindungi"), values)],
            )
        )
    children = _from_dashboard(
        board.tables["wilayah"], [TEXT, TEXT, COUNT, TEXT, COUNT, PERCENT, COUNT, TEXT]
    )
    if not children.rows:
        children.empty, children.note = children.note, ""
    occupations = _from_dashboard(
        board.tables["pekerjaan"],
        [TEXT, COUNT, COUNT, COUNT],
        empty=_("Belum ada pekerja terdaftar di Payung untuk wilayah dan bulan ini."),
    )
    occupations.note = ""
    section.tables += [children, occupations]
    if not children.rows and not occupations.rows:
        section.empty = _("Belum ada data kesenjangan untuk wilayah ini.")
    return section


# ---------------------------------------------------------------- 4. funding


def schemes_of(region: Region, year: int):
    """The funding schemes of the region's funders and of the areas inside it, for `year` (the claims
    dashboard's filter)."""
    from payung.schemes.models import FundingScheme
    from payung.schemes.selectors import SCHEME_LEVEL_FIELDS

    return (
        FundingScheme.objects.filter(year=year, **{SCHEME_LEVEL_FIELDS[region.level]: region.code})
        .select_related("funder_region")
        .order_by("funder_type", "name", "id")
    )


def _funding(board, region: Region, year: int, today: dt.date) -> Section:
    from payung.schemes.burndown import burn_downs
    from payung.schemes.selectors import scheme_member_summary

    section = Section("pendanaan", _("4. Pendanaan: skema %(year)s") % {"year": year})
    schemes = list(schemes_of(region, year))
    table = PackTable(
        "skema",
        _("Skema pendanaan %(year)s") % {"year": year},
        [
            _("Skema"),
            _("Penyandang dana"),
            _("Status"),
            _("Anggota"),
            _("Pagu (Rp)"),
            _("Ditagih (Rp)"),
            _("Dibayar (Rp)"),
            _("Tunggakan (Rp)"),
            _("Sisa pagu (Rp)"),
            _("Proyeksi akhir tahun (Rp)"),
        ],
        [TEXT, TEXT, TEXT, COUNT, RUPIAH, RUPIAH, RUPIAH, RUPIAH, RUPIAH, RUPIAH],
        empty=_("Belum ada skema pendanaan untuk tahun ini."),
    )
    figures = burn_downs(schemes, today=today) if schemes else {}
    totals = [0] * 6
    for scheme in schemes:
        burn = figures[scheme.pk]
        members = len(scheme_member_summary(scheme.pk).worker_ids)
        amounts = [burn.budget, burn.billed, burn.paid, burn.arrears, burn.left, burn.projected]
        totals = [a + b for a, b in zip(totals, amounts, strict=True)]
        table.rows.append(
            [
                scheme.name,
                f"{FUNDER_LABELS.get(scheme.funder_type, scheme.funder_type)} · {scheme.funder_region.name}",
                scheme.get_status_display(),
                suppress_small(members),
                *amounts,
            ]
        )
    if schemes:
        table.rows.append([_("Jumlah"), "", "", None, *totals])
        budget, billed, paid = totals[0], totals[1], totals[2]
        labels = [_("Pagu"), _("Ditagih"), _("Dibayar"), _("Proyeksi akhir tahun")]
        values = [float(budget), float(billed), float(paid), float(totals[5])]
        section.charts.append(
            Chart(
                "bar",
                _("Serapan anggaran (Rp)"),
                charts.bar_chart(labels, values),
                labels,
                [("Rp", values)],
            )
        )
        section.paragraphs.append(
            _(
                "%(count)s skema dengan pagu %(budget)s: ditagih %(billed)s, dibayar %(paid)s, tunggakan %(arrears)s."
            )
            % {
                "count": len(schemes),
                "budget": formats.rupiah(budget),
                "billed": formats.rupiah(billed),
                "paid": formats.rupiah(paid),
                "arrears": formats.rupiah(totals[3]),
            }
        )
    section.tables.append(table)
    villages = _from_dashboard(
        board.tables["desa"], [TEXT, TEXT, COUNT, COUNT, PERCENT, COUNT], empty=str(board.tables["desa"].note)
    )
    villages.note = ""
    if board.village_summary is not None:
        funding, total, complete = board.village_summary
        text = _("%(funding)s dari %(total)s desa mendanai sedikitnya satu pekerja pada %(year)s.") % {
            "funding": formats.number(funding),
            "total": formats.number(total),
            "year": year,
        }
        if complete:
            text += " " + _("Kecamatan dengan semua desa ikut: %(names)s.") % {"names": ", ".join(complete)}
        villages.note = text
    section.tables.append(villages)
    if not schemes and board.village_summary is None:
        section.empty = _("Belum ada skema pendanaan atau partisipasi desa untuk tahun ini.")
    return section


# ---------------------------------------------------------------- 5. claims


def _claims(region: Region, year: int) -> Section:
    from payung.claims.models import Claim
    from payung.claims.selectors import dashboard, in_region, value_for_money
    from payung.claims.tables import dashboard_tables

    section = Section("klaim", _("5. Klaim dan manfaat %(year)s") % {"year": year})
    claims = in_region(Claim.objects.all(), region.code)
    board = dashboard(claims, year)
    schemes = schemes_of(region, year).values_list("id", "name", "funder_type")
    tables = {t.key: t for t in dashboard_tables(board, value_for_money(claims, year, schemes), masked=True)}
    total = board["total"]
    if not total["claims"]:
        section.empty = _("Belum ada klaim yang dibayar pada tahun ini.")
        return section
    section.paragraphs.append(
        _("%(claims)s klaim dibayar kepada %(workers)s pekerja, jumlah manfaat %(paid)s.")
        % {
            "claims": _count_text(total["claims"]),
            "workers": _count_text(total["workers"]),
            "paid": formats.rupiah(total["paid"]),
        }
    )
    empty = _("Belum ada klaim dibayar pada tahun ini.")
    for key in ("programme", "funder", "district", "scheme"):
        section.tables.append(_from_claims(tables[key], empty=empty))
    return section


def _count_text(count: int) -> str:
    shown = suppress_small(count)
    return formats.number(shown) if isinstance(shown, int) else str(shown)


# ---------------------------------------------------------------- 6. agents


def _agents(region: Region, year: int, month: dt.date) -> Section:
    from payung.agents.models import Agent
    from payung.agents.selectors import district_activity

    section = Section("agen", _("6. Agen Perisai"))
    field_name = Agent.LEVEL_FIELDS[region.level]
    agents = Agent.objects.filter(**{field_name: region.code})
    last = Month.of(month).plus(1).first_day
    rows = district_activity(agents, dt.date(year, 1, 1), last)
    if not rows:
        section.empty = _("Belum ada agen Perisai di wilayah ini.")
        return section
    names = dict(Region.objects.filter(code__in=[r.district_code for r in rows]).values_list("code", "name"))
    table = PackTable(
        "agen",
        _("Peserta baru dan iuran terkumpul per kecamatan, Januari–%(month)s")
        % {"month": formats.month(month)},
        [
            _("Kecamatan"),
            _("Agen"),
            _("Peserta baru"),
            _("Iuran diterima (bulan)"),
            _("Iuran terkumpul (Rp)"),
        ],
        [TEXT, COUNT, COUNT, COUNT, RUPIAH],
    )
    for row in rows:
        table.rows.append(
            [
                names.get(row.district_code, row.district_code),
                suppress_small(row.agents),
                suppress_small(row.recruits),
                suppress_small(row.collections),
                row.collected,
            ]
        )
    section.tables.append(table)
    return section


# ---------------------------------------------------------------- 7. next year's plan


def _plan(board, region: Region, year: int) -> Section:
    from payung.coverage.forecast import usual_package
    from payung.rules import FunderType
    from payung.schemes.models import SchemeStatus
    from payung.tariffs.services import current_rulebook

    next_year = year + 1
    section = Section("renja", _("7. Rencana kerja %(year)s (Renja)") % {"year": next_year})
    views = [v for v in board.targets if v.status.target.year == next_year and v.forecast is not None]
    if not views:
        section.paragraphs.append(
            _("Belum ada target tahun %(year)s untuk wilayah ini: tetapkan target di dasbor cakupan.")
            % {"year": next_year}
        )
    for view in views[:1] if views else ():
        forecast = view.forecast
        values = {
            "kind": view.status.target.get_kind_display(),
            "year": next_year,
            "target": formats.percent(view.status.target_pct),
            "workers": formats.number(forecast.target_participants),
            "short": formats.number(forecast.shortfall_at_deadline),
            "extra": formats.number(forecast.extra_per_month),
            "budget": formats.rupiah(forecast.yearly_budget),
        }
        if forecast.shortfall_at_deadline:
            section.paragraphs.append(
                _(
                    "Target %(kind)s %(year)s: %(target)s (%(workers)s peserta). Pada laju sekarang masih kurang "
                    "%(short)s pekerja pada Desember %(year)s; perlu tambahan %(extra)s peserta per bulan. "
                    "Menanggung kekurangan itu setahun dengan paket yang biasa: %(budget)s."
                )
                % values
            )
            # The forecast's own package and rule book (the budget above); the same workers funded by
            # villages beside it, where a discount window of the rules (PP 50/2025) lowers some months.
            rulebook = current_rulebook()
            first = Month(next_year, 1)
            package = usual_package(first, rulebook)
            plans = [
                cost_plan(
                    package=p,
                    workers=forecast.shortfall_at_deadline,
                    first_month=first,
                    months=12,
                    rulebook=rulebook,
                )
                for p in (package, replace(package, funder_type=FunderType.APBDES))
            ]
            table = PackTable(
                "renja",
                _("Biaya per bulan untuk %(workers)s pekerja (BPU JKK+JKM)") % {"workers": values["short"]},
                [
                    _("Bulan"),
                    _("APBD: iuran per pekerja (Rp)"),
                    _("APBD: jumlah (Rp)"),
                    _("APBDes: iuran per pekerja (Rp)"),
                    _("APBDes: potongan per pekerja (Rp)"),
                    _("APBDes: jumlah (Rp)"),
                ],
                [MONTH, RUPIAH, RUPIAH, RUPIAH, RUPIAH, RUPIAH],
            )
            for regency, village in zip(plans[0].months, plans[1].months, strict=True):
                table.rows.append(
                    [
                        regency.month.first_day,
                        regency.per_worker,
                        regency.total,
                        village.per_worker,
                        village.breakdown.discount_total,
                        village.total,
                    ]
                )
            table.rows.append([_("Jumlah setahun"), None, plans[0].total, None, None, plans[1].total])
            if plans[1].total != plans[0].total:
                section.paragraphs.append(
                    _(
                        "Bila didanai APBDes / Dana Desa, keringanan iuran yang berlaku pada sebagian bulan "
                        "menjadikannya %(village)s."
                    )
                    % {"village": formats.rupiah(plans[1].total)}
                )
            sources = list(dict.fromkeys(c.source for plan in plans for c in plan.citations))
            table.note = _(
                "Dihitung bulan demi bulan oleh mesin aturan iuran. Dasar aturan: %(sources)s."
            ) % {"sources": "; ".join(sources)}
            section.tables.append(table)
        else:
            section.paragraphs.append(
                _("Target %(kind)s %(year)s (%(target)s) tercapai pada laju sekarang.") % values
            )
    drafted = PackTable(
        "skema_depan",
        _("Skema yang sudah disiapkan untuk %(year)s") % {"year": next_year},
        [_("Skema"), _("Penyandang dana"), _("Status"), _("Pagu (Rp)"), _("Kuota pekerja")],
        [TEXT, TEXT, TEXT, RUPIAH, COUNT],
        empty=_("Belum ada skema untuk tahun %(year)s.") % {"year": next_year},
    )
    for scheme in schemes_of(region, next_year).exclude(status=SchemeStatus.CLOSED):
        drafted.rows.append(
            [
                scheme.name,
                f"{FUNDER_LABELS.get(scheme.funder_type, scheme.funder_type)} · {scheme.funder_region.name}",
                scheme.get_status_display(),
                scheme.budget,
                scheme.quota,
            ]
        )
    section.tables.append(drafted)
    return section


# ---------------------------------------------------------------- 8. sources


def _sources(board, region: Region, month: dt.date, generated_by: str, generated_at: dt.datetime) -> Section:
    from payung.coverage.models import ParticipationReport

    section = Section("sumber", _("8. Sumber data"))
    head = board.headline
    lines = []
    if head.denominator_year:
        lines.append(
            _("Penyebut: %(kind)s BPS tahun %(year)s%(derived)s.")
            % {
                "kind": _denominator_label(head.denominator_kind),
                "year": head.denominator_year,
                "derived": _(", dijumlahkan dari wilayah di bawahnya") if head.denominator_derived else "",
            }
        )
    else:
        lines.append(_("Penyebut: belum ada data BPS untuk wilayah ini."))
    if head.source == "bpjs_report":
        # The files the month's report rows came from (the region's own rows or those summed up to it).
        files = sorted(
            set(
                ParticipationReport.objects.filter(
                    Q(region_id=region.code) | Q(region__code__startswith=region.code + "."),
                    province_code=region.code[:2],
                    month=month,
                )
                .exclude(source_file="")
                .values_list("source_file", flat=True)
            )
        )
        lines.append(
            _("Peserta: laporan BPJS Ketenagakerjaan bulan %(month)s%(files)s.")
            % {"month": formats.month(month), "files": f" ({', '.join(files)})" if files else ""}
        )
    elif head.source == "registry":
        lines.append(
            _(
                "Peserta: kepesertaan yang didanai lewat Payung bulan %(month)s (belum ada laporan BPJS; batas bawah)."
            )
            % {"month": formats.month(month)}
        )
    lines.append(
        _("Skema, tagihan, pembayaran, klaim dan agen: register Payung (dibaca saat bahan ini dibuat).")
    )
    lines.append(
        _("Biaya rencana: mesin aturan iuran Payung (paket BPU JKK+JKM pada dasar upah terendah, APBD).")
    )
    lines.append(
        _("Dibuat %(when)s oleh %(who)s.")
        % {"when": generated_at.strftime("%d-%m-%Y %H:%M"), "who": generated_by or _("baris perintah")}
    )
    section.paragraphs = lines
    return section
