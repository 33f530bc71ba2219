"""The instance: one row, made by the first migration, whose id names this Payung in every package."""

from __future__ import annotations

import uuid

from django.db import models


class Instance(models.Model):
    """This Payung installation. Its id is made once with the database and never changes (a restore
    keeps it), so two packages of one installation are known as such; the name comes from settings."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.id)


def this_instance() -> Instance:
    """The one instance row (the migration made it; a flushed test database gets a new one)."""
    instance = Instance.objects.order_by("created_at", "id").first()
    return instance if instance is not None else Instance.objects.create()
