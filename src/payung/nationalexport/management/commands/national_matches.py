"""payung national_matches FILE [--json] [--key-file F]: this instance's workers in the national
double-funding list, with the months and the other funder (this instance's own workers only)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from payung.nationalexport.exporting import ExportRefused, national_key
from payung.nationalexport.matches import (
    MatchesRefused,
    matches_for_this_instance,
    months_text,
    summary_by_other_instance,
)


class Command(BaseCommand):
    help = (
        "Read the national roll-up's double-funding list (its folder, double_funding Parquet or CSV) and "
        "show which of this instance's workers are funded twice, in which months, with which other funder."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the roll-up's --out folder, or its double_funding Parquet/CSV")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--key-file", help="a file holding the national key (instead of PAYUNG_NATIONAL_KEY)"
        )

    def handle(self, *args, **options):
        try:
            key = national_key(options["key_file"])
            found, unknown = matches_for_this_instance(options["file"], key=key)
        except (ExportRefused, MatchesRefused) as error:
            raise CommandError(f"refused: {error}", returncode=2) from None
        by_instance = summary_by_other_instance(found)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "workers": len({m.worker_id for m in found}),
                        "matches": [m.as_dict() for m in found],
                        "by_other_instance": by_instance,
                        "rows_without_worker_here": unknown,
                    }
                )
            )
            return
        if not found:
            self.stdout.write("No worker of this instance is in the double-funding list.")
        for match in found:
            self.stdout.write(
                f"worker #{match.worker_id} {match.nik_masked} ({match.regency_code}) {match.programme} "
                f"{months_text(match.months)}: ours scheme #{match.scheme_id} {match.scheme_name}; "
                f"also funded by {match.other_instance_name} ({match.other_funder_type} {match.other_funder_region})"
            )
        for other, entry in sorted(by_instance.items()):
            self.stdout.write(
                f"with {entry['name']} ({other}): {entry['workers']} workers, {entry['programme_months']} programme-months"
            )
        if unknown:
            self.stdout.write(
                f"{unknown} rows name this instance but no worker found here (another national key, or workers removed?)"
            )
