"""The official Kemendagri region tree: province, regency/city, district, village."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Provinsi")
    REGENCY = 2, _("Kabupaten/Kota")
    DISTRICT = 3, _("Kecamatan")
    VILLAGE = 4, _("Desa/Kelurahan")


class Kind(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DISTRIK = "distrik", _("Distrik")
    DESA = "desa", _("Desa")
    KELURAHAN = "kelurahan", _("Kelurahan")
    NAGARI = "nagari", _("Nagari")
    GAMPONG = "gampong", _("Gampong")
    KAMPUNG = "kampung", _("Kampung")
    DESA_ADAT = "desa_adat", _("Desa Adat")


class RegionQuerySet(models.QuerySet):
    def within(self, code: str) -> "RegionQuerySet":
        """The region and everything below it."""
        return self.filter(models.Q(code=code) | models.Q(code__startswith=f"{code}."))

    def villages(self) -> "RegionQuerySet":
        return self.filter(level=Level.VILLAGE)


class Region(models.Model):
    # Dotted Kemendagri code as the decree writes it: "13", "13.02", "13.02.03", "13.02.03.2001".
    code = models.CharField(max_length=13, primary_key=True)
    name = models.CharField(max_length=120)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    postal_code = models.CharField(max_length=5, blank=True)
    # Lower-case name for search-as-you-type; filled by the loader.
    search_name = models.CharField(max_length=120, db_index=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"], name="region_level_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def ancestor_codes(self) -> list[str]:
        parts = self.code.split(".")
        return [".".join(parts[:i]) for i in range(1, len(parts))]
