"""payung import_workers PATH [--village CODE] [--regency CODE] [--dry-run] [--valid-only] [--json]
[--error-report OUT.xlsx] [--district CODE] [--include-minors] [--include-elderly]

Exit 0: no row invalid. 1: rows were rejected (nothing written unless --valid-only).
2: the file could not be read, or --village, --regency or --district names no such region (nothing written).
"""

from __future__ import annotations

import json
import pathlib
import sys

from django.core.management.base import BaseCommand

from payung.imports.models import Status
from payung.imports.services import ImportRefused, import_path


class Command(BaseCommand):
    help = "Impor daftar pekerja dari berkas XLSX/XLS/ODS/CSV (sebagai sistem: semua wilayah)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=pathlib.Path)
        parser.add_argument("--dry-run", action="store_true", help="Periksa saja, jangan simpan apa pun.")
        parser.add_argument(
            "--valid-only", action="store_true", help="Simpan baris yang valid walau ada baris salah."
        )
        parser.add_argument("--json", action="store_true", help="Cetak satu objek JSON ke stdout.")
        parser.add_argument(
            "--error-report",
            type=pathlib.Path,
            metavar="OUT.xlsx",
            help="Tulis laporan XLSX: baris asli + kolom kesalahan.",
        )
        parser.add_argument(
            "--district",
            metavar="CODE",
            help="Kode kecamatan (mis. 13.02.07) untuk mencocokkan desa yang ditulis dengan nama.",
        )
        parser.add_argument(
            "--village",
            metavar="CODE",
            help="Kode desa (mis. 13.02.07.2001) untuk berkas tanpa kolom desa (mis. ekspor OpenSID).",
        )
        parser.add_argument(
            "--regency",
            metavar="CODE",
            help="Kode kabupaten (mis. 13.02) untuk mencocokkan desa dan kecamatan yang ditulis dengan nama.",
        )
        parser.add_argument(
            "--include-minors", action="store_true", help="Impor juga anak di bawah usia kerja."
        )
        parser.add_argument(
            "--include-elderly", action="store_true", help="Impor juga penduduk di atas usia kerja."
        )

    def handle(self, *args, **options):
        path: pathlib.Path = options["path"]
        as_json = options["json"]
        if not path.is_file():
            return self._fail(as_json, "file_not_found", f"Berkas tidak ditemukan: {path}")
        try:
            outcome = import_path(
                path,
                dry_run=options["dry_run"],
                valid_only=options["valid_only"],
                district_code=options["district"],
                village_code=options["village"],
                regency_code=options["regency"],
                include_minors=options["include_minors"],
                include_elderly=options["include_elderly"],
                report_path=options["error_report"],
            )
        except ImportRefused as exc:
            return self._fail(as_json, exc.code, str(exc))
        job = outcome.job
        if job.status == Status.FAILED:
            return self._fail(as_json, job.file_error_code, job.file_error)
        dry_run = options["dry_run"]
        written = job.status == Status.DONE
        result = {
            "rows": job.rows,
            "valid": job.valid,
            "invalid": job.invalid,
            # A dry run tells what an import would do; a real run what it did (0 when refused).
            "created": job.new if dry_run else job.created,
            "updated": job.updated if dry_run else job.written_updates,
            "unchanged": job.unchanged if dry_run or written else 0,
            "warnings": job.warnings,
            "errors": outcome.problems(),
            "dry_run": dry_run,
            "written": written,
            "job": job.pk,
        }
        if job.status == Status.CANCELLED:
            result["written"] = False
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self._print(result, job)
        sys.exit(1 if job.invalid else 0)

    def _fail(self, as_json: bool, code: str, message: str):
        if as_json:
            self.stdout.write(json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False))
        else:
            self.stderr.write(f"{code}: {message}")
        sys.exit(2)

    def _print(self, result: dict, job) -> None:
        out = self.stdout
        for problem in result["errors"][:200]:
            out.write(
                f"baris {problem['row']}, kolom {problem['column']}: {problem['message']} [{problem['code']}]"
            )
        if len(result["errors"]) > 200:
            out.write(f"... dan {len(result['errors']) - 200} kesalahan lain (lihat --error-report).")
        verb = "akan" if result["dry_run"] else ("" if result["written"] else "tidak")
        out.write(
            f"{result['rows']} baris: {result['valid']} valid, {result['invalid']} salah, {result['warnings']} peringatan."
        )
        out.write(
            f"Pekerja baru {result['created']}, dilengkapi {result['updated']}, tidak berubah {result['unchanged']}"
            + (f" ({verb} disimpan)." if verb else ".")
        )
        if not result["dry_run"] and not result["written"] and job.invalid:
            out.write(
                "Tidak ada yang disimpan karena ada baris salah (gunakan --valid-only untuk menyimpan yang valid)."
            )
