"""Rule versions added by an admin (e.g. next year's JP wage cap), merged into the engine's RuleBook.

Rows are append-only: a version is never edited; a correction is a newer version. The engine
closes the previous version the day before a new one starts, so this table stores only the
start date.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidence(models.TextChoices):
    CONFIRMED = "C", _("Pasti (dua sumber atau lebih)")
    SINGLE_SOURCE = "S", _("Satu sumber")
    UNCERTAIN = "U", _("Belum pasti")


class AddedRuleVersion(models.Model):
    # Key of the rule in payung.rules (e.g. "pu.jp.wage_cap").
    rule = models.CharField(_("aturan"), max_length=60)
    effective_from = models.DateField(_("berlaku mulai"))
    # In engine units: a fraction for rates (0.0024 = 0,24 %), whole Rupiah for amounts.
    value = models.DecimalField(_("nilai"), max_digits=20, decimal_places=8)
    source = models.CharField(_("dasar hukum"), max_length=200)
    confidence = models.CharField(
        _("keyakinan"), max_length=1, choices=Confidence.choices, default=Confidence.CONFIRMED
    )
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dibuat oleh")
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        ordering = ["rule", "effective_from"]
        verbose_name = _("versi aturan tambahan")
        verbose_name_plural = _("versi aturan tambahan")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "effective_from"], name="tariffs_one_version_per_rule_and_date"
            ),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="tariffs_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.effective_from:%Y-%m-%d} = {self.value}"
