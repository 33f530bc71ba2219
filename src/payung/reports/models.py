"""A rakor pack: one generated file of a region and year, its job state while it is made, and the
archive afterwards (a new pack is a new row and a new file; nothing is ever overwritten)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Format(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"


class Status(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Sedang dibuat")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


WORKING = (Status.QUEUED, Status.RUNNING)


class ReportPack(models.Model):
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.DateField()  # first day of the month the pack reports on
    format = models.CharField(max_length=4, choices=Format.choices)
    # Who asked (empty for the command line); the name is copied so the archive keeps it.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    user_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(max_length=80, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)

    file = models.FileField(upload_to="reports/%Y/%m/", max_length=200, blank=True)
    size = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["region", "year"], name="reportpack_region_year")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="reportpack_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(format__in=["pdf", "xlsx"]), name="reportpack_format_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.format} #{self.pk}"

    @property
    def running(self) -> bool:
        return self.status in WORKING

    @property
    def filename(self) -> str:
        return f"rakor-{self.region_id}-{self.month:%Y-%m}-{self.pk}.{self.format}"
