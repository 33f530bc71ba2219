from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from payung.agents.demo import USERNAME, load_agents_demo
from payung.claims.demo import load_claims_demo
from payung.coverage.demo import load_coverage_demo
from payung.coverage.outbox import refresh_pending
from payung.registry.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from payung.schemes.demo import load_funding_demo


class Command(BaseCommand):
    help = (
        "Loads the demo: users of every role, synthetic workers of the five seed regencies, funding schemes "
        "with memberships and bills, and coverage figures. Safe to run again; it never changes or deletes rows it did not create. Only with PAYUNG_DEBUG=1."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workers-per-regency", type=int, default=2_500)

    def handle(self, *args, **options):
        # The demo creates the superuser `admin` with a published password: never on a real installation.
        if not settings.DEBUG:
            raise CommandError(
                "load_demo hanya untuk pengembangan: jalankan dengan PAYUNG_DEBUG=1 (seperti `make run`). "
                "Demo membuat superuser `admin` dengan kata sandi yang diketahui umum.",
                returncode=2,
            )
        registry = load_demo(workers_per_regency=options["workers_per_regency"])
        self.stdout.write(
            f"Data demo: {registry['workers_created']} pekerja baru, {registry['workers_total']} pekerja seluruhnya."
        )
        funding = load_funding_demo()
        self.stdout.write(
            f"Skema demo: {funding['schemes_created']} baru, {funding['memberships']} kepesertaan."
        )
        agents = load_agents_demo(password=DEMO_PASSWORD)
        if agents["agent"]:
            self.stdout.write(
                f"Agen demo: {agents['agent']} ({USERNAME}), {agents['recruits']} peserta mandiri."
            )
        coverage = load_coverage_demo()
        refresh_pending()  # the demo memberships' coverage (village funding, funders) before the first page
        self.stdout.write(
            f"Cakupan demo: {coverage['regencies']} kabupaten/kota, {coverage['stats']} baris BPS, "
            f"{coverage['reports']} baris laporan BPJS, {coverage['targets']} target."
        )
        claims = load_claims_demo()
        self.stdout.write(f"Klaim demo: {claims['created']} baru dari {claims['claims']}.")
        self.stdout.write(f"Akun demo (kata sandi sama untuk semua: {DEMO_PASSWORD}):")
        for user in DEMO_USERS:
            regions = ", ".join(user.regions) or "semua wilayah"
            self.stdout.write(f"  {user.username:<18} {user.role:<14} {regions}")
        self.stdout.write(f"  {USERNAME:<18} {'agent':<14} Kota Makassar (satu kecamatan)")
