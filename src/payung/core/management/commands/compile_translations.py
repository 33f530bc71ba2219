from django.core.management.base import BaseCommand

from payung.core.translations import catalogues, compile_all, untranslated


class Command(BaseCommand):
    help = "Compiles locale/*/LC_MESSAGES/*.po to .mo (pure Python, no gettext tools needed)."

    def handle(self, *args, **options):
        for path in compile_all():
            self.stdout.write(f"compiled {path}")
        for po_path in catalogues():
            missing = untranslated(po_path)
            if missing:
                self.stdout.write(self.style.WARNING(f"{po_path}: {len(missing)} untranslated"))
