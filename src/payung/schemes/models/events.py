"""One row per status change in the lifecycle: of a scheme, or of one of its memberships."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StatusChangeQuerySet(models.QuerySet):
    def of_schemes(self) -> StatusChangeQuerySet:
        """The changes of the schemes themselves (not of their members)."""
        return self.filter(membership__isnull=True)


class StatusChange(models.Model):
    """Who moved what from which status to which, when and why.

    `scheme` is always set (a membership's change names its scheme too, so a scheme's whole history
    is one indexed filter); `membership` is set when a member's status changed, empty for the
    scheme's own.
    """

    scheme = models.ForeignKey("schemes.FundingScheme", on_delete=models.CASCADE, related_name="events")
    membership = models.ForeignKey(
        "schemes.Membership", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    why = models.CharField(max_length=300, blank=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        subject = f"membership {self.membership_id}" if self.membership_id else f"scheme {self.scheme_id}"
        return f"{subject}: {self.from_status} → {self.to_status}"
