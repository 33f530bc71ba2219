"""REST API v1, coverage: a region's figure for a month, its monthly series, its targets with their
forecasts, and village participation. Read only, aggregates only.

Every figure comes from the dashboard's own selectors and functions (coverage.selectors,
coverage.dashboard.target_views), so it equals the screen's. The region is asked of the one access
helper (`get_region_for_user`): outside the caller's regions is 404 exactly like an unknown code. Roles
that see aggregates only get every count of a breakdown under 5 as "< 5", as on the dashboard's tables
(lib.masking.suppress_small).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from payung.coverage.dashboard import FUNDER_LABELS, TargetView, target_views
from payung.coverage.forecast import Forecast
from payung.coverage.importing import parse_month
from payung.coverage.models import DenominatorKind, Source
from payung.coverage.selectors import (
    Denominators,
    Figure,
    figures,
    get_region_for_user,
    latest_month,
    series,
    village_participation,
)
from payung.coverage.summary import current_month
from payung.lib.masking import SMALL_COUNT, suppress_small
from payung.regions.models import Region

from .rules import CitationSerializer

# ---------------------------------------------------------------- shapes


@extend_schema_field(
    {
        "oneOf": [{"type": "integer"}, {"type": "string", "enum": [f"< {SMALL_COUNT}"]}],
        "nullable": True,
        "description": f'a count; "< {SMALL_COUNT}" for 1 to {SMALL_COUNT - 1} to roles that see aggregates only',
    }
)
class CountField(serializers.Field):
    """A count as the caller may see it (already suppressed where needed)."""

    def to_representation(self, value):
        return value


def _percent():
    return serializers.DecimalField(max_digits=7, decimal_places=2, coerce_to_string=False, allow_null=True)


class FigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField()
    month = serializers.CharField(help_text="YYYY-MM")
    denominator_kind = serializers.ChoiceField(choices=DenominatorKind.choices)
    participants = CountField(help_text="covered workers: the BPJS report's total, else Payung's memberships")
    source = serializers.ChoiceField(
        choices=Source.choices, allow_null=True, help_text="null: no data for the region and month"
    )
    participants_derived = serializers.BooleanField(help_text="summed from the regions below")
    lower_bound = serializers.BooleanField(help_text="Payung's memberships only, no BPJS report")
    segments = serializers.DictField(child=CountField(), help_text="participants by BPJS segment")
    funders = serializers.DictField(
        child=CountField(),
        help_text="Payung memberships by funder type (a breakdown of BPU, not added on top)",
    )
    funder_labels = serializers.DictField(child=serializers.CharField())
    bpu_outside_payung = CountField(help_text="BPU in the BPJS report not funded through Payung")
    denominator = CountField(help_text="the BPS labour force or employed population")
    denominator_year = serializers.IntegerField(allow_null=True)
    denominator_derived = serializers.BooleanField()
    coverage_pct = _percent()
    uncovered = CountField()
    notes = serializers.ListField(child=serializers.CharField())


class CoverageSerializer(FigureSerializer):
    children = FigureSerializer(many=True, help_text="the regions one level below, by code")


class SeriesPointSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    participants = CountField()
    source = serializers.ChoiceField(choices=Source.choices)
    denominator = CountField()
    coverage_pct = _percent()


class SeriesSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    denominator_kind = serializers.ChoiceField(choices=DenominatorKind.choices)
    points = SeriesPointSerializer(many=True)


class ForecastSerializer(serializers.Serializer):
    last_month = serializers.CharField(help_text="YYYY-MM")
    last_participants = serializers.IntegerField()
    pace_per_month = serializers.DecimalField(max_digits=14, decimal_places=1, coerce_to_string=False)
    target_participants = serializers.IntegerField()
    deadline = serializers.CharField(help_text="YYYY-MM")
    reached_month = serializers.CharField(allow_null=True, help_text="YYYY-MM; null: not at the current pace")
    already_reached = serializers.BooleanField()
    on_time = serializers.BooleanField()
    needed_per_month = CountField()
    extra_per_month = CountField()
    shortfall_at_deadline = CountField()
    yearly_budget = serializers.IntegerField(
        allow_null=True, help_text="Rupiah: a year of BPU JKK+JKM (APBD) for the shortfall"
    )
    per_worker_month = serializers.IntegerField(allow_null=True, help_text="Rupiah per worker per month")
    income_basis = serializers.IntegerField(allow_null=True, help_text="Rupiah: the package's income basis")
    rule_source = serializers.CharField(help_text="the regulations that priced the amounts")
    citations = CitationSerializer(many=True)


class TargetSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    year = serializers.IntegerField()
    denominator_kind = serializers.ChoiceField(choices=DenominatorKind.choices)
    mode = serializers.CharField()
    percent = _percent()
    increase_pct = _percent()
    base_year = serializers.IntegerField(allow_null=True)
    source = serializers.CharField()
    target_pct = _percent()
    base_pct = _percent()
    current_pct = _percent()
    progress_pct = _percent()
    note = serializers.CharField()
    forecast = ForecastSerializer(allow_null=True)


class TargetsSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    month = serializers.CharField(help_text="YYYY-MM")
    denominator_kind = serializers.ChoiceField(choices=DenominatorKind.choices)
    targets = TargetSerializer(many=True)


class VillageRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    villages = CountField()
    funding = CountField(help_text="villages funding at least one worker in the year")
    pct = _percent()
    workers = CountField(help_text="workers those villages fund")
    complete = serializers.BooleanField()


class VillagesSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    year = serializers.IntegerField()
    funding = CountField()
    villages = CountField()
    complete = serializers.ListField(
        child=serializers.CharField(), help_text="areas where every village funds"
    )
    rows = VillageRowSerializer(many=True)


class CoverageQuery(serializers.Serializer):
    """The dashboard's parameters. Unlike the screen, which falls back quietly, a bad value is a 400."""

    month = serializers.CharField(required=False, max_length=7)
    denominator = serializers.ChoiceField(
        choices=DenominatorKind.choices, required=False, default=DenominatorKind.LABOUR_FORCE
    )

    def validate_month(self, text: str) -> dt.date:
        try:
            return parse_month(text)
        except ValueError:
            raise serializers.ValidationError(
                _("Tulis bulan sebagai TTTT-BB, misalnya 2026-02."), code="month_format"
            ) from None


