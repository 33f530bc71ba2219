"""Memberships: a worker covered by a funding scheme for some programmes and months.

The one-funder rule (one NIK, one funder, per programme, per month) is a database constraint:
every membership claims its (worker, programme, month) triples in `MembershipMonth`, unique on
exactly that. Two operators selecting the same worker at the same moment: the second insert fails.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from payung.accounts.scope import DEFAULT_LEVEL_FIELDS


class MembershipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Diusulkan")
    SUBMITTED = "submitted", _("Diajukan ke BPJS")
    ACTIVE = "active", _("Aktif")
    LAPSED = "lapsed", _("Nonaktif (tunggakan)")
    ENDED = "ended", _("Berakhir")


# The lifecycle: status -> the statuses it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    MembershipStatus.PROPOSED: frozenset({MembershipStatus.SUBMITTED}),
    MembershipStatus.SUBMITTED: frozenset({MembershipStatus.ACTIVE, MembershipStatus.ENDED}),
    MembershipStatus.ACTIVE: frozenset({MembershipStatus.LAPSED, MembershipStatus.ENDED}),
    MembershipStatus.LAPSED: frozenset({MembershipStatus.ACTIVE, MembershipStatus.ENDED}),
    MembershipStatus.ENDED: frozenset(),
}

# Statuses that hold the worker's months (the others released them).
HOLDING = (
    MembershipStatus.PROPOSED,
    MembershipStatus.SUBMITTED,
    MembershipStatus.ACTIVE,
    MembershipStatus.LAPSED,
)


class MembershipQuerySet(models.QuerySet):
    def in_region(self, code: str) -> MembershipQuerySet:
        return self.filter(**{Membership.LEVEL_FIELDS[code.count(".") + 1]: code})

    def holding(self) -> MembershipQuerySet:
        return self.filter(status__in=HOLDING)

    def covering(self, month) -> MembershipQuerySet:
        """Memberships whose period includes `month` (a first-of-month date)."""
        return self.filter(start_month__lte=month).filter(
            models.Q(end_month__isnull=True) | models.Q(end_month__gte=month)
        )


class Membership(models.Model):
    LEVEL_FIELDS = DEFAULT_LEVEL_FIELDS

    worker = models.ForeignKey("registry.Worker", on_delete=models.PROTECT, related_name="memberships")
    scheme = models.ForeignKey("schemes.FundingScheme", on_delete=models.PROTECT, related_name="memberships")
    programmes = models.JSONField(_("program"), default=list)
    start_month = models.DateField(_("bulan mulai"))  # first day of the month
    end_month = models.DateField(_("bulan akhir"), null=True, blank=True)  # first day, inclusive; null = open
    status = models.CharField(
        _("status"), max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.PROPOSED
    )
    kpj_number = models.CharField(_("nomor KPJ"), max_length=20, blank=True)
    rejection_reason = models.CharField(_("alasan penolakan"), max_length=300, blank=True)
    # The worker's village and its ancestors when the membership was made: the region scope filters on them.
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    district_code = models.CharField(max_length=8, db_index=True)
    regency_code = models.CharField(max_length=5, db_index=True)
    province_code = models.CharField(max_length=2)
    # Planned cost over the membership's months, from the regulation engine (committed budget).
    planned_cost = models.BigIntegerField(default=0)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        db_table = "enrolment_membership"  # the tables of the former enrolment app, kept
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="active") | ~models.Q(kpj_number=""),
                name="membership_active_has_kpj",
            ),
            models.CheckConstraint(
                condition=models.Q(end_month__isnull=True) | models.Q(end_month__gte=models.F("start_month")),
                name="membership_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["proposed", "submitted", "active", "lapsed", "ended"]),
                name="membership_status_known",
            ),
            # A worker appears once per scheme (an ended membership, e.g. rejected by BPJS, may be redone).
            models.UniqueConstraint(
                fields=["scheme", "worker"],
                condition=~models.Q(status="ended"),
                name="membership_one_per_scheme",
            ),
        ]
        indexes = [
            models.Index(fields=["scheme", "status"], name="membership_scheme_status"),
            models.Index(fields=["regency_code", "status"], name="membership_regency_status"),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} @ {self.scheme_id} ({self.status})"


class MembershipMonth(models.Model):
    """One row per (worker, programme, month) a membership holds: the one-funder rule as a unique key."""

    # Neither key has an index of its own: the two below begin with them (a selection of 80,000 members
    # writes two million rows, one B-tree fewer to keep), and (membership, month) finds a member's last
    # held month by one seek when a payment reactivates it.
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="month_rows", db_index=False
    )
    worker = models.ForeignKey("registry.Worker", on_delete=models.CASCADE, related_name="+", db_index=False)
    programme = models.CharField(max_length=3)
    month = models.DateField()

    class Meta:
        db_table = "enrolment_membershipmonth"
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "programme", "month"], name="one_funder_per_programme_month"
            ),
        ]
        indexes = [models.Index(fields=["membership", "month"], name="membership_month_last")]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.programme} {self.month:%Y-%m}"
