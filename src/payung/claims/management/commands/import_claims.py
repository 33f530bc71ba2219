"""payung import_claims PATH [--dry-run] [--json]

Exit 0: every row accepted. 1: rows were refused (nothing written). 2: the file could not be read.
`--json` prints one object: rows, valid, invalid, created, updated, unchanged, errors (each
{row, column, code, message}, `row` the spreadsheet row as Excel shows it).
"""

from __future__ import annotations

import json
import pathlib
import sys

from django.core.management.base import BaseCommand

from payung.audit.models import Source
from payung.lib import dates

from ...reports import import_report


class Command(BaseCommand):
    help = "Impor laporan klaim kantor cabang BPJS Ketenagakerjaan (XLSX/XLS/ODS/CSV)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=pathlib.Path)
        parser.add_argument("--dry-run", action="store_true", help="Periksa saja, jangan simpan apa pun.")
        parser.add_argument("--json", action="store_true", help="Cetak satu objek JSON ke stdout.")

    def handle(self, *args, **options):
        path: pathlib.Path = options["path"]
        as_json = options["json"]
        if not path.is_file():
            return self._unreadable(as_json, "file_not_found", f"Berkas tidak ditemukan: {path}")
        report, checked = import_report(
            actor=None,
            data=path.read_bytes(),
            name=path.name,
            dry_run=options["dry_run"],
            today=dates.today(),
            source=Source.CLI,
        )
        if checked is None:
            return self._unreadable(as_json, "unreadable", report.file_error)
        result = checked.as_json()
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(
                f"{result['rows']} baris: {result['valid']} diterima, {result['invalid']} ditolak; "
                f"{result['created']} baru, {result['updated']} diubah, {result['unchanged']} tetap."
            )
            for error in result["errors"]:
                self.stdout.write(f"  baris {error['row']}, kolom {error['column']}: {error['message']}")
        if result["invalid"]:
            sys.exit(1)

    def _unreadable(self, as_json: bool, code: str, message: str):
        if as_json:
            self.stdout.write(json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False))
        else:
            self.stderr.write(message)
        sys.exit(2)
