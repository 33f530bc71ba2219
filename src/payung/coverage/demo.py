"""Demo coverage data for the five seed regencies: BPS figures, 24 months of BPJS reports, targets.

The regency totals follow the seed articles where they give a figure (Solok June 2025 = 31,442 of
226,964; Enrekang December 2025 = 46,589 with about 24,000 unprotected; Sinjai 40 % in 2024; the
Makassar, Banggai and Sinjai targets); everything else is invented and marked `source_file="demo"`.
Figures are spread over the districts by their number of villages, so the ranking has something to
rank; the regency figure is their sum.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from payung.regions.models import Level, Region

from .models import LabourForceStat, ParticipationReport, Target
from .summary import rebuild_report_coverage

DEMO = "demo"
MONTHS = [dt.date(2024 + m // 12, m % 12 + 1, 1) for m in range(24)]  # 2024-01 .. 2025-12


@dataclass(frozen=True)
class DemoRegency:
    code: str
    labour_force: dict[int, tuple[int, int]]  # year -> (labour force, employed)
    anchor: dt.date  # the month whose total is given
    segments: dict[str, int]  # participants by segment in the anchor month
    growth: dict[str, int]  # participants gained per month by segment


REGENCIES = (
    DemoRegency(
        "13.02",
        {2024: (223_500, 212_100), 2025: (226_964, 215_500)},
        dt.date(2025, 6, 1),
        {"PU": 18_200, "BPU": 11_642, "JAKON": 1_300, "PMI": 300},
        {"PU": 40, "BPU": 120, "JAKON": 5, "PMI": 0},
    ),
    DemoRegency(
        "73.16",
        {2024: (69_900, 66_800), 2025: (70_700, 67_400)},
        dt.date(2025, 12, 1),
        {"PU": 19_400, "BPU": 25_889, "JAKON": 1_100, "PMI": 200},
        {"PU": 30, "BPU": 350, "JAKON": 5, "PMI": 1},
    ),
    DemoRegency(
        "73.07",
        {2024: (130_000, 124_300), 2025: (131_200, 125_500)},
        dt.date(2024, 12, 1),
        {"PU": 21_000, "BPU": 29_500, "JAKON": 1_200, "PMI": 300},
        {"PU": 40, "BPU": 420, "JAKON": 5, "PMI": 1},
    ),
    DemoRegency(
        "73.71",
        {2024: (715_000, 668_000), 2025: (722_000, 676_000)},
        dt.date(2025, 12, 1),
        {"PU": 298_000, "BPU": 131_500, "JAKON": 12_000, "PMI": 1_500},
        {"PU": 900, "BPU": 2_600, "JAKON": 40, "PMI": 5},
    ),
    DemoRegency(
        "72.01",
        {2024: (198_000, 190_500), 2025: (201_500, 193_800)},
        dt.date(2025, 12, 1),
        {"PU": 41_000, "BPU": 30_500, "JAKON": 2_400, "PMI": 150},
        {"PU": 120, "BPU": 300, "JAKON": 10, "PMI": 0},
    ),
)

TARGETS = (
    # (region, year, kind, mode, percent, increase, base year, source)
    ("73.71", 2026, "renja", "percent", Decimal("72.50"), None, None, "Target UCJ Kota Makassar 2026"),
    ("72.01", 2030, "rpjmd", "percent", Decimal("99.50"), None, None, "RPJMD Kabupaten Banggai 2025-2030"),
    ("73.07", 2025, "rakortek", "increase", None, Decimal("20"), 2024, "Rakortek 2025: +20 % atas 2024"),
    ("13.02", 2026, "renja", "percent", Decimal("20.00"), None, None, "Contoh target (demo)"),
)


def _spread(total: int, weights: dict[str, int]) -> dict[str, int]:
    """`total` over the keys in proportion to `weights`, whole numbers that add up to `total`."""
    whole = sum(weights.values())
    shares = {key: total * weight // whole for key, weight in weights.items()}
    for key in sorted(weights, key=lambda k: -weights[k])[: total - sum(shares.values())]:
        shares[key] += 1
    return shares


@transaction.atomic
def load_coverage_demo() -> dict[str, int]:
    stats, reports = [], []
    codes = [regency.code for regency in REGENCIES if Region.objects.filter(code=regency.code).exists()]
    for regency in REGENCIES:
        if regency.code not in codes:
            continue
        weights = {
            district: max(1, Region.objects.filter(level=Level.VILLAGE, parent_id=district).count())
            for district in Region.objects.filter(parent_id=regency.code).values_list("code", flat=True)
        }
        for year, (labour_force, employed) in regency.labour_force.items():
            stats.append((regency.code, year, labour_force, employed))
            employed_by_district = _spread(employed, weights)
            for district, value in _spread(labour_force, weights).items():
                stats.append((district, year, value, employed_by_district[district]))
        for month in MONTHS:
            offset = (month.year - regency.anchor.year) * 12 + month.month - regency.anchor.month
            for segment, anchor_value in regency.segments.items():
                total = max(0, anchor_value + regency.growth[segment] * offset)
                # Districts grow unevenly: the first ones in code order a little faster.
                tilted = {d: weights[d] * (100 + 3 * i) for i, d in enumerate(sorted(weights))}
                for district, value in _spread(total, tilted).items():
                    reports.append(
                        ParticipationReport(
                            region_id=district,
                            province_code=district[:2],
                            month=month,
                            segment=segment,
                            active=value,
                            source_file=DEMO,
                        )
                    )
    # Only rows the demo wrote (source_file="demo") are replaced; a real BPS figure or BPJS report for the
    # same region and period stays, and the demo leaves that slot to it.
    LabourForceStat.objects.filter(region_id__in=[s[0] for s in stats], source_file=DEMO).delete()
    real_stats = set(
        LabourForceStat.objects.filter(region_id__in=[s[0] for s in stats]).values_list("region_id", "year")
    )
    LabourForceStat.objects.bulk_create(
        LabourForceStat(
            region_id=code, province_code=code[:2], year=year, labour_force=lf, employed=emp, source_file=DEMO
        )
        for code, year, lf, emp in stats
        if (code, year) not in real_stats
    )
    ParticipationReport.objects.filter(province_code__in={c[:2] for c in codes}, source_file=DEMO).delete()
    real_reports = set(
        ParticipationReport.objects.filter(province_code__in={c[:2] for c in codes}).values_list(
            "region_id", "month", "segment"
        )
    )
    ParticipationReport.objects.bulk_create(
        [r for r in reports if (r.region_id, r.month, r.segment) not in real_reports], batch_size=2_000
    )
    rebuild_report_coverage(province_codes={code[:2] for code in codes})
    targets = 0
    for code, year, kind, mode, percent, increase, base_year, source in TARGETS:
        if code in codes:
            # Demo rows are written directly: there is no admin acting (target_set needs one for the audit).
            # A target already there (a real one, or the demo's own from an earlier run) is left as it is.
            Target.objects.get_or_create(
                region_id=code,
                year=year,
                kind=kind,
                defaults={
                    "province_code": code[:2],
                    "mode": mode,
                    "percent": percent,
                    "increase_pct": increase,
                    "base_year": base_year,
                    "source": source,
                    "denominator_kind": "labour_force",
                },
            )
            targets += 1
    return {"regencies": len(codes), "stats": len(stats), "reports": len(reports), "targets": targets}
