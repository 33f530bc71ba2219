"""API tokens a user makes for its scripts, and the answers kept for retried requests."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from payung.lib.dates import now


class ApiToken(models.Model):
    """A named token: only its SHA-256 is stored, and its last four characters to recognise it by.
    It acts with exactly its user's role and regions (read on every request, never copied)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    last_digits = models.CharField(max_length=4)
    created_at = models.DateTimeField(_("dibuat"), default=now)
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} (…{self.last_digits})"


class IdempotentRequest(models.Model):
    """The first answer to a POST sent with an `Idempotency-Key`: a retry with the same key gets it
    again and creates nothing new."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField(null=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_key_once")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"
