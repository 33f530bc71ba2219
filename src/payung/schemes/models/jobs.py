"""A long lifecycle step run in the background: the selection, the submission to BPJS, the KPJ answer,
a month's bill, the arrears check. The row is the job's whole state (progress, heartbeat, outcome), so
the web server and the worker share only the database."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    SELECT = "select", _("Simpan hasil seleksi")
    SUBMIT = "submit", _("Ajukan ke BPJS")
    ANSWER = "answer", _("Impor jawaban BPJS")
    BILL = "bill", _("Terbitkan tagihan")
    LAPSE = "lapse", _("Periksa tunggakan")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Sedang diproses")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


WORKING = (JobStatus.QUEUED, JobStatus.RUNNING)


class LifecycleJob(models.Model):
    scheme = models.ForeignKey("schemes.FundingScheme", on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=8, choices=JobKind.choices)
    # What the step was asked with (a bill's month, a dry run), and the uploaded answer file until
    # the step has read it: in the row, not on a disk the worker might not share.
    params = models.JSONField(default=dict, blank=True)
    upload = models.BinaryField(null=True, blank=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    user_name = models.CharField(max_length=150, blank=True)
    language = models.CharField(max_length=10, blank=True)  # the asker's, for the outcome's sentences

    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    phase = models.CharField(max_length=80, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)  # host:pid running it (payung.lib.jobs)
    task_id = models.CharField(max_length=64, blank=True)
    # The outcome as the page shows it: [{"level": "success", "text": "..."}] and, for an answer
    # file, the checked report (counts and mismatches).
    outcome = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="lifecyclejob_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["select", "submit", "answer", "bill", "lapse"]),
                name="lifecyclejob_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of scheme {self.scheme_id} #{self.pk}"

    @property
    def running(self) -> bool:
        return self.status in WORKING
