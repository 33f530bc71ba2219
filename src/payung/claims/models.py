"""Claims: what BPJS paid (or refused), to whom, under which funder, beside what the rules give.

A claim points at the worker (or, for a NIK the registry does not know, holds the NIK and name as the
branch reported them: docs/claims.md "Unregistered claimants"), at the membership and scheme that
covered the worker for the claim's programme on the event date (none: `NONE`), and carries the
region codes of every level so a region scope is equality tests. Writes go through `services.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from payung.accounts.scope import DEFAULT_LEVEL_FIELDS


class Programme(models.TextChoices):
    JKK = "JKK", _("JKK (kecelakaan kerja)")
    JKM = "JKM", _("JKM (kematian)")
    JHT = "JHT", _("JHT (hari tua)")
    JP = "JP", _("JP (pensiun)")
    BEASISWA = "BEASISWA", _("Beasiswa anak")


class Kind(models.TextChoices):
    """The values are `payung.rules.claims.ClaimKind`."""

    JKK_MEDICAL = "jkk_medical", _("JKK: perawatan dan pengobatan")
    JKK_TEMPORARY_INCAPACITY = "jkk_temporary_incapacity", _("JKK: sementara tidak mampu bekerja (STMB)")
    JKK_PERMANENT_DISABILITY = "jkk_permanent_disability", _("JKK: cacat total tetap")
    JKK_PARTIAL_DISABILITY = "jkk_partial_disability", _("JKK: cacat sebagian")
    JKK_DEATH = "jkk_death", _("JKK: meninggal karena kecelakaan kerja")
    JKK_FUNERAL = "jkk_funeral", _("JKK: biaya pemakaman")
    JKM_DEATH = "jkm_death", _("JKM: santunan kematian")
    JHT_FULL = "jht_full", _("JHT: pencairan seluruh saldo")
    JHT_PARTIAL = "jht_partial", _("JHT: pencairan sebagian")
    JP_MONTHLY = "jp_monthly", _("JP: manfaat bulanan")
    JP_LUMP_SUM = "jp_lump_sum", _("JP: manfaat sekaligus")
    SCHOLARSHIP = "scholarship", _("Beasiswa pendidikan anak")


class Status(models.TextChoices):
    REPORTED = "reported", _("Dilaporkan")
    SUBMITTED = "submitted", _("Diajukan ke BPJS")
    PAID = "paid", _("Dibayar")
    REJECTED = "rejected", _("Ditolak")


# Which status may follow which. A later branch report may correct a decision (paid → rejected and back).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.REPORTED: frozenset({Status.SUBMITTED, Status.PAID, Status.REJECTED}),
    Status.SUBMITTED: frozenset({Status.PAID, Status.REJECTED}),
    Status.PAID: frozenset({Status.REJECTED}),
    Status.REJECTED: frozenset({Status.SUBMITTED, Status.PAID}),
}


class FunderType(models.TextChoices):
    """The scheme funder types, plus NONE: self-paid or an employer outside Payung."""

    APBD = "APBD", _("APBD")
    APBDES = "APBDES", _("APBDes / Dana Desa")
    APBN = "APBN", _("APBN")
    CSR = "CSR", _("CSR")
    BAZNAS = "BAZNAS", _("BAZNAS")
    MANDIRI = "MANDIRI", _("Mandiri")
    NONE = "NONE", _("Di luar Payung")


class Origin(models.TextChoices):
    REPORT = "report", _("Laporan kantor cabang")
    HAND = "hand", _("Dilaporkan petugas")


class SchoolLevel(models.TextChoices):
    TK_SD = "TK_SD", _("TK/SD")
    SMP = "SMP", _("SMP")
    SMA = "SMA", _("SMA")
    PT = "PT", _("Perguruan tinggi")


class ClaimQuerySet(models.QuerySet):
    def paid_in(self, year: int) -> ClaimQuerySet:
        return self.filter(status=Status.PAID, paid_on__year=year)

    def differing_from_rule(self) -> ClaimQuerySet:
        """`Claim.differs_from_rule` in the database: the paid (else claimed) amount and the rule amount
        both known and not equal."""
        return (
            self.alias(compared=Coalesce("amount_paid", "amount_claimed"))
            .filter(rule_amount__isnull=False, compared__isnull=False)
            .exclude(compared=models.F("rule_amount"))
        )


class Claim(models.Model):
    LEVEL_FIELDS = DEFAULT_LEVEL_FIELDS

    # NULL until the branch gives one (a claim reported by hand): unique among those that have one.
    claim_number = models.CharField(_("nomor klaim"), max_length=40, null=True, blank=True)  # noqa: DJ001
    worker = models.ForeignKey(
        "registry.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    # A claimant the registry does not know, as the branch reported them (empty when `worker` is set).
    unregistered_nik = models.CharField(_("NIK (belum terdaftar)"), max_length=16, blank=True)
    unregistered_name = models.CharField(_("nama (belum terdaftar)"), max_length=150, blank=True)
    kpj_number = models.CharField(_("nomor KPJ"), max_length=20, blank=True)
    programme = models.CharField(_("program"), max_length=8, choices=Programme.choices)
    kind = models.CharField(_("jenis klaim"), max_length=30, choices=Kind.choices)
    jht_reason = models.CharField(_("alasan pencairan JHT"), max_length=30, blank=True)
    child_name = models.CharField(_("nama anak"), max_length=150, blank=True)
    child_birth_date = models.DateField(_("tanggal lahir anak"), null=True, blank=True)
    child_order = models.PositiveSmallIntegerField(_("anak ke-"), null=True, blank=True)
    school_level = models.CharField(
        _("jenjang sekolah"), max_length=5, choices=SchoolLevel.choices, blank=True
    )
    event_date = models.DateField(_("tanggal kejadian"))
    wage = models.BigIntegerField(_("upah / penghasilan dilaporkan (Rp)"), null=True, blank=True)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REPORTED)
    reported_on = models.DateField(_("tanggal dilaporkan"))
    amount_claimed = models.BigIntegerField(_("jumlah diajukan (Rp)"), null=True, blank=True)
    amount_paid = models.BigIntegerField(_("jumlah dibayar (Rp)"), null=True, blank=True)
    paid_on = models.DateField(_("tanggal bayar"), null=True, blank=True)
    rejection_reason = models.CharField(_("alasan penolakan"), max_length=300, blank=True)

    # The funder at the event date (claims.funders), fixed when the claim is written.
    membership = models.ForeignKey(
        "schemes.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    scheme = models.ForeignKey(
        "schemes.FundingScheme", null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    funder_type = models.CharField(
        _("penyandang dana"), max_length=10, choices=FunderType.choices, default=FunderType.NONE
    )
    # What the rules give for this kind and date (claims.amounts); None when the rules cannot price it.
    rule_amount = models.BigIntegerField(_("jumlah menurut aturan (Rp)"), null=True, blank=True)

    village = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    district_code = models.CharField(max_length=8, blank=True, db_index=True)
    regency_code = models.CharField(max_length=5, db_index=True)
    province_code = models.CharField(max_length=2)

    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.REPORT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-event_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["claim_number"], name="claim_number_unique"),
            models.CheckConstraint(
                condition=models.Q(worker__isnull=False) | ~models.Q(unregistered_nik=""),
                name="claim_has_claimant",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["reported", "submitted", "paid", "rejected"]),
                name="claim_status_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="paid")
                | models.Q(paid_on__isnull=False, amount_paid__isnull=False),
                name="claim_paid_has_date_amount",
            ),
            models.CheckConstraint(
                condition=models.Q(paid_on__isnull=True) | models.Q(paid_on__gte=models.F("event_date")),
                name="claim_paid_after_event",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_paid__isnull=True) | models.Q(amount_paid__gte=0),
                name="claim_paid_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["regency_code", "status", "paid_on"], name="claim_regency_status_paid"),
            models.Index(fields=["unregistered_nik"], name="claim_unregistered_nik"),
            # The list's keyset walks (event_date, id) newest first, nationally or inside a regency.
            models.Index(fields=["event_date", "id"], name="claim_event_id"),
            models.Index(fields=["regency_code", "event_date", "id"], name="claim_regency_event_id"),
        ]

    def __str__(self) -> str:
        return self.claim_number or f"#{self.pk}"

    @property
    def differs_from_rule(self) -> bool:
        """Paid (or claimed) amount and rule amount both known and not equal: flagged, never replaced."""
        amount = self.amount_paid if self.amount_paid is not None else self.amount_claimed
        return self.rule_amount is not None and amount is not None and amount != self.rule_amount


class StatusChange(models.Model):
    """Every status change of a claim: when, who, from, to, why."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    on = models.DateField()  # the day it happened (a report's payment date, or today)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    why = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.from_status} → {self.to_status}"


