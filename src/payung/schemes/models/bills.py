"""Monthly bills per scheme, their lines from the regulation engine, and payments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from payung.lib import formats

from .events import ActorNamed, ActorNameQuerySet


class Bill(ActorNamed):
    """One bill per scheme per month; its total is the sum of its lines."""

    scheme = models.ForeignKey("schemes.FundingScheme", on_delete=models.PROTECT, related_name="bills")
    month = models.DateField(_("bulan iuran"))  # first day of the month
    due_date = models.DateField(_("jatuh tempo"))
    total = models.BigIntegerField(_("total (Rp)"))
    members = models.PositiveIntegerField(_("jumlah peserta"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_by_name = models.CharField(max_length=150, blank=True, default="", db_default="")
    issued_at = models.DateTimeField(auto_now_add=True)

    objects = ActorNameQuerySet.as_manager()
    ACTOR_FIELDS = ("issued_by", "issued_by_name")

    class Meta:
        db_table = "billing_bill"  # the tables of the former billing app, kept
        ordering = ["month", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "month"], name="bill_one_per_scheme_month"),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="bill_total_not_negative"),
        ]

    def __str__(self) -> str:
        return formats.month(self.month)


class BillLine(models.Model):
    """A member's contribution for one programme in the bill's month, with the rule it came from."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="lines")
    membership = models.ForeignKey("schemes.Membership", on_delete=models.PROTECT, related_name="bill_lines")
    programme = models.CharField(max_length=3)
    amount = models.BigIntegerField()
    normal_amount = models.BigIntegerField()
    discount = models.BigIntegerField(default=0)
    rule_source = models.CharField(max_length=200)

    class Meta:
        db_table = "billing_billline"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["bill", "membership", "programme"], name="bill_line_once"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="bill_line_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.bill_id} {self.membership_id} {self.programme} {self.amount}"


class Payment(ActorNamed):
    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="payments")
    amount = models.BigIntegerField(_("jumlah (Rp)"))
    paid_on = models.DateField(_("tanggal bayar"))
    reference = models.CharField(_("referensi"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=150, blank=True, default="", db_default="")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ActorNameQuerySet.as_manager()
    ACTOR_FIELDS = ("recorded_by", "recorded_by_name")

    class Meta:
        db_table = "billing_payment"
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_positive")]

    def __str__(self) -> str:
        return f"{self.bill_id} {self.amount} {self.reference}"
