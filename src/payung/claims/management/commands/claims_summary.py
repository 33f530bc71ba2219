"""payung claims_summary REGION_CODE --year YYYY --json

Claims paid in YYYY (by payment date) of workers in the region: {region, year, claims, workers, paid,
by_programme, by_funder_type}.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from payung.regions.models import Region

from ...selectors import region_summary


class Command(BaseCommand):
    help = "Ringkasan klaim yang dibayar dalam satu tahun untuk satu wilayah."

    def add_arguments(self, parser):
        parser.add_argument("region_code")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true", help="Cetak satu objek JSON ke stdout.")

    def handle(self, *args, **options):
        code = options["region_code"]
        if not Region.objects.filter(code=code).exists():
            raise CommandError(f"Wilayah {code} tidak dikenal.")
        summary = region_summary(code, options["year"])
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        self.stdout.write(
            f"{code} {options['year']}: {summary['claims']} klaim, {summary['workers']} pekerja, Rp{summary['paid']:,}".replace(
                ",", "."
            )
        )
        for programme, figures in summary["by_programme"].items():
            self.stdout.write(
                f"  {programme}: {figures['claims']} klaim, Rp{figures['paid']:,}".replace(",", ".")
            )
