"""payung coverage REGION_CODE --month YYYY-MM [--denominator labour_force|employed] [--json]."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from payung.coverage.importing import parse_month
from payung.coverage.models import DenominatorKind
from payung.coverage.selectors import figure_for, target_for_month, target_pct
from payung.coverage.summary import current_month
from payung.regions.models import Region


def number(value):
    return None if value is None else float(value)


class Command(BaseCommand):
    help = (
        "UCJ coverage of a region in a month: participants (BPJS report, else Payung memberships), the BPS "
        "denominator (labour force or employed; default: the one the region's target uses, else labour "
        "force), coverage % (2 decimals), uncovered workers and the target for that year."
    )

    def add_arguments(self, parser):
        parser.add_argument("region_code")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--denominator", choices=[kind.value for kind in DenominatorKind])
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        code = options["region_code"].strip()
        if not Region.objects.filter(code=code).exists():
            raise CommandError(f"unknown region code {code!r}")
        try:
            month = parse_month(options["month"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        if month > current_month():
            raise CommandError(f"{month:%Y-%m} is in the future")
        target = target_for_month(code, month.year)
        kind = options["denominator"] or (target.denominator_kind if target else DenominatorKind.LABOUR_FORCE)
        figure = figure_for(code, month, kind)
        goal = target_pct(target)[0] if target else None
        for note in figure.notes:
            self.stderr.write(f"note: {note}")
        result = {
            "region": code,
            "month": f"{month:%Y-%m}",
            "participants": figure.participants,
            "denominator": figure.denominator,
            "denominator_kind": str(kind),
            "coverage_pct": number(figure.coverage_pct),
            "uncovered": figure.uncovered,
            "target_pct": number(goal),
            "target_year": target.year if target else None,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(
            f"{code} {figure.name} {result['month']}: {figure.participants or 0:,} of "
            f"{figure.denominator or 0:,} ({kind}) = {result['coverage_pct']} %, uncovered {figure.uncovered}; "
            f"target {result['target_pct']} % in {result['target_year']}"
        )
