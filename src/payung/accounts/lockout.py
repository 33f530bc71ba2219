"""Login lockout (django-axes): the client's address, the lockout page, and unlocking by an admin."""

from __future__ import annotations

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from payung.audit.models import Action, Source
from payung.audit.services import audit_record


def client_address(request) -> str | None:
    """The address failures are counted for. Behind the HTTPS proxy (PAYUNG_HTTPS) every request
    comes from the proxy, so the address is the last one the proxy appended to X-Forwarded-For;
    entries before it were written by the client and are not trusted."""
    if settings.HTTPS:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR")


def locked_usernames() -> list[str]:
    """Usernames whose failures reached the limit (and are not cooled off yet)."""
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    return sorted({a.username for a in attempts if a.username})


@transaction.atomic
def login_unlock(*, actor, username: str) -> int:
    """Forgets the failed logins of `username`: it may log in again at once (an address locked by
    the failures of other names stays locked: `payung axes_reset_ip ADDRESS`). Returns how many
    records were removed; the unlock is audited."""
    removed = reset(username=username)
    audit_record(
        actor=actor,
        object_type="user",
        object_id=username,
        action=Action.UPDATE,
        source=Source.WEB,
        changes={"login_locked": ["ya", "tidak"]},
        note="login unlocked",
    )
    return removed
