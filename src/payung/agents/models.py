"""Perisai agents, the workers they bring (recruits), the contributions they collect and deposit,
and the rules their commission and inactivity follow (dated rows with sources, docs/agents.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from payung.accounts.scope import DEFAULT_LEVEL_FIELDS


class AgentStatus(models.TextChoices):
    ACTIVE = "active", _("Aktif")
    INACTIVE = "inactive", _("Ditangguhkan")  # suspended by an admin or a BPJS officer
    DROPPED = "dropped", _("Gugur (tidak aktif)")  # by the inactivity rule


class HostKind(models.TextChoices):
    COOPERATIVE = "cooperative", _("Koperasi")
    BUMDES = "bumdes", _("BUMDes / BUMKel")
    COMMUNITY = "community", _("Kelompok masyarakat")


class Agent(models.Model):
    """A user with the role agent, working in a district or a kelurahan for a host organisation."""

    LEVEL_FIELDS = {1: "province_code", 2: "regency_code", 3: "district_code", 4: "area_id"}

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agent", verbose_name=_("pengguna")
    )
    code = models.CharField(_("kode agen"), max_length=20, unique=True)
    # A district (kecamatan) or a village (kelurahan); the ancestors' codes beside it for the scope.
    area = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah")
    )
    district_code = models.CharField(max_length=8, db_index=True)
    regency_code = models.CharField(max_length=5, db_index=True)
    province_code = models.CharField(max_length=2)
    host_kind = models.CharField(_("jenis lembaga"), max_length=12, choices=HostKind.choices)
    host_name = models.CharField(_("lembaga induk"), max_length=150)
    start_date = models.DateField(_("mulai bertugas"))
    status = models.CharField(
        _("status"), max_length=10, choices=AgentStatus.choices, default=AgentStatus.ACTIVE
    )
    status_since = models.DateField(_("status sejak"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["active", "inactive", "dropped"]), name="agent_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.username


class Recruit(models.Model):
    """A worker an agent registered, with the MANDIRI membership that makes them a participant."""

    agent = models.ForeignKey(
        Agent, on_delete=models.PROTECT, related_name="recruits", verbose_name=_("agen")
    )
    worker = models.ForeignKey(
        "registry.Worker", on_delete=models.PROTECT, related_name="+", verbose_name=_("pekerja")
    )
    membership = models.OneToOneField(
        "schemes.Membership", on_delete=models.PROTECT, related_name="recruit", verbose_name=_("kepesertaan")
    )
    # The name as the agent typed it: what the agent sees, so a NIK matched to an existing record
    # shows the agent nothing of that record (the registry keeps its own name).
    given_name = models.CharField(_("nama yang didaftarkan agen"), max_length=150)
    registered_on = models.DateField(_("tanggal daftar"))
    declared_income = models.BigIntegerField(_("penghasilan dilaporkan (Rp)"))
    # The price of one month from the regulation engine when registered (shown before saving).
    monthly_contribution = models.BigIntegerField(_("iuran per bulan (Rp)"))
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    district_code = models.CharField(max_length=8, db_index=True)
    regency_code = models.CharField(max_length=5, db_index=True)
    province_code = models.CharField(max_length=2)

    LEVEL_FIELDS = DEFAULT_LEVEL_FIELDS

    class Meta:
        ordering = ["-registered_on", "-id"]
        indexes = [models.Index(fields=["agent", "registered_on"], name="recruit_agent_day")]

    def __str__(self) -> str:
        return f"{self.agent_id}:{self.worker_id}"


class Continuation(models.Model):
    """A recruit carried into the next year: `previous` (a year's MANDIRI membership, held to December)
    continued by `membership` (the next year's, from January). `Recruit.membership` is then the newer
    one; these rows keep the earlier years the recruit held (collections of December still count)."""

    recruit = models.ForeignKey(
        Recruit, on_delete=models.PROTECT, related_name="continuations", verbose_name=_("peserta agen")
    )
    previous = models.OneToOneField(
        "schemes.Membership",
        on_delete=models.PROTECT,
        related_name="continued_by",
        verbose_name=_("kepesertaan sebelumnya"),
    )
    membership = models.OneToOneField(
        "schemes.Membership",
        on_delete=models.PROTECT,
        related_name="continues",
        verbose_name=_("kepesertaan lanjutan"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    continued_on = models.DateField(_("tanggal dilanjutkan"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "id"]
        constraints = [models.UniqueConstraint(fields=["recruit", "year"], name="continuation_once_per_year")]

    def __str__(self) -> str:
        return f"{self.recruit_id} -> {self.year}"


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Tunai")
    TRANSFER = "transfer", _("Transfer")


class Collection(models.Model):
    """A recruit's contribution for one month, received by the agent."""

    recruit = models.ForeignKey(
        Recruit, on_delete=models.PROTECT, related_name="collections", verbose_name=_("peserta agen")
    )
    agent = models.ForeignKey(
        Agent, on_delete=models.PROTECT, related_name="collections", verbose_name=_("agen")
    )
    month = models.DateField(_("bulan iuran"))  # first day
    amount = models.BigIntegerField(_("jumlah (Rp)"))
    method = models.CharField(_("cara bayar"), max_length=10, choices=PaymentMethod.choices)
    reference = models.CharField(_("referensi"), max_length=100, blank=True)
    collected_on = models.DateField(_("tanggal terima"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["collected_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["recruit", "month"], name="collection_once_per_month"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="collection_positive"),
        ]
        indexes = [models.Index(fields=["agent", "collected_on"], name="collection_agent_day")]

    def __str__(self) -> str:
        return f"{self.recruit_id} {self.month:%Y-%m} {self.amount}"


class Deposit(models.Model):
    """Money an agent paid in to BPJS Ketenagakerjaan from what it collected."""

    agent = models.ForeignKey(
        Agent, on_delete=models.PROTECT, related_name="deposits", verbose_name=_("agen")
    )
    amount = models.BigIntegerField(_("jumlah (Rp)"))
    deposited_on = models.DateField(_("tanggal setor"))
    reference = models.CharField(_("referensi"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deposited_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="deposit_positive")]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.deposited_on} {self.amount}"


class DepositCover(models.Model):
    """The part of a collection a deposit paid in: a deposit covers the collections named by their
    reference first, then the oldest not yet deposited (received by the deposit's day). A collection
    may be covered by two deposits (the rest of it by the second)."""

    deposit = models.ForeignKey(Deposit, on_delete=models.PROTECT, related_name="covers")
    collection = models.ForeignKey(Collection, on_delete=models.PROTECT, related_name="covers")
    amount = models.BigIntegerField(_("jumlah (Rp)"))

    class Meta:
        ordering = ["deposit", "id"]
        constraints = [
            models.UniqueConstraint(fields=["deposit", "collection"], name="deposit_cover_once"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="deposit_cover_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.deposit_id}<-{self.collection_id} {self.amount}"


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", _("Pasti (beberapa sumber)")
    SINGLE_SOURCE = "single_source", _("Satu sumber")
    UNCERTAIN = "uncertain", _("Belum pasti")


class CommissionRule(models.Model):
    """One version of the commission rule, in force from `effective_from` (the 1st of a month) until
    the next version. Admins add newer versions (Django admin or the rules page), never edit code."""

    effective_from = models.DateField(_("berlaku mulai"), unique=True)
    rate_percent = models.DecimalField(_("komisi (% dari iuran terkumpul)"), max_digits=5, decimal_places=2)
    bonus_amount = models.BigIntegerField(_("bonus (Rp)"))
    bonus_min_new_participants = models.PositiveIntegerField(_("peserta baru minimum untuk bonus"))
    source = models.CharField(_("sumber"), max_length=300)
    confidence = models.CharField(_("keyakinan"), max_length=14, choices=Confidence.choices)
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rate_percent__gte=0, rate_percent__lte=100), name="commission_rate_0_100"
            ),
            models.CheckConstraint(
                condition=models.Q(bonus_amount__gte=0), name="commission_bonus_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rate_percent}% + Rp{self.bonus_amount} ({self.effective_from})"


class InactivityRule(models.Model):
    """When an agent is dropped for inactivity and when a dropped agent may rejoin (reported, uncertain)."""

    effective_from = models.DateField(_("berlaku mulai"), unique=True)
    drop_after_months = models.PositiveSmallIntegerField(_("gugur setelah bulan tanpa kegiatan"))
    rejoin_after_months = models.PositiveSmallIntegerField(_("boleh bergabung lagi setelah (bulan)"))
    source = models.CharField(_("sumber"), max_length=300)
    confidence = models.CharField(_("keyakinan"), max_length=14, choices=Confidence.choices)
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(drop_after_months__gte=1), name="inactivity_at_least_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.drop_after_months}/{self.rejoin_after_months} ({self.effective_from})"


class HostShareRule(models.Model):
    """The host organisation's (cooperative's, BUMDes', group's) share of an agent's commission: one
    version from `effective_from` (the 1st of a month) until the next. Reported by one source (2017),
    so stored as data an admin replaces, never code (docs/agents.md)."""

    effective_from = models.DateField(_("berlaku mulai"), unique=True)
    share_percent = models.DecimalField(
        _("bagian lembaga induk (% dari komisi)"), max_digits=5, decimal_places=2
    )
    source = models.CharField(_("sumber"), max_length=300)
    confidence = models.CharField(_("keyakinan"), max_length=14, choices=Confidence.choices)
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share_percent__gte=0, share_percent__lte=100), name="host_share_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.share_percent}% ({self.effective_from})"
