"""`payung twofactor_reset USERNAME`: removes a user's second factor (a lost phone and no recovery
code left); the next login enrols again. For whoever holds the server, superusers included."""

from django.core.management.base import BaseCommand, CommandError

from payung.accounts.models import User
from payung.accounts.twofactor import second_factor_remove
from payung.audit.models import Source


class Command(BaseCommand):
    help = "Remove a user's authenticator and recovery codes; the next login enrols again."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        second_factor_remove(actor=None, user=user, source=Source.CLI)
        self.stdout.write(f"Second factor of {username} removed: the next login enrols a new one.")