class Relationship(models.TextChoices):
    """The values are the relationships of `payung.rules.claims.HEIR_ORDER`."""

    SPOUSE = "spouse", _("Suami/istri")
    CHILD = "child", _("Anak")
    PARENT = "parent", _("Orang tua")
    GRANDCHILD = "grandchild", _("Cucu")
    GRANDPARENT = "grandparent", _("Kakek/nenek")
    SIBLING = "sibling", _("Saudara kandung")
    IN_LAW = "in_law", _("Mertua")
    WILL = "will", _("Ditunjuk dalam wasiat")


class Heir(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="heirs")
    name = models.CharField(_("nama ahli waris"), max_length=150)
    nik = models.CharField(_("NIK ahli waris"), max_length=16, blank=True)
    relationship = models.CharField(_("hubungan"), max_length=12, choices=Relationship.choices)
    share_percent = models.DecimalField(_("bagian (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share_percent__gt=0, share_percent__lte=100), name="heir_share_0_100"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DocumentRequirement(models.Model):
    """A document a kind of claim needs: seeded from `payung.rules.claims.DOCUMENTS`, corrected by an admin."""

    code = models.SlugField(max_length=40)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    label = models.CharField(max_length=150)
    source = models.CharField(max_length=200)
    confidence = models.CharField(max_length=1, default="S")
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="document_requirement_once")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.label}"


