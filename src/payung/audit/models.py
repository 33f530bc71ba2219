"""Audit trail: who changed what, when, from which value to which (UU 27/2022 accountability)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("Dibuat")
    UPDATE = "update", _("Diubah")
    DELETE = "delete", _("Dihapus")


class Source(models.TextChoices):
    WEB = "web", _("Layar")
    IMPORT = "import", _("Impor berkas")
    API = "api", _("API")
    CLI = "cli", _("Perintah konsol")
    SYSTEM = "system", _("Sistem")


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # "worker", "membership", "rule_version", ...: the kind of record, and its primary key.
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    action = models.CharField(max_length=10, choices=Action.choices)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    # {"field": [old, new], ...}; values as text so any field type fits.
    changes = models.JSONField(default=dict)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"], name="audit_object_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"
