"""payung rakor_report REGION_CODE --year YYYY --format pdf|xlsx --out PATH [--month YYYY-MM]

Writes the rakor pack of the region and year (the month defaults to the year's last month with data).
Exit 0; 2 with a message for an unknown region, a year without any data, a future year or a month
outside the year.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from payung.accounts.scope import EVERYTHING
from payung.lib import dates
from payung.regions.models import Region

from ...services import PackInvalid, pack_bytes, pack_period


class Command(BaseCommand):
    help = "Membuat bahan rakor (PDF atau XLSX) untuk satu wilayah dan tahun."

    def add_arguments(self, parser):
        parser.add_argument("region_code")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=("pdf", "xlsx"), required=True)
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--month", help="TTTT-BB (bawaan: bulan terakhir tahun itu yang ada datanya)")

    def handle(self, *args, **options):
        code = options["region_code"]
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise CommandError(f"Wilayah {code} tidak dikenal.", returncode=2)
        try:
            month = pack_period(region, options["year"], options["month"], today=dates.today())
        except PackInvalid as error:
            raise CommandError(str(error), returncode=2) from None
        content = pack_bytes(
            region, options["year"], month, options["format"], scope=EVERYTHING, generated_by=""
        )
        out: Path = options["out"]
        out.parent.mkdir(parents=True, exist_ok=True)
        temporary = out.with_name(out.name + ".part")
        temporary.write_bytes(content)
        temporary.replace(out)  # nothing half-written at PATH
        self.stdout.write(f"{out} ({len(content)} bytes, {region.name} {month:%Y-%m})")
