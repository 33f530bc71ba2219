"""One row per status change in the lifecycle: of a scheme, or of one of its memberships."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from payung.audit.services import actor_name


def fill_actor_names(rows, user_field: str, name_field: str) -> None:
    """Copy the actor's name into each unsaved row (like audit rows keep `actor_name`), so the "who"
    survives the user's deletion (the key is SET_NULL). One name per user, from the instance given."""
    names: dict[int, str] = {}
    for row in rows:
        user_id = getattr(row, f"{user_field}_id")
        if user_id is None or getattr(row, name_field):
            continue
        if user_id not in names:
            names[user_id] = actor_name(getattr(row, user_field))
        setattr(row, name_field, names[user_id])


class ActorNameQuerySet(models.QuerySet):
    """bulk_create fills the actor's name as save() does (`ACTOR_FIELDS` = (user field, name field))."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        fill_actor_names(objs, *self.model.ACTOR_FIELDS)
        return super().bulk_create(objs, *args, **kwargs)


class ActorNamed(models.Model):
    """A row that names who did it: the name is kept when the user row goes."""

    ACTOR_FIELDS: tuple[str, str]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        fill_actor_names([self], *self.ACTOR_FIELDS)
        super().save(*args, **kwargs)

    @property
    def actor_display(self) -> str:
        return getattr(self, self.ACTOR_FIELDS[1]) or str(getattr(self, self.ACTOR_FIELDS[0]) or "")


class StatusChangeQuerySet(ActorNameQuerySet):
    def of_schemes(self) -> StatusChangeQuerySet:
        """The changes of the schemes themselves (not of their members)."""
        return self.filter(membership__isnull=True)


class StatusChange(ActorNamed):
    """Who moved what from which status to which, when and why.

    `scheme` is always set (a membership's change names its scheme too, so a scheme's whole history
    is one indexed filter); `membership` is set when a member's status changed, empty for the
    scheme's own.
    """

    # Django's CASCADE without a database constraint: a member's event names the scheme of its
    # membership (whose own constraints hold both), and PostgreSQL checked it once per event of a step
    # over every member. The membership's constraint stays.
    scheme = models.ForeignKey(
        "schemes.FundingScheme", on_delete=models.CASCADE, related_name="events", db_constraint=False
    )
    membership = models.ForeignKey(
        "schemes.Membership", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(auto_now_add=True)
    # No index: nothing lists events by who made them (the trail does), and a step over 80,000 members
    # writes 80,000 events; a user who acted is deactivated, not deleted (audit/models.py). Django's
    # SET_NULL without a database constraint, as the trail's actor: PostgreSQL checked it per event.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    by_name = models.CharField(max_length=150, blank=True, default="", db_default="")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    why = models.CharField(max_length=300, blank=True)

    objects = StatusChangeQuerySet.as_manager()
    ACTOR_FIELDS = ("by", "by_name")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        subject = f"membership {self.membership_id}" if self.membership_id else f"scheme {self.scheme_id}"
        return f"{subject}: {self.from_status} → {self.to_status}"
