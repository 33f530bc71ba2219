"""payung load_coverage_demo: demo BPS figures, BPJS reports and targets for the five seed regencies."""

from django.core.management.base import BaseCommand

from payung.coverage.demo import load_coverage_demo


class Command(BaseCommand):
    help = (
        "Loads demo coverage data (BPS figures 2024-2025, BPJS reports 2024-01..2025-12 per district, targets) "
        "for the seed regencies present in the region table. Safe to run again; marked source_file=demo."
    )

    def handle(self, *args, **options):
        result = load_coverage_demo()
        self.stdout.write(
            f"coverage demo: {result['regencies']} regencies, {result['stats']} BPS rows, "
            f"{result['reports']} report rows, {result['targets']} targets"
        )
