import json

from django.core.management.base import BaseCommand

from payung.regions.loading import SOURCE, load_regions
from payung.regions.models import Level


class Command(BaseCommand):
    help = "Loads or updates the Kemendagri region tree (provinces to villages). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the counts as one JSON object")

    def handle(self, *args, **options):
        result = load_regions()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "source": SOURCE,
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                        "retired": result.retired,
                        "provinces": result.by_level.get(Level.PROVINCE, 0),
                        "regencies": result.by_level.get(Level.REGENCY, 0),
                        "districts": result.by_level.get(Level.DISTRICT, 0),
                        "villages": result.by_level.get(Level.VILLAGE, 0),
                    }
                )
            )
            return
        self.stdout.write(f"Sumber: {SOURCE}")
        self.stdout.write(
            f"Provinsi {result.by_level.get(Level.PROVINCE, 0):,} · kabupaten/kota {result.by_level.get(Level.REGENCY, 0):,} · kecamatan {result.by_level.get(Level.DISTRICT, 0):,} · desa/kelurahan {result.by_level.get(Level.VILLAGE, 0):,}".replace(
                ",", "."
            )
        )
        if result.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{result.created} wilayah baru, {result.updated} diperbarui, {result.unchanged} tetap."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Tidak ada perubahan: {result.unchanged} wilayah sudah sesuai.")
            )
        if result.retired:
            self.stdout.write(
                self.style.WARNING(
                    f"{result.retired} wilayah di basis data tidak ada lagi di keputusan terbaru (disimpan)."
                )
            )
