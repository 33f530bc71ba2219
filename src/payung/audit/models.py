"""Audit trail: who changed what, when, from which value to which (UU 27/2022 accountability).

Both tables here are append-only: no screen edits or deletes a row, and on PostgreSQL a trigger
(migration 0002) makes the database refuse UPDATE and DELETE. So the "who" is PROTECTed (a user who
acted cannot be deleted; deactivate instead) and its name is copied into the row at write time.
"""

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
    # Django's PROTECT, not a database constraint: a lifecycle step writes a row per member, and
    # PostgreSQL checked the constraint per row, an eighth of a lapse of 10,000 members (with the
    # events' `by`, docs/PERFORMANCE.md). No index: the trail is searched by username or name, and
    # a step would add a row per member to it.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_constraint=False,
        db_index=False,
    )
    # Who it was, as written at the time (kept readable whatever happens to the account later).
    # A database default too: the import writer inserts audit rows with its own SQL.
    actor_name = models.CharField(max_length=150, blank=True, default="", db_default="")
    # The regency the change belongs to ("13.02"), so a regency admin reads its own trail; blank: none.
    regency_code = models.CharField(max_length=5, blank=True, default="", db_default="")
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
        indexes = [
            # The id alone: it serves a record's history (its few rows of other types filtered out) and
            # the trail searched by id, and it is small. The (type, id, at) index it replaces was three
            # times wider, and a lifecycle step's 80,000 rows, landing in its middle, cost as much as the
            # step's UPDATE on SQLite (docs/PERFORMANCE.md, "Scheme lifecycle").
            models.Index(fields=["object_id"], name="audit_object"),
            models.Index(fields=["regency_code", "at"], name="audit_regency_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"


class Channel(models.TextChoices):
    PAGE = "page", _("Halaman orang")
    EXPORT = "export", _("Unduhan")
    API = "api", _("API")


class PersonalDataAccess(models.Model):
    """One look at personal data: a person's page, an API detail, or a whole export (one row per export)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # True when the full NIK (and phone, KK) was shown; False for a masked export that still holds names.
    full_nik = models.BooleanField(default=True)
    # What the user said the data was for (asked before every export).
    purpose = models.CharField(max_length=200, blank=True)
    # Where: the page or file ("pendaftaran-kolektif-12.xlsx").
    location = models.CharField(max_length=200, blank=True)
    subject_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.channel} {self.actor_name} ({self.subject_count})"


class PersonalDataSubject(models.Model):
    """Whom an access showed: one row per person, written in bulk for exports.

    `worker_id` is the registry's key; no foreign key, because the registry stands above the audit app.
    """

    # No index of its own: (access, regency_code) below serves "whom did this access show" too.
    access = models.ForeignKey(
        PersonalDataAccess, on_delete=models.PROTECT, related_name="subjects", db_index=False
    )
    worker_id = models.BigIntegerField()
    regency_code = models.CharField(max_length=5)

    class Meta:
        # Three B-trees in all (with the key): a 100,000-person export stays a few seconds of writing.
        indexes = [
            models.Index(fields=["worker_id"], name="audit_subject_worker"),
            models.Index(fields=["access", "regency_code"], name="audit_subject_access_regency"),
        ]

    def __str__(self) -> str:
        return f"{self.access_id}: {self.worker_id}"
