"""A fact for the layer above: the memberships of a regency changed in a month.

The lifecycle writes a row in the same transaction as the change (`schemes/outbox.py`); coverage reads
it, recomputes that regency's summary for that month and deletes it (`coverage/outbox.py`). A crash
anywhere leaves the row, so nothing is lost: the next `payung refresh_coverage --pending` picks it up.
"""

from __future__ import annotations

from django.db import models


class RegionMonthChange(models.Model):
    regency_code = models.CharField(max_length=5)
    month = models.DateField()  # first day of the month
    changed_at = (
        models.DateTimeField()
    )  # the latest change; a newer one rewrites it (and waits for a refresh in flight)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["regency_code", "month"], name="region_month_change_once"),
        ]

    def __str__(self) -> str:
        return f"{self.regency_code} {self.month:%Y-%m}"
