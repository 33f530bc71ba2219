"""API tokens: made, listed and revoked by their own user; checked on every request.

A key is shown once, when it is made; the database keeps its SHA-256 only. A token answers for its user
as the user is now: a deactivated user's tokens stop at once, as do revoked and expired ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from payung.audit.models import Action, Source
from payung.audit.services import audit_record
from payung.lib.dates import now

from .models import ApiToken

# Writing "last used" on every request would turn reads into writes: once a minute is enough to tell.
LAST_USED_EVERY = dt.timedelta(minutes=1)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class TokenInvalid(ValueError):
    pass


def token_create(*, user, name: str, source: str = Source.WEB) -> tuple[ApiToken, str]:
    """A new token for `user` and its key (to show once)."""
    name = name.strip()
    if not name:
        raise TokenInvalid(_("Beri nama token, misalnya nama skrip atau sistem yang memakainya."))
    if len(name) > 100:
        raise TokenInvalid(_("Nama token paling panjang 100 karakter."))
    key = secrets.token_urlsafe(30)
    days = settings.PAYUNG_API_TOKEN_DAYS
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            key_hash=key_hash(key),
            last_digits=key[-4:],
            expires_at=now() + dt.timedelta(days=days) if days else None,
        )
        audit_record(
            actor=user,
            object_type="api_token",
            object_id=token.pk,
            action=Action.CREATE,
            changes={"name": [None, name], "last_digits": [None, token.last_digits]},
            source=source,
        )
    return token, key


def tokens_of(user):
    return ApiToken.objects.filter(user=user)


def token_revoke(*, user, token_id: object, source: str = Source.WEB) -> ApiToken | None:
    """Revokes one of `user`'s own tokens; None when it has no such token (someone else's included)."""
    try:
        token = ApiToken.objects.get(pk=int(str(token_id)), user=user, revoked_at__isnull=True)
    except (ApiToken.DoesNotExist, ValueError):
        return None
    with transaction.atomic():
        token.revoked_at = now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=user,
            object_type="api_token",
            object_id=token.pk,
            action=Action.UPDATE,
            changes={"revoked_at": [None, token.revoked_at.isoformat()]},
            source=source,
            note=_("Token API dicabut"),
        )
    return token


def token_user(key: str):
    """The (user, token) a key stands for, or None: unknown, revoked, expired, or its user inactive."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash(key), revoked_at__isnull=True)
        .first()
    )
    moment = now()
    if token is None or not token.user.is_active or (token.expires_at and token.expires_at <= moment):
        return None
    if token.last_used_at is None or moment - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=moment)
    return token.user, token
