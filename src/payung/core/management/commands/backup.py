"""payung backup --out FILE: the database and the uploaded files in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from payung.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Backs up the database (SQLite online backup or pg_dump) and the uploaded files into one .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", required=True, type=Path, help="archive to write, e.g. payung-2026-12-02.tar.gz"
        )

    def handle(self, *args, **options):
        try:
            manifest = backup_create(out=options["out"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Cadangan tersimpan: {options['out']} ({manifest['engine']}, {manifest['media_files']} berkas unggahan)."
        )
