"""`payung purge_uploads [--dry-run] [--json]`: delete uploaded files past their retention, and report."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from payung.imports.retention import uploads_purge


class Command(BaseCommand):
    help = (
        "Delete import files past PAYUNG_UPLOAD_RETENTION_DAYS (default 90), refused files still kept, "
        "files no job names and temporary uploads left by killed uploads; report what went."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only report what would be deleted")
        parser.add_argument("--json", action="store_true", help="print the report as one JSON object")

    def handle(self, *args, dry_run: bool, json: bool, **options) -> None:
        purged = uploads_purge(dry_run=dry_run)
        if json:
            self.stdout.write(_json(purged.as_dict()))
            return
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb}: {purged.originals} original files and {purged.reports} reports of {len(purged.jobs)} "
            f"import jobs (kept {purged.retention_days} days), {purged.unreferenced} files no job names, "
            f"{purged.temporary} temporary uploads; {filesizeformat(purged.bytes)} in all."
        )


def _json(data: dict[str, object]) -> str:
    return json.dumps(data, ensure_ascii=False)
