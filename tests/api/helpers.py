"""An API client with a real token of the user (api.tokens), as an office script would hold."""

from __future__ import annotations

from rest_framework.test import APIClient

from payung.api.tokens import token_create


def api_for(user) -> APIClient:
    client = APIClient()
    _token, key = token_create(user=user, name="uji")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client
