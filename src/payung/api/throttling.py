"""Rate limits per token (or per session user, or per address before login), DRF's throttling: a
request over the limit answers 429 with Retry-After. Counts live in the Django cache (per process
unless a shared cache is configured; docs/api.md)."""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class TokenRequestThrottle(SimpleRateThrottle):
    """Asking for a token with a password: per address, like the login (django-axes locks the account)."""

    scope = "token_request"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
