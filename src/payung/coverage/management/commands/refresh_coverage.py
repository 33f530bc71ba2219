"""payung refresh_coverage [REGENCY_CODE ...] | --pending [--follow SECONDS]: recompute the coverage summary."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from payung.coverage.outbox import refresh_pending
from payung.coverage.summary import refresh_registry_coverage
from payung.regions.models import Level, Region


class Command(BaseCommand):
    help = (
        "Recompute Payung's own coverage rows (memberships per village, month and funder; occupations; "
        "village funding) for the given regencies, or for every regency when none is given. With --pending, "
        "only the regencies and months the lifecycle recorded as changed (its outbox), deleting each row once "
        "refreshed; --follow SECONDS keeps doing so every SECONDS (the coverage worker)."
    )

    def add_arguments(self, parser):
        parser.add_argument("regency_codes", nargs="*")
        parser.add_argument("--pending", action="store_true", help="refresh what the outbox holds, then stop")
        parser.add_argument("--follow", type=float, metavar="SECONDS", help="with --pending: keep polling")

    def handle(self, *args, **options):
        if options["follow"] is not None and not options["pending"]:
            raise CommandError("--follow goes with --pending")
        if options["pending"]:
            if options["regency_codes"]:
                raise CommandError("--pending takes no regency codes: it refreshes what the outbox holds")
            self._pending(options["follow"])
            return
        codes = options["regency_codes"] or list(
            Region.objects.filter(level=Level.REGENCY).values_list("code", flat=True)
        )
        refresh_registry_coverage(regency_codes=codes)
        self.stdout.write(f"coverage refreshed for {len(codes)} regency(ies)")

    def _pending(self, follow: float | None) -> None:
        while True:
            done = refresh_pending()
            if done or follow is None:
                self.stdout.write(f"coverage refreshed for {done} pending region-month(s)")
            if follow is None:
                return
            time.sleep(follow)
