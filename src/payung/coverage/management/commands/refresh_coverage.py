"""payung refresh_coverage [REGENCY_CODE ...]: recompute the coverage summary from memberships."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from payung.coverage.summary import refresh_registry_coverage
from payung.regions.models import Level, Region


class Command(BaseCommand):
    help = (
        "Recompute Payung's own coverage rows (memberships per village, month and funder; occupations; "
        "village funding) for the given regencies, or for every regency when none is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("regency_codes", nargs="*")

    def handle(self, *args, **options):
        codes = options["regency_codes"] or list(
            Region.objects.filter(level=Level.REGENCY).values_list("code", flat=True)
        )
        refresh_registry_coverage(regency_codes=codes)
        self.stdout.write(f"coverage refreshed for {len(codes)} regency(ies)")
