"""Import jobs (one row per uploaded file, kept with the file) and remembered column mappings."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from payung.lib.sheets.reader import HEADER_SEARCH_ROWS


class Status(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    CHECKING = "checking", _("Memeriksa")
    CHECKED = "checked", _("Siap diimpor")
    IMPORTING = "importing", _("Mengimpor")
    DONE = "done", _("Selesai")
    REJECTED = "rejected", _("Ditolak")
    FAILED = "failed", _("Gagal")
    CANCELLED = "cancelled", _("Dibatalkan")


RUNNING = (Status.QUEUED, Status.CHECKING, Status.IMPORTING)
# What a worker is doing (a queued job has no worker yet).
WORKING = (Status.CHECKING, Status.IMPORTING)
# Failures that are not the file's fault: the same file may be run again.
RETRIABLE = ("worker_died", "crashed", "registry_changed")


class Source(models.TextChoices):
    WEB = "web", _("Layar")
    CLI = "cli", _("Perintah konsol")
    API = "api", _("API")


class ImportJob(models.Model):
    """One file sent for import: who, when, the file itself, its state and its counts."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    file = models.FileField(upload_to="imports/%Y/%m/", max_length=200)
    original_name = models.CharField(max_length=200)
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    # District whose villages may be written by name in the file (optional).
    district = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The village of a file without a village column (an OpenSID export serves one village).
    village = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Regency in which villages and districts written by name are looked up (the operator's, on screen).
    regency = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Register children under working age / people past it too (default: refused with the reason).
    include_minors = models.BooleanField(default=False)
    include_elderly = models.BooleanField(default=False)
    valid_only = models.BooleanField(default=False)
    dry_run = models.BooleanField(default=True)
    # The header row the operator chose (1-based, one of the first 15); empty: the reader finds it.
    header_row = models.PositiveSmallIntegerField(null=True, blank=True)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(max_length=60, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    # The process running the job ("host:pid"), its last sign of life, and a cancel asked by a person:
    # the web server and the worker share only the database (payung.imports.progress).
    worker = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)
    # The background task that runs it (django-tasks' result id), failed with the job when its worker died.
    task_id = models.CharField(max_length=64, blank=True)
    # When the original file and the report were deleted (refused at once, or past the retention).
    files_purged_at = models.DateTimeField(null=True, blank=True)

    rows = models.PositiveIntegerField(default=0)
    valid = models.PositiveIntegerField(default=0)
    invalid = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    # Rows actually written (0 until an import has committed).
    created = models.PositiveIntegerField(default=0)
    written_updates = models.PositiveIntegerField(default=0)

    file_error_code = models.CharField(max_length=40, blank=True)
    file_error = models.TextField(blank=True)
    # The sheet as found: header row, headers as written, field per column, unrecognised columns.
    layout = models.JSONField(default=dict, blank=True)
    # First problems for the page (the XLSX report holds all of them).
    errors = models.JSONField(default=list, blank=True)
    warning_list = models.JSONField(default=list, blank=True)
    conflicts = models.JSONField(default=list, blank=True)
    # The first rows as the import understood them, for the operator to check the columns.
    preview = models.JSONField(default=list, blank=True)
    error_report = models.FileField(upload_to="imports/reports/%Y/%m/", max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"], name="importjob_user_created")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(header_row__isnull=True)
                | models.Q(header_row__gte=1, header_row__lte=HEADER_SEARCH_ROWS),
                name="importjob_header_row_searched",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name} ({self.status})"

    @property
    def running(self) -> bool:
        return self.status in RUNNING

    @property
    def can_import(self) -> bool:
        return self.status == Status.CHECKED and self.valid > 0 and (self.invalid == 0 or self.valid_only)

    @property
    def offers_import(self) -> bool:
        """A checked file with at least one valid row: the page offers "Impor sekarang"."""
        return self.status == Status.CHECKED and self.valid > 0

    @property
    def can_retry(self) -> bool:
        """Failed because its worker died or crashed, with the file still kept: run it again."""
        return self.status == Status.FAILED and self.file_error_code in RETRIABLE and bool(self.file)

    @property
    def state_label(self) -> str:
        """The state as the history says it: a checked file is "ready" only when something can be imported."""
        if self.status == Status.CHECKED and self.rows and not self.valid:
            return _("Semua baris salah")
        if self.status == Status.CHECKED and self.invalid:
            return _("Ada baris salah")
        return self.get_status_display()


class ColumnMapping(models.Model):
    """A header the synonyms do not know, mapped by an operator to a field; used for their next files."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # normalise_header() of the header text: lower case, letters and digits only.
    header_key = models.CharField(max_length=100)
    header = models.CharField(max_length=200)
    # A canonical field of payung.lib.sheets.headers.FIELDS, or "" to ignore the column.
    field = models.CharField(max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "header_key"], name="columnmapping_user_header")
        ]

    def __str__(self) -> str:
        return f"{self.header} -> {self.field or '-'}"
