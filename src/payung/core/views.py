"""Site-wide pages: the home page (a to-do across apps) and the error pages with a way back."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults


def _way_back(request: HttpRequest) -> str:
    """The page the user came from, if it is on this site and not the page that failed."""
    referer = request.headers.get("referer", "")
    if not referer or referer.endswith(request.get_full_path()):
        return ""
    if not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return referer


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    request.way_back = _way_back(request)
    return defaults.page_not_found(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    request.way_back = _way_back(request)
    return defaults.permission_denied(request, exception)
