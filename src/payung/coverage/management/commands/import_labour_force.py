"""payung import_labour_force PATH: BPS labour force and employed population per region and year."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from payung.coverage.importing import CoverageImportError, import_labour_force


class Command(BaseCommand):
    help = (
        "Import BPS denominators from a CSV or XLSX file with columns region_code, year, labour_force, "
        "employed. All or nothing: any bad row and nothing is written. A region/year already imported is "
        "replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, **options):
        try:
            result = import_labour_force(path=options["path"])
        except (CoverageImportError, OSError) as error:
            raise CommandError(str(error)) from error
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(f"labour force: {result.created} created, {result.updated} updated")