class VillagesQuery(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1990, max_value=2200)


# ---------------------------------------------------------------- reading


def _month_text(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def _counter(user):
    """The dashboard's rule for counts in a breakdown: as they are, or "< 5" for aggregates-only roles."""
    if user.sees_personal_data:
        return lambda value: value
    return suppress_small


def _region_and_query(request, code: str) -> tuple[Region, dt.date, str]:
    region = get_region_for_user(request.user, code)
    query = CoverageQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    # As the dashboard: the latest reported month by default, never a month still to come.
    month = min(query.validated_data.get("month") or latest_month(region.code), current_month())
    return region, month, query.validated_data["denominator"]


def _figure(figure: Figure, count) -> dict:
    return {
        "code": figure.code,
        "name": figure.name,
        "level": figure.level,
        "month": _month_text(figure.month),
        "denominator_kind": figure.denominator_kind,
        "participants": count(figure.participants),
        "source": figure.source,
        "participants_derived": figure.participants_derived,
        "lower_bound": figure.source == Source.REGISTRY,
        "segments": {segment: count(n) for segment, n in figure.segments.items()},
        "funders": {funder: count(n) for funder, n in sorted(figure.funders.items())},
        "funder_labels": {
            funder: str(FUNDER_LABELS.get(funder, funder)) for funder in sorted(figure.funders)
        },
        "bpu_outside_payung": count(figure.bpu_outside_payung),
        "denominator": count(figure.denominator),
        "denominator_year": figure.denominator_year,
        "denominator_derived": figure.denominator_derived,
        "coverage_pct": figure.coverage_pct,
        "uncovered": count(figure.uncovered),
        "notes": list(figure.notes),
    }


def _forecast(forecast: Forecast | None, count) -> dict | None:
    if forecast is None:
        return None
    return {
        "last_month": str(forecast.last_month),
        "last_participants": forecast.last_participants,
        "pace_per_month": forecast.pace_per_month,
        "target_participants": forecast.target_participants,
        "deadline": str(forecast.deadline),
        "reached_month": str(forecast.reached_month) if forecast.reached_month else None,
        "already_reached": forecast.already_reached,
        "on_time": forecast.on_time,
        "needed_per_month": count(forecast.needed_per_month),
        "extra_per_month": count(forecast.extra_per_month),
        "shortfall_at_deadline": count(forecast.shortfall_at_deadline),
        "yearly_budget": forecast.yearly_budget,
        "per_worker_month": forecast.per_worker_month,
        "income_basis": forecast.income_basis,
        "rule_source": "; ".join(dict.fromkeys(c.source for c in forecast.citations)),
        "citations": [c.as_json() for c in forecast.citations],
    }


def _target(view: TargetView, count) -> dict:
    target, status = view.status.target, view.status
    return {
        "kind": target.kind,
        "kind_label": target.get_kind_display(),
        "year": target.year,
        "denominator_kind": target.denominator_kind,
        "mode": target.mode,
        "percent": target.percent,
        "increase_pct": target.increase_pct,
        "base_year": target.base_year,
        "source": target.source,
        "target_pct": status.target_pct,
        "base_pct": status.base_pct,
        "current_pct": status.current_pct,
        "progress_pct": status.progress_pct,
        "note": status.note,
        "forecast": _forecast(view.forecast, count),
    }


# ---------------------------------------------------------------- operations

REGION_PATH = OpenApiParameter(
    "code", str, OpenApiParameter.PATH, description="the dotted Kemendagri code, e.g. 13.02"
)
MONTH = OpenApiParameter("month", str, description="YYYY-MM; default the latest month with a BPJS report")
DENOMINATOR = OpenApiParameter(
    "denominator", str, enum=DenominatorKind.values, description="labour_force (default) or employed"
)
FIGURE_EXAMPLE = {
    "code": "13.02.07",
    "name": "Gunung Talang",
    "level": 3,
    "month": "2025-06",
    "denominator_kind": "labour_force",
    "participants": 9600,
    "source": "bpjs_report",
    "participants_derived": False,
    "lower_bound": False,
    "segments": {"BPU": 9600},
    "funders": {"APBDES": 1},
    "funder_labels": {"APBDES": "APBDes / Dana Desa"},
    "bpu_outside_payung": 9599,
    "denominator": 100000,
    "denominator_year": 2025,
    "denominator_derived": False,
    "coverage_pct": 9.6,
    "uncovered": 90400,
    "notes": [],
}
CITATION_EXAMPLE = {
    "rule": "bpu.jkk.rate",
    "effective_from": "2015-07-01",
    "source": "PP 44/2015 Pasal 17",
    "confidence": "C",
}


@extend_schema(
    summary="Cakupan satu wilayah dalam satu bulan / A region's coverage in a month",
    description=(
        "Angka dasbor Cakupan: peserta (laporan BPJS, atau kepesertaan Payung sebagai batas bawah), penyebut "
        "BPS, persentase, belum terlindungi, rincian per segmen dan per penyandang dana, dan wilayah satu "
        "tingkat di bawahnya. Di luar wilayah kerja: 404 seperti kode yang tidak ada. Pemantau mendapat "
        'hitungan rincian di bawah 5 sebagai "< 5". / The coverage dashboard\'s figure: participants (the BPJS '
        "report, or Payung's memberships as a lower bound), the BPS denominator, the percentage, the uncovered, "
        "the split by segment and by funder, and the regions one level below. Outside the caller's regions: "
        '404 like an unknown code. Viewers get breakdown counts under 5 as "< 5".'
    ),
    parameters=[REGION_PATH, MONTH, DENOMINATOR],
    responses=CoverageSerializer,
    examples=[
        OpenApiExample(
            "Kabupaten Solok, Juni 2025 / Solok regency, June 2025",
            value={
                **FIGURE_EXAMPLE,
                "code": "13.02",
                "name": "Kabupaten Solok",
                "level": 2,
                "participants": 30960,
                "segments": {"BPU": 14900, "PU": 16060},
                "bpu_outside_payung": 14899,
                "denominator": 226964,
                "coverage_pct": 13.64,
                "uncovered": 196004,
                "children": [FIGURE_EXAMPLE],
            },
            response_only=True,
        )
    ],
    operation_id="v1_coverage_retrieve",
)
@api_view(["GET"])
def coverage_detail(request, code: str):
    region, month, kind = _region_and_query(request, code)
    below = list(Region.objects.filter(parent_id=region.code).order_by("code"))
    headline, *children = figures([region, *below], month, kind, Denominators({region.code}))
    count = _counter(request.user)
    # The headline is the region's own total (not a breakdown); its segments and funders are one.
    body = _figure(headline, count)
    body["participants"] = headline.participants
    body["denominator"] = headline.denominator
    body["uncovered"] = headline.uncovered
    body["children"] = [_figure(child, count) for child in children]
    return Response(CoverageSerializer(body).data)


@extend_schema(
    summary="Tren cakupan bulanan / The monthly coverage series",
    description=(
        "Peserta dan cakupan bulan demi bulan menurut aturan hitung dasbor: setelah ada laporan BPJS, "
        "deretnya mengikuti laporan. / Participants and coverage month by month by the dashboard's counting "
        "rule: once there are BPJS reports, the series follows them."
    ),
    parameters=[REGION_PATH, DENOMINATOR],
    responses=SeriesSerializer,
    examples=[
        OpenApiExample(
            "Gunung Talang",
            value={
                "code": "13.02.07",
                "name": "Gunung Talang",
                "denominator_kind": "labour_force",
                "points": [
                    {
                        "month": "2025-05",
                        "participants": 9500,
                        "source": "bpjs_report",
                        "denominator": 100000,
                        "coverage_pct": 9.5,
                    },
                    {
                        "month": "2025-06",
                        "participants": 9600,
                        "source": "bpjs_report",
                        "denominator": 100000,
                        "coverage_pct": 9.6,
                    },
                ],
            },
            response_only=True,
        )
    ],
    operation_id="v1_coverage_series_retrieve",
)
@api_view(["GET"])
def coverage_series(request, code: str):
    region, _month, kind = _region_and_query(request, code)
    count = _counter(request.user)
    points = [
        {
            "month": _month_text(point.month),
            "participants": count(point.participants),
            "source": point.source,
            "denominator": count(point.denominator),
            "coverage_pct": point.coverage_pct,
        }
        for point in series(region.code, kind, denominators=Denominators({region.code}))
    ]
    body = {"code": region.code, "name": region.name, "denominator_kind": kind, "points": points}
    return Response(SeriesSerializer(body).data)


@extend_schema(
    summary="Target cakupan dan proyeksinya / Coverage targets and their forecast",
    description=(
        "Setiap target wilayah (RPJMD, Renja, Rakortek) dengan capaiannya pada bulan itu dan proyeksi kapan "
        "tercapai pada laju 12 bulan terakhir, tambahan peserta per bulan agar tepat waktu, dan anggaran "
        "setahun untuk kekurangannya (iuran BPU JKK+JKM dari mesin aturan, dengan `rule_source`). / Every "
        "target of the region (RPJMD, Renja, Rakortek) with its progress in the month and the forecast of when "
        "it is met at the pace of the last 12 months, the extra participants a month to be on time, and a "
        "year's budget for the shortfall (BPU JKK+JKM contributions from the rule engine, with `rule_source`)."
    ),
    parameters=[REGION_PATH, MONTH, DENOMINATOR],
    responses=TargetsSerializer,
    examples=[
        OpenApiExample(
            "Target RPJMD 2026 / The 2026 RPJMD target",
            value={
                "code": "13.02",
                "name": "Kabupaten Solok",
                "month": "2025-06",
                "denominator_kind": "labour_force",
                "targets": [
                    {
                        "kind": "rpjmd",
                        "kind_label": "RPJMD",
                        "year": 2026,
                        "denominator_kind": "labour_force",
                        "mode": "percent",
                        "percent": 20.0,
                        "increase_pct": None,
                        "base_year": None,
                        "source": "RPJMD 2021-2026",
                        "target_pct": 20.0,
                        "base_pct": None,
                        "current_pct": 13.64,
                        "progress_pct": 68.2,
                        "note": "",
                        "forecast": {
                            "last_month": "2025-06",
                            "last_participants": 30960,
                            "pace_per_month": 160.0,
                            "target_participants": 45393,
                            "deadline": "2026-12",
                            "reached_month": "2032-10",
                            "already_reached": False,
                            "on_time": False,
                            "needed_per_month": 802,
                            "extra_per_month": 642,
                            "shortfall_at_deadline": 11553,
                            "yearly_budget": 2329084800,
                            "per_worker_month": 16800,
                            "income_basis": 1000000,
                            "rule_source": "PP 44/2015 Lampiran II; PP 44/2015 Pasal 17; PP 82/2019",
                            "citations": [CITATION_EXAMPLE],
                        },
                    }
                ],
            },
            response_only=True,
        )
    ],
    operation_id="v1_coverage_targets_retrieve",
)
@api_view(["GET"])
def coverage_targets(request, code: str):
    region, month, kind = _region_and_query(request, code)
    views, _points = target_views(region.code, month, kind, Denominators({region.code}))
    count = _counter(request.user)
    body = {
        "code": region.code,
        "name": region.name,
        "month": _month_text(month),
        "denominator_kind": kind,
        "targets": [_target(view, count) for view in views],
    }
    return Response(TargetsSerializer(body).data)


@extend_schema(
    summary="Partisipasi desa / Village participation",
    description=(
        "Per kecamatan (per kabupaten/kota untuk provinsi): desa yang mendanai sedikitnya satu pekerja dalam "
        "tahun itu, dari seluruh desa, dan jumlah pekerja yang didanai desa. Tahun bawaan: tahun bulan laporan "
        "terakhir. / Per district (per regency for a province): villages funding at least one worker in the "
        "year, of all villages, and the workers villages fund. Default year: that of the latest reported month."
    ),
    parameters=[REGION_PATH, OpenApiParameter("year", int, description="e.g. 2025")],
    responses=VillagesSerializer,
    examples=[
        OpenApiExample(
            "Kabupaten Solok 2025",
            value={
                "code": "13.02",
                "name": "Kabupaten Solok",
                "year": 2025,
                "funding": 1,
                "villages": 3,
                "complete": [],
                "rows": [
                    {
                        "code": "13.02.07",
                        "name": "Gunung Talang",
                        "villages": 2,
                        "funding": 1,
                        "pct": 50.0,
                        "workers": 1,
                        "complete": False,
                    }
                ],
            },
            response_only=True,
        )
    ],
    operation_id="v1_coverage_villages_retrieve",
)
@api_view(["GET"])
def coverage_villages(request, code: str):
    region = get_region_for_user(request.user, code)
    query = VillagesQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    year = query.validated_data.get("year") or min(latest_month(region.code), current_month()).year
    rows = village_participation(region, year)
    count = _counter(request.user)
    body = {
        "code": region.code,
        "name": region.name,
        "year": year,
        # The dashboard's summary line: the region's own totals, not a breakdown.
        "funding": sum(row.funding for row in rows),
        "villages": sum(row.villages for row in rows),
        "complete": [row.name for row in rows if row.complete],
        "rows": [
            {
                "code": row.code,
                "name": row.name,
                "villages": count(row.villages),
                "funding": count(row.funding),
                "pct": row.pct,
                "workers": count(row.workers),
                "complete": row.complete,
            }
            for row in rows
        ],
    }
    return Response(VillagesSerializer(body).data)
