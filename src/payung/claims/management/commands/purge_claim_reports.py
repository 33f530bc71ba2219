"""`payung purge_claim_reports [--dry-run] [--json]`: delete kept originals of branch claims reports
past `PAYUNG_CLAIM_REPORT_RETENTION_DAYS` (default 365), and report what went."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from ...retention import claim_reports_purge


class Command(BaseCommand):
    help = (
        "Delete the kept originals of branch claims reports past PAYUNG_CLAIM_REPORT_RETENTION_DAYS "
        "(default 365); each purge is audited."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only report what would be deleted")
        parser.add_argument("--json", action="store_true", help="print the report as one JSON object")

    def handle(self, *args, dry_run: bool, **options) -> None:
        purged = claim_reports_purge(dry_run=dry_run)
        if options["json"]:
            self.stdout.write(json.dumps(purged.as_dict(), ensure_ascii=False))
            return
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb}: the originals of {len(purged.reports)} claims reports (kept {purged.retention_days} "
            f"days), {filesizeformat(purged.bytes)} in all."
        )
