"""payung national_export --out DIR [--year YYYY] [--json] [--key-file F]: this Payung's national package."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from payung.nationalexport.exporting import ExportRefused, export_package, national_key


class Command(BaseCommand):
    help = (
        "Write this Payung's national package (docs/national.md): Parquet files by kind, province and "
        "month, and manifest.json. The NIK leaves only as an HMAC-SHA256 under the national key "
        "(PAYUNG_NATIONAL_KEY or --key-file); without a key nothing is written (exit 2)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="a new or empty folder")
        parser.add_argument("--year", type=int, help="the year to export (default: this year)")
        parser.add_argument("--json", action="store_true", help="print the manifest's summary as JSON")
        parser.add_argument(
            "--key-file", help="a file holding the national key (instead of PAYUNG_NATIONAL_KEY)"
        )

    def handle(self, *args, **options):
        try:
            key = national_key(options["key_file"])
            manifest = export_package(options["out"], year=options["year"], key=key)
        except ExportRefused as error:
            raise CommandError(f"refused, nothing written: {error}", returncode=2) from None
        summary = {
            "out": str(options["out"]),
            "instance": manifest["instance"],
            "regions": manifest["regions"],
            "period": manifest["period"],
            "schema_version": manifest["schema_version"],
            "row_counts": manifest["row_counts"],
            "files": len(manifest["files"]),
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            counts = ", ".join(f"{kind} {rows}" for kind, rows in manifest["row_counts"].items())
            self.stdout.write(
                f"{manifest['instance']['name']} ({manifest['instance']['id']}), {manifest['period']['year']}: "
                f"{summary['files']} files in {options['out']} ({counts})"
            )
