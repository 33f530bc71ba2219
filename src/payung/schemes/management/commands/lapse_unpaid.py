"""payung lapse_unpaid: lapse members with too many unpaid bills (run daily, e.g. from cron)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from payung.lib import dates
from payung.schemes.models import FundingScheme, SchemeStatus
from payung.schemes.services.bills import memberships_lapse_unpaid


class Command(BaseCommand):
    help = (
        "For every running scheme (or --scheme ID), lapse the active members whose bills are unpaid past "
        "their due date for the scheme's lapse_after_months bills (default 3). Prints the count per scheme."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to check as, YYYY-MM-DD (default: today)")
        parser.add_argument("--scheme", type=int, help="one scheme id")

    def handle(self, *args, **options):
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else dates.today()
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, not {options['date']!r}") from None
        schemes = FundingScheme.objects.filter(status__in=(SchemeStatus.APPROVED, SchemeStatus.RUNNING))
        if options["scheme"] is not None:
            schemes = schemes.filter(pk=options["scheme"])
            if not schemes.exists():
                raise CommandError(f"no approved or running scheme with id {options['scheme']}")
        total = 0
        for scheme in schemes.order_by("pk"):
            count = memberships_lapse_unpaid(scheme=scheme, today=today)
            total += count
            self.stdout.write(f"{scheme.pk}\t{scheme.name}\t{count}")
        self.stdout.write(f"lapsed: {total}")
