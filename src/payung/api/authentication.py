"""`Authorization: Token <key>` (or `Bearer <key>`) for the API, through api.tokens."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from .tokens import token_user


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = (b"token", b"bearer")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Tulis header sebagai: Authorization: Token <kunci>."))
        try:
            key = parts[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Token tidak sah.")) from exc
        found = token_user(key)
        if found is None:
            raise exceptions.AuthenticationFailed(_("Token tidak sah, sudah dicabut atau kedaluwarsa."))
        return found

    def authenticate_header(self, request) -> str:
        return "Token"
