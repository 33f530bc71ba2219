"""payung contribution: the BPJS Ketenagakerjaan contribution of a package, per programme."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from payung.rules import FunderType, Month, Programme, RuleError, Sector, Segment, cost_plan, package_from
from payung.tariffs.presenters import plan_json
from payung.tariffs.services import current_rulebook

from ._parsing import code_list, rupiah, whole_number


class Command(BaseCommand):
    help = (
        "Contribution (iuran) per programme for one worker and one month, from the rules in force that "
        "month (shipped rules plus admin-added versions). With --workers and/or --months, `total` is the "
        "cost of all workers over all months starting at --month; lines are then summed per programme "
        "and `per_month` lists each month. Amounts are whole Rupiah; rates are decimal fractions as text."
    )

    def add_arguments(self, parser):
        parser.add_argument("--segment", required=True, type=str.upper, choices=[s.value for s in Segment])
        parser.add_argument(
            "--programmes",
            required=True,
            help="comma-separated: JKK,JKM,JHT (BPU) or JKK,JKM,JHT,JP,JKP (PU)",
        )
        parser.add_argument(
            "--income", required=True, help="declared income (BPU) or wage (PU), whole Rupiah"
        )
        parser.add_argument("--month", required=True, help="first contribution month, YYYY-MM")
        parser.add_argument(
            "--funder-type",
            default=FunderType.MANDIRI.value,
            type=str.upper,
            choices=[f.value for f in FunderType],
        )
        parser.add_argument(
            "--sector", default=Sector.LAINNYA.value, type=str.lower, choices=[s.value for s in Sector]
        )
        parser.add_argument("--risk-class", help="PU JKK risk class 1-5")
        parser.add_argument("--workers", help="number of workers (default 1)")
        parser.add_argument("--months", help="number of months from --month (default 1)")
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args, **options):
        programmes = code_list(options["programmes"], name="programmes", allowed=[p.value for p in Programme])
        risk_class = whole_number(options["risk_class"], name="risk-class", minimum=1)
        if risk_class is not None and risk_class > 5:
            raise CommandError(f"--risk-class must be 1-5, not {risk_class}")
        try:
            package = package_from(
                segment=Segment(options["segment"]),
                programmes=[Programme(code) for code in programmes],
                income=rupiah(options["income"], name="income", minimum=1),
                funder_type=FunderType(options["funder_type"]),
                sector=Sector(options["sector"]),
                risk_class=risk_class,
            )
            plan = cost_plan(
                package=package,
                workers=whole_number(options["workers"], name="workers", minimum=1) or 1,
                first_month=Month.parse(options["month"]),
                months=whole_number(options["months"], name="months", minimum=1) or 1,
                rulebook=current_rulebook(),
            )
        except RuleError as error:
            raise CommandError(str(error)) from error
        result = plan_json(plan)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for line in result["lines"]:
            self.stdout.write(
                f"{line['programme']:<4} {line['amount']:>16,} "
                f"rate={line['rate'] or '-':<8} basis={line['basis'] or '-'} discount={line['discount']:,}  "
                f"{line['source']}"
            )
        scope = f"{result['workers']} worker(s) x {result['months']} month(s) from {result['month']}"
        self.stdout.write(f"total {result['total']:,} ({scope})")
