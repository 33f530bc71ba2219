"""The worker registry: one person per NIK, living in a village of the region tree."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from payung.accounts.scope import DEFAULT_LEVEL_FIELDS
from payung.lib import lookups  # noqa: F401  (registers __digits, used by a constraint below)


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class Occupation(models.Model):
    code = models.SlugField(max_length=40, primary_key=True)
    name = models.CharField(max_length=80)
    risk_class = models.PositiveSmallIntegerField()
    transport = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(risk_class__gte=1, risk_class__lte=5), name="occupation_risk_1_5"
            )
        ]

    def __str__(self) -> str:
        return self.name


class WorkerQuerySet(models.QuerySet):
    def in_region(self, code: str) -> "WorkerQuerySet":
        return self.filter(**{Worker.LEVEL_FIELDS[code.count(".") + 1]: code})


class Worker(models.Model):
    LEVEL_FIELDS = DEFAULT_LEVEL_FIELDS

    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    # Indexes of code columns are declared in Meta: `db_index=True` on a text column makes PostgreSQL
    # build a second, LIKE-only index that no query here uses and every import pays for.
    village = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("desa/kelurahan"),
        db_index=False,
    )
    # Codes of the village's ancestors, set with the village: the region scope filters on them.
    district_code = models.CharField(max_length=8)
    regency_code = models.CharField(max_length=5)
    province_code = models.CharField(max_length=2)
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, verbose_name=_("pekerjaan"), db_index=False
    )
    # What the source wrote when the occupation became "Lainnya".
    occupation_note = models.CharField(_("keterangan pekerjaan"), max_length=100, blank=True)
    dtsen_decile = models.PositiveSmallIntegerField(_("desil DTSEN"), null=True, blank=True)
    monthly_income = models.BigIntegerField(_("penghasilan per bulan (Rp)"), null=True, blank=True)
    has_disability = models.BooleanField(_("penyandang disabilitas"), default=False)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    kk_number = models.CharField(_("nomor KK"), max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkerQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(nik__digits=16), name="worker_nik_16_digits"),
            models.CheckConstraint(condition=models.Q(sex__in=["L", "P"]), name="worker_sex_l_p"),
            models.CheckConstraint(
                condition=models.Q(dtsen_decile__isnull=True)
                | models.Q(dtsen_decile__gte=1, dtsen_decile__lte=10),
                name="worker_decile_1_10",
            ),
            models.CheckConstraint(
                condition=models.Q(monthly_income__isnull=True) | models.Q(monthly_income__gte=0),
                name="worker_income_not_negative",
            ),
        ]
        indexes = [
            # Lists are sorted by name; keyset pagination walks (name, id) inside the scope.
            models.Index(fields=["name", "id"], name="worker_name_id"),
            models.Index(fields=["regency_code", "name", "id"], name="worker_regency_name_id"),
            models.Index(fields=["dtsen_decile"], name="worker_decile"),
            models.Index(fields=["village"], name="worker_village"),
            models.Index(fields=["district_code"], name="worker_district"),
            models.Index(fields=["province_code"], name="worker_province"),
            models.Index(fields=["occupation"], name="worker_occupation"),
        ]

    def __str__(self) -> str:
        return self.name


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu keputusan")
    APPROVED = "approved", _("Disetujui")
    REFUSED = "refused", _("Ditolak")


class TransferRequest(models.Model):
    """A request to move a registered person into the requester's area: people move, their NIK goes along.

    The requester cannot see the person (they are registered outside the requester's scope). A regency
    admin of the regency where the person is registered when asked (``from_regency_code``), or a
    superuser, decides; an approval moves the worker's village (audited on the person's history).
    """

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="transfer_requests")
    from_regency_code = models.CharField(max_length=5)
    to_village = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan tujuan")
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("keterangan"), max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("alasan keputusan"), max_length=200, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "requested_by"],
                condition=models.Q(status="pending"),
                name="transfer_one_pending_per_requester",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending", decided_at__isnull=True)
                | (~models.Q(status="pending") & models.Q(decided_at__isnull=False)),
                name="transfer_decided_when_not_pending",
            ),
        ]
        indexes = [models.Index(fields=["from_regency_code", "status"], name="transfer_from_status")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.worker_id} -> {self.to_village_id} ({self.status})"


class ElsewhereAnswer(models.Model):
    """Times a user was told "this NIK is registered outside your area" (form, API, import, transfer):
    counted so that a regency admin sees a user who probes for NIKs in bulk."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=10)
    count = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["user", "at"], name="elsewhereanswer_user_at")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.at:%Y-%m-%d} {self.source} x{self.count}"
