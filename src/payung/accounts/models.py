"""Users, their role and the regions they work in."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REGENCY_ADMIN = "regency_admin", _("Admin kabupaten/kota")
    OPERATOR = "operator", _("Operator kecamatan/desa")
    BPJS_OFFICER = "bpjs_officer", _("Petugas BPJS Ketenagakerjaan")
    VIEWER = "viewer", _("Pemantau")
    # National rule versions (contribution and benefit figures every regency prices with).
    NATIONAL_ADMIN = "national_admin", _("Admin nasional")


# Roles that work with named people and so may see NIK, name and phone unmasked.
ROLES_SEEING_PERSONAL_DATA = frozenset({Role.REGENCY_ADMIN, Role.OPERATOR, Role.BPJS_OFFICER})
# Roles that must log in with a second factor (TOTP or a recovery code); others may choose to.
ROLES_NEEDING_SECOND_FACTOR = frozenset({Role.REGENCY_ADMIN, Role.BPJS_OFFICER})
# Roles that may create or change workers.
ROLES_EDITING_WORKERS = frozenset({Role.REGENCY_ADMIN, Role.OPERATOR})


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    # A region and everything below it; a BPJS officer may serve several regencies.
    regions = models.ManyToManyField("regions.Region", blank=True, related_name="users")

    @property
    def sees_personal_data(self) -> bool:
        return self.is_superuser or self.role in ROLES_SEEING_PERSONAL_DATA

    @property
    def needs_second_factor(self) -> bool:
        return self.is_superuser or self.role in ROLES_NEEDING_SECOND_FACTOR

    @property
    def edits_workers(self) -> bool:
        return self.is_superuser or self.role in ROLES_EDITING_WORKERS
