"""payung serve: the production server (gunicorn + WhiteNoise) and the background worker beside it."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from payung.core.serving import background_worker_command, gunicorn_command, supervise, web_worker_count


class Command(BaseCommand):
    help = (
        "Runs the production web server (gunicorn; static files by WhiteNoise) and the background-job "
        "worker beside it, and stops both together. `make run` stays the development server."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=os.environ.get("PAYUNG_BIND", "127.0.0.1:8000"),
            help="address:port to listen on (default $PAYUNG_BIND or 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("PAYUNG_WEB_WORKERS") or 0),
            help="web worker processes (default: one per CPU, 2 to 9)",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start the background worker (it runs as its own service)",
        )

    def handle(self, *args, **options):
        if settings.DEBUG:
            raise CommandError(
                "payung serve adalah server produksi: matikan PAYUNG_DEBUG (untuk pengembangan: `make run`).",
                returncode=2,
            )
        workers = options["workers"] or web_worker_count()
        commands = [gunicorn_command(bind=options["bind"], workers=workers)]
        if not options["no_worker"]:
            commands.append(background_worker_command())
        self.stdout.write(f"Payung: http://{options['bind']}/ ({workers} web workers)")
        raise SystemExit(supervise(commands, out=self.stdout))
