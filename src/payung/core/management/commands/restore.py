"""payung restore FILE: puts back the database and the uploaded files of a `payung backup` archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from payung.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replaces the database and the uploaded files with those of a `payung backup` archive. "
        "Stop `payung serve` first; everything written since the backup is lost."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--no-input", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, **options):
        if not options["archive"].is_file():
            raise CommandError(f"{options['archive']} tidak ada.")
        if not options["no_input"]:
            answer = input("Semua data sekarang diganti isi cadangan. Ketik 'ya' untuk melanjutkan: ")
            if answer.strip().lower() != "ya":
                raise CommandError("Dibatalkan: tidak ada yang diubah.")
        try:
            manifest = backup_restore(archive_path=options["archive"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Dipulihkan dari {options['archive']} (dibuat {manifest['created_at']}, "
            f"{manifest['media_files']} berkas unggahan)."
        )
