"""payung scheme_plan: the selection a scheme would make from the current registry; saves nothing."""

from __future__ import annotations

import json
import re

from django.core.management.base import BaseCommand, CommandError

from payung.lib.money import RupiahError, parse_rupiah
from payung.regions.models import Region
from payung.rules import Month, RuleError

from ...pricing import regulation_defaults
from ...selection import PlanInput, plan_selection
from ...validation import (
    FUNDER_TYPES,
    QUOTA_MAX,
    SchemeInvalid,
    check_budget,
    check_eligibility,
    check_funder_type,
    check_months,
    check_programmes,
    check_year,
    parse_deciles,
)


def _whole(text: str, name: str, *, maximum: int) -> int:
    """A small whole number (year, months, quota), range-checked on its digits before it is built."""
    cleaned = text.strip()
    if not re.fullmatch(r"\d{1,12}", cleaned) or int(cleaned) > maximum:
        raise CommandError(f"--{name} must be a whole number from 0 to {maximum}, not {text[:40]!r}")
    return int(cleaned)


def _rupiah(text: str, name: str) -> int:
    """Money through the one parser of forms and imports: 1.500.000, 1500000, 1500000.00, Rp 1,5 juta."""
    try:
        return parse_rupiah(text)
    except RupiahError as error:
        raise CommandError(f"--{name}: {error.message}") from None


class Command(BaseCommand):
    help = (
        "Plan a funding scheme: choose workers from the registry (poorest DTSEN decile first) within the "
        "budget for the last --months months of --year, priced month by month by the regulation engine. "
        "Saves nothing. JSON: {selected, cost, budget, unused, by_decile, by_village}; amounts in whole Rupiah."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="funder region code, e.g. 73.16")
        parser.add_argument("--year", required=True, help="fiscal year YYYY")
        parser.add_argument("--budget", required=True, help="budget in whole Rupiah")
        parser.add_argument("--programmes", required=True, help="JKK,JKM[,JHT]")
        parser.add_argument(
            "--months", required=True, help="months covered, 1-12: the last N months of the year"
        )
        parser.add_argument("--deciles", default="", help="eligible DTSEN deciles, e.g. 1-3 or 1,2,4")
        parser.add_argument("--per-village", default=None, help="quota per village")
        parser.add_argument("--funder-type", default="APBD", type=str.upper, help=", ".join(FUNDER_TYPES))
        parser.add_argument("--segment", default="BPU", type=str.upper, help="BPU (default) or PU")
        parser.add_argument(
            "--income",
            default=None,
            help="declared income basis (default: the lowest BPU basis of the rules)",
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        defaults = regulation_defaults()
        year = _whole(options["year"], "year", maximum=9999)
        budget = _rupiah(options["budget"], "budget")
        months = _whole(options["months"], "months", maximum=99)  # 1-12 checked below, with its message
        income = (
            _rupiah(options["income"], "income")
            if options["income"] is not None
            else defaults.declared_income
        )
        per_village = (
            _whole(options["per_village"], "per-village", maximum=QUOTA_MAX)
            if options["per_village"] is not None
            else None
        )
        try:
            check_budget(budget)
            check_year(year)
            check_funder_type(options["funder_type"])
            programmes = check_programmes(options["programmes"].split(","), options["segment"])
            if not 1 <= months <= 12:
                raise SchemeInvalid(f"--months must be 1-12, not {months}")
            first = Month(year, 13 - months)
            check_months(year, first, months)
            deciles = parse_deciles(options["deciles"])
            region = options["region"].strip()
            if not Region.objects.filter(code=region).exists():
                raise SchemeInvalid(f"region {region!r} is not in the region table (payung load_regions)")
            check_eligibility(
                deciles=deciles, min_age=defaults.min_age, max_age=defaults.max_age, region=region, areas=()
            )
            if per_village is not None and per_village < 1:
                raise SchemeInvalid("--per-village must be at least 1")
            if income < 1:
                raise SchemeInvalid("--income must be at least 1")
            plan = PlanInput(
                region=region,
                year=year,
                budget=budget,
                programmes=programmes,
                first_month=first,
                last_month=Month(year, 12),
                segment=options["segment"],
                funder_type=options["funder_type"],
                declared_income=income,
                deciles=deciles,
                min_age=defaults.min_age,
                max_age=defaults.max_age,
                per_village_quota=per_village,
            )
            selection = plan_selection(plan)
        except (SchemeInvalid, RuleError) as error:
            raise CommandError(str(error)) from None
        result = selection.as_json()
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(
            f"Region {region}, {year}, {first}..{year}-12, {'+'.join(programmes)} ({options['funder_type']})"
        )
        self.stdout.write(
            f"selected {result['selected']}  cost Rp{result['cost']:,}  budget Rp{budget:,}  unused Rp{result['unused']:,}".replace(
                ",", "."
            )
        )
        self.stdout.write("by decile: " + ", ".join(f"{k}: {v}" for k, v in result["by_decile"].items()))
        self.stdout.write("by village: " + ", ".join(f"{k}: {v}" for k, v in result["by_village"].items()))
        if selection.conflicts:
            self.stdout.write(f"covered by another scheme (left out): {len(selection.conflicts)}")
