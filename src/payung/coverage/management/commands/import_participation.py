"""payung import_participation PATH: the BPJS branch's aggregate report of active participants."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from payung.coverage.importing import CoverageImportError, import_participation


class Command(BaseCommand):
    help = (
        "Import active participants per region, month and segment from a CSV or XLSX file with columns "
        "region_code, month (YYYY-MM), segment (PU, BPU, JAKON, PMI), active. All or nothing; a row for a "
        "region, month and segment already imported is replaced; the coverage summary is rebuilt."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, **options):
        try:
            result = import_participation(path=options["path"])
        except (CoverageImportError, OSError) as error:
            raise CommandError(str(error)) from error
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(f"participation: {result.created} created, {result.updated} updated")
