"""payung benefit: what BPJS Ketenagakerjaan pays on a claim, per component."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from payung.lib import dates
from payung.rules import BenefitKind, JhtReason, RuleError, SchoolLevel, benefit
from payung.tariffs.presenters import benefit_json
from payung.tariffs.services import current_rulebook

from ._parsing import code_list, decimal_number, iso_date, rupiah, whole_number


class Command(BaseCommand):
    help = (
        "Benefit (manfaat) from the rules in force on --date. Kinds and the flags they need: "
        "jkm_death [--children --contribution-months]; "
        "jkk_death and jkk_total_disability --wage [--children --contribution-months]; "
        "jkk_partial_disability --wage --disability-percent; "
        "jkk_temporary_incapacity --wage --incapacity-months; "
        "scholarship --children --contribution-months; "
        "jht_payout --jht-balance --jht-reason [--contribution-months for partial withdrawals]. "
        "--wage is the monthly wage, or for BPU the declared income. Amounts are whole Rupiah."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, type=str.lower, choices=[k.value for k in BenefitKind])
        parser.add_argument(
            "--date", help="date of the event (death, accident, claim), YYYY-MM-DD; default today"
        )
        parser.add_argument("--wage", help="monthly wage, or BPU declared income, whole Rupiah")
        parser.add_argument("--contribution-months", help="masa iur in months (scholarship, partial JHT)")
        parser.add_argument(
            "--children",
            help=f"school level of each child, comma-separated: {','.join(s.value for s in SchoolLevel)}",
        )
        parser.add_argument("--incapacity-months", help="months unable to work (temporary incapacity)")
        parser.add_argument("--disability-percent", help="disability percentage from the table, 0-100")
        parser.add_argument("--jht-balance", help="JHT balance, whole Rupiah")
        parser.add_argument("--jht-reason", type=str.lower, choices=[r.value for r in JhtReason])
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args, **options):
        children = []
        if options["children"]:
            children = [
                SchoolLevel(code)
                for code in code_list(
                    options["children"], name="children", allowed=[s.value for s in SchoolLevel]
                )
            ]
        try:
            result = benefit(
                kind=BenefitKind(options["kind"]),
                event_date=iso_date(options["date"], name="date") or dates.today(),
                wage=rupiah(options["wage"], name="wage", minimum=1),
                contribution_months=whole_number(options["contribution_months"], name="contribution-months"),
                children=children,
                incapacity_months=whole_number(options["incapacity_months"], name="incapacity-months"),
                disability_percent=decimal_number(options["disability_percent"], name="disability-percent"),
                jht_balance=rupiah(options["jht_balance"], name="jht-balance"),
                jht_reason=JhtReason(options["jht_reason"]) if options["jht_reason"] else None,
                rulebook=current_rulebook(),
            )
        except RuleError as error:
            raise CommandError(str(error)) from error
        data = benefit_json(result)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for line in data["lines"]:
            self.stdout.write(f"{line['component']:<24} {line['amount']:>16,}  {line['source']}")
        self.stdout.write(f"total {data['total']:,} ({data['kind']} on {data['event_date']})")
