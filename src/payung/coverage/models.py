"""Coverage (UCJ) monitoring: imported denominators and numerators, targets, and the summary tables.

Raw imports (`LabourForceStat`, `ParticipationReport`) keep what BPS and the BPJS branch gave, at the
level they gave it. The summary tables (`CoverageMonth`, `OccupationMonth`, `VillageFunding`) are
derived from them and from memberships by `payung.coverage.summary`; dashboards read only those,
never memberships. See docs/coverage.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Segment(models.TextChoices):
    PU = "PU", _("Penerima Upah (PU)")
    BPU = "BPU", _("Bukan Penerima Upah (BPU)")
    JAKON = "JAKON", _("Jasa Konstruksi")
    PMI = "PMI", _("Pekerja Migran Indonesia")


class Source(models.TextChoices):
    BPJS_REPORT = "bpjs_report", _("Laporan BPJS Ketenagakerjaan")
    REGISTRY = "registry", _("Kepesertaan Payung")


class DenominatorKind(models.TextChoices):
    LABOUR_FORCE = "labour_force", _("Angkatan kerja")
    EMPLOYED = "employed", _("Penduduk bekerja")


class TargetKind(models.TextChoices):
    RPJMD = "rpjmd", _("RPJMD")
    RENJA = "renja", _("Renja")
    RAKORTEK = "rakortek", _("Rakortek")


class TargetMode(models.TextChoices):
    PERCENT = "percent", _("Persentase cakupan")
    INCREASE = "increase", _("Kenaikan relatif atas tahun dasar")


class LabourForceStat(models.Model):
    """BPS labour-force figures of one region and year (the denominators)."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=2, db_index=True)
    year = models.PositiveSmallIntegerField()
    labour_force = models.PositiveIntegerField(_("angkatan kerja"))
    employed = models.PositiveIntegerField(_("penduduk bekerja"))
    source_file = models.CharField(max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="labour_force_region_year"),
            models.CheckConstraint(
                condition=Q(employed__lte=models.F("labour_force")), name="employed_within_labour_force"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}"

    def value(self, kind: str) -> int:
        return self.labour_force if kind == DenominatorKind.LABOUR_FORCE else self.employed


class ParticipationReport(models.Model):
    """One row of the BPJS branch's aggregate report: active participants of a region, month and segment."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=2, db_index=True)
    month = models.DateField()  # first day of the month
    segment = models.CharField(max_length=5, choices=Segment.choices)
    active = models.PositiveIntegerField()
    source_file = models.CharField(max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "month", "segment"], name="participation_region_month_segment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month:%Y-%m} {self.segment}"


class CoverageMonth(models.Model):
    """Participants of one region (any level) in one month, by source, segment and funder type.

    BPJS-report rows (`funder_type` empty) hold the reported figure, or the sum of the level below where
    the report has none for this region (`derived`). Registry rows are Payung's own counted memberships
    (segment BPU) by the funder type of their scheme, written for every level by the refresher.
    """

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    province_code = models.CharField(max_length=2)
    regency_code = models.CharField(max_length=5, blank=True)
    district_code = models.CharField(max_length=8, blank=True)
    month = models.DateField()
    source = models.CharField(max_length=12, choices=Source.choices)
    segment = models.CharField(max_length=5, choices=Segment.choices)
    funder_type = models.CharField(max_length=10, blank=True)
    participants = models.PositiveIntegerField()
    derived = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "month", "source", "segment", "funder_type"], name="coverage_month_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["region", "source", "month"], name="coverage_region_source_month"),
            models.Index(fields=["regency_code", "level", "month"], name="coverage_regency_level_month"),
            models.Index(fields=["province_code", "level", "month"], name="coverage_province_level_month"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month:%Y-%m} {self.source} {self.segment} {self.funder_type}"


class OccupationMonth(models.Model):
    """Registered workers and those with a counted membership, per district or regency, month, occupation."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    regency_code = models.CharField(max_length=5, db_index=True)
    month = models.DateField()
    occupation = models.ForeignKey("registry.Occupation", on_delete=models.CASCADE, related_name="+")
    registered = models.PositiveIntegerField()
    covered = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "month", "occupation"], name="occupation_month_unique"),
        ]
        indexes = [models.Index(fields=["region", "month"], name="occupation_region_month")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month:%Y-%m} {self.occupation_id}"


class VillageFunding(models.Model):
    """Workers a village funds through its own schemes (funder region = the village) in a year."""

    village = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    district_code = models.CharField(max_length=8)
    regency_code = models.CharField(max_length=5, db_index=True)
    year = models.PositiveSmallIntegerField()
    workers = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["village", "year"], name="village_funding_unique")]

    def __str__(self) -> str:
        return f"{self.village_id} {self.year}"


class Target(models.Model):
    """A coverage target of a region for a year: a percentage, or a relative increase over a base year."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=2, db_index=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis"), max_length=10, choices=TargetKind.choices)
    denominator_kind = models.CharField(
        _("penyebut"), max_length=12, choices=DenominatorKind.choices, default=DenominatorKind.LABOUR_FORCE
    )
    mode = models.CharField(
        _("bentuk"), max_length=10, choices=TargetMode.choices, default=TargetMode.PERCENT
    )
    percent = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    increase_pct = models.DecimalField(
        _("kenaikan (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    base_year = models.PositiveSmallIntegerField(_("tahun dasar"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "kind"], name="target_region_year_kind"),
            models.CheckConstraint(
                condition=(
                    Q(mode="percent", percent__gt=0, percent__lte=100)
                    | Q(
                        mode="increase",
                        increase_pct__gt=0,
                        base_year__isnull=False,
                        base_year__lt=models.F("year"),
                    )
                ),
                name="target_percent_or_increase",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} {self.region_id}"
