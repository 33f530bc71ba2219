"""Rules that hold on every request: idle sessions end, the second factor is required, and what is not
visible to the user is a 404."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .scope import NotVisible

LAST_SEEN_SESSION_KEY = "payung_last_seen"
# The session is written at most this often to record activity, not on every request.
LAST_SEEN_RESOLUTION_SECONDS = 60


def start_idle_clock(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_SESSION_KEY] = int(time.time())


class IdleSessionMiddleware:
    """Ends the session of a user who sees personal data after PAYUNG_IDLE_MINUTES without a request
    (a screen left open in an office is not left open to the next person)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.sees_personal_data and settings.PAYUNG_IDLE_MINUTES > 0:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_SESSION_KEY)
            if isinstance(last_seen, int) and now - last_seen > settings.PAYUNG_IDLE_MINUTES * 60:
                logout(request)
                messages.info(
                    request,
                    _(
                        "Sesi Anda berakhir karena tidak ada kegiatan selama %(minutes)s menit. Silakan masuk lagi."
                    )
                    % {"minutes": settings.PAYUNG_IDLE_MINUTES},
                )
                return redirect(
                    f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"
                )
            if not isinstance(last_seen, int) or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
                request.session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)


# Paths an unverified user may still open: login, logout, the second-factor check and enrolment,
# language, static files.
SECOND_FACTOR_OPEN_PATHS = (
    "/akun/masuk/",
    "/akun/keluar/",
    "/akun/verifikasi/",
    "/akun/2fa/daftar/",
    "/bahasa/",
    "/static/",
)


class SecondFactorMiddleware:
    """A user with a second factor must use it at each login; one whose role requires it and who has
    none is sent to enrolment. Until then no other page answers (API token requests are not
    sessions and are unaffected)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(SECOND_FACTOR_OPEN_PATHS)
        ):
            from .twofactor import has_second_factor

            if has_second_factor(user):
                return redirect(
                    f"{reverse('accounts:verify')}?{urlencode({'next': request.get_full_path()})}"
                )
            if user.needs_second_factor:
                return redirect(
                    f"{reverse('accounts:twofactor_enrol')}?{urlencode({'next': request.get_full_path()})}"
                )
        return self.get_response(request)


class NotVisibleMiddleware:
    """The access helpers say NotVisible for what does not exist and for what lies outside the user's
    regions alike; every screen answers both with the same 404 page (the API's handler does the same
    in its error shape), so no view needs its own translation of it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotVisible):
            raise Http404 from exception
        return None
