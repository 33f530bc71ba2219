from django.core.management.base import BaseCommand

from payung.registry.demo import DEMO_PASSWORD, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Loads the demo users and synthetic workers of the five seed regencies (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--workers-per-regency", type=int, default=2_500)

    def handle(self, *args, **options):
        result = load_demo(workers_per_regency=options["workers_per_regency"])
        self.stdout.write(
            f"Data demo: {result['workers_created']} pekerja baru, {result['workers_total']} pekerja seluruhnya."
        )
        self.stdout.write(f"Akun demo (kata sandi sama untuk semua: {DEMO_PASSWORD}):")
        for user in DEMO_USERS:
            regions = ", ".join(user.regions) or "semua wilayah"
            self.stdout.write(f"  {user.username:<18} {user.role:<14} {regions}")
