"""Funding schemes: one funder's yearly commitment (budget, programmes, months, eligibility)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from payung.rules import Month


# Defaults from the regulation facts in rules/ (read when a row is made, so a corrected rule counts).
def _regulation_defaults():
    from ..pricing import regulation_defaults

    return regulation_defaults()


def default_declared_income() -> int:
    return _regulation_defaults().declared_income


def default_min_age() -> int:
    return _regulation_defaults().min_age


def default_max_age() -> int:
    return _regulation_defaults().max_age


def default_lapse_after_months() -> int:
    return _regulation_defaults().lapse_after_months


class FunderType(models.TextChoices):
    """Who pays; the values are the regulation engine's `rules.FunderType` (the discount depends on it).

    The government level (province, regency/city, village) is the level of `funder_region`.
    """

    APBD = "APBD", _("APBD (pemerintah provinsi/kabupaten/kota)")
    APBDES = "APBDES", _("APBDes / Dana Desa (pemerintah desa)")
    APBN = "APBN", _("APBN (pemerintah pusat)")
    CSR = "CSR", _("CSR perusahaan")
    BAZNAS = "BAZNAS", _("BAZNAS")
    MANDIRI = "MANDIRI", _("Mandiri (pekerja membayar sendiri)")


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    APPROVED = "approved", _("Disetujui")
    RUNNING = "running", _("Berjalan")
    CLOSED = "closed", _("Ditutup")


class Segment(models.TextChoices):
    BPU = "BPU", _("Bukan Penerima Upah (BPU)")
    PU = "PU", _("Penerima Upah (PU)")


class FundingSchemeQuerySet(models.QuerySet):
    def of_year(self, year: int) -> FundingSchemeQuerySet:
        return self.filter(year=year)


class FundingScheme(models.Model):
    name = models.CharField(_("nama skema"), max_length=150)
    funder_type = models.CharField(_("jenis penyandang dana"), max_length=10, choices=FunderType.choices)
    funder_region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("wilayah penyandang dana"),
    )
    # Codes of the funder region and its ancestors ("" below its level): the region scope filters on them.
    province_code = models.CharField(max_length=2, db_index=True)
    regency_code = models.CharField(max_length=5, blank=True, db_index=True)
    district_code = models.CharField(max_length=8, blank=True)
    village_code = models.CharField(max_length=13, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    budget = models.BigIntegerField(_("pagu anggaran (Rp)"))
    segment = models.CharField(_("segmen"), max_length=3, choices=Segment.choices, default=Segment.BPU)
    programmes = models.JSONField(_("program"), default=list)  # ["JKK", "JKM", "JHT"]
    # Covered months: first_month (1st day) and `months` consecutive months inside `year`.
    first_month = models.DateField(_("bulan pertama"))
    months = models.PositiveSmallIntegerField(_("jumlah bulan"))
    # The income the contribution is computed on (Pemda practice: the minimum, Rp1.000.000).
    declared_income = models.BigIntegerField(_("dasar penghasilan (Rp)"), default=default_declared_income)
    quota = models.PositiveIntegerField(_("kuota peserta"), null=True, blank=True)
    per_village_quota = models.PositiveIntegerField(_("kuota per desa"), null=True, blank=True)
    # Eligibility.
    deciles = models.JSONField(_("desil DTSEN"), default=list, blank=True)  # [] = any decile
    occupations = models.JSONField(
        _("pekerjaan"), default=list, blank=True
    )  # occupation codes, in priority order
    areas = models.JSONField(
        _("wilayah sasaran"), default=list, blank=True
    )  # region codes inside funder_region
    min_age = models.PositiveSmallIntegerField(_("usia minimum"), default=default_min_age)
    max_age = models.PositiveSmallIntegerField(_("usia maksimum"), default=default_max_age)
    disability_first = models.BooleanField(_("penyandang disabilitas didahulukan"), default=False)
    lapse_after_months = models.PositiveSmallIntegerField(
        _("nonaktif setelah bulan tak terbayar"), default=default_lapse_after_months
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FundingSchemeQuerySet.as_manager()

    class Meta:
        db_table = "funding_fundingscheme"  # the table of the former funding app, kept
        ordering = ["-year", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(budget__gt=0), name="scheme_budget_positive"),
            models.CheckConstraint(
                condition=models.Q(months__gte=1, months__lte=12), name="scheme_months_1_12"
            ),
            models.CheckConstraint(
                condition=models.Q(min_age__lte=models.F("max_age")), name="scheme_age_range"
            ),
            models.CheckConstraint(condition=models.Q(declared_income__gt=0), name="scheme_income_positive"),
            models.CheckConstraint(
                condition=models.Q(lapse_after_months__gte=1), name="scheme_lapse_after_at_least_1"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "approved", "running", "closed"]),
                name="scheme_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(approved_at__isnull=False),
                name="scheme_approved_has_when",
            ),
        ]
        indexes = [models.Index(fields=["regency_code", "year"], name="scheme_regency_year")]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def start(self) -> Month:
        return Month.of(self.first_month)

    @property
    def covered_months(self) -> tuple[Month, ...]:
        return tuple(self.start.plus(i) for i in range(self.months))

    @property
    def last_month(self) -> dt.date:
        return self.start.plus(self.months - 1).first_day

    @property
    def programme_list(self) -> list[str]:
        return list(self.programmes)

    @property
    def programmes_text(self) -> str:
        return "+".join(self.programmes)