class DocumentTick(models.Model):
    """A document an operator has seen while helping a family."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="ticks")
    requirement = models.ForeignKey(DocumentRequirement, on_delete=models.PROTECT, related_name="+")
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ticked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["claim", "requirement"], name="document_tick_once")]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.requirement_id}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    CHECKING = "checking", _("Memeriksa")
    IMPORTING = "importing", _("Mengimpor")
    CHECKED = "checked", _("Diperiksa")
    DONE = "done", _("Selesai")
    REJECTED = "rejected", _("Ditolak")
    FAILED = "failed", _("Gagal dibaca")
    CANCELLED = "cancelled", _("Dibatalkan")


class ClaimReport(models.Model):
    """One claims report of a branch as uploaded: the original kept, its counts and its problems."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file = models.FileField(upload_to="claims/%Y/%m/", max_length=200)
    original_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    dry_run = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=ImportStatus.choices)
    progress = models.PositiveSmallIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    valid = models.PositiveIntegerField(default=0)
    invalid = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    file_error = models.TextField(blank=True)
    # The run's worker ("host:pid"), its last sign of life and a cancel asked by the uploader: the same
    # liveness test as the worker imports (`imports.progress.orphaned`).
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=120, blank=True)
    cancel_requested = models.BooleanField(default=False)
    # When the kept original went (retention: `payung purge_claim_reports`); the row keeps its counts.
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name}"

    @property
    def running(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.IMPORTING)

    @property
    def can_import(self) -> bool:
        return self.status == ImportStatus.CHECKED and self.valid > 0 and not self.invalid and bool(self.file)

    @property
    def working(self) -> bool:
        """A worker has it (checking or importing); a queued run has no worker yet."""
        return self.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)
