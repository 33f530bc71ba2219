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
    # A Perisai agent: registers self-paying workers and collects their contributions (agents/).
    AGENT = "agent", _("Agen Perisai")


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    # A region and everything below it; a BPJS officer may serve several regencies.
    regions = models.ManyToManyField("regions.Region", blank=True, related_name="users")

    # What a role may do is decided in accounts/roles.py; these read it for templates and views.
    @property
    def sees_personal_data(self) -> bool:
        from .roles import sees_personal_data

        return sees_personal_data(self)

    @property
    def needs_second_factor(self) -> bool:
        from .roles import needs_second_factor

        return needs_second_factor(self)

    @property
    def edits_workers(self) -> bool:
        from .roles import edits_workers

        return edits_workers(self)

    @property
    def is_agent(self) -> bool:
        return self.role == Role.AGENT

    @property
    def manages_agents(self) -> bool:
        from .roles import manages_agents

        return manages_agents(self)

    @property
    def manages_users(self) -> bool:
        from .roles import manages_users

        return manages_users(self)
