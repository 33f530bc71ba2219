"""Login, logout, password change and unlocking locked-out accounts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from payung.accounts.scope import scope_for

from .lockout import locked_usernames, login_unlock
from .models import User
from .roles import manages_users
from .users import user_changed_own_password


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy(
            "Nama pengguna atau kata sandi salah. Periksa huruf besar/kecil lalu coba lagi."
        ),
        "inactive": gettext_lazy("Akun ini tidak aktif. Hubungi admin kabupaten/kota Anda."),
    }


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's change form: the validators of AUTH_PASSWORD_VALIDATORS apply, and the new password
    hash ends every other session of the user (Django checks the hash on each request); this
    session is kept."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def get_context_data(self, **kwargs):
        from django.contrib.auth.password_validation import (
            MinimumLengthValidator,
            get_default_password_validators,
        )

        lengths = [
            v.min_length for v in get_default_password_validators() if isinstance(v, MinimumLengthValidator)
        ]
        return super().get_context_data(**kwargs, min_length=max(lengths, default=8))

    def form_valid(self, form):
        response = super().form_valid(form)
        user_changed_own_password(self.request.user)
        messages.success(self.request, _("Kata sandi diganti. Sesi Anda di perangkat lain telah diakhiri."))
        return response


def _unlockable_by(actor) -> list[dict]:
    """The locked usernames `actor` may unlock: a superuser all, a regency admin the users whose
    regions all lie inside its own."""
    names = locked_usernames()
    users = {u.username: u for u in User.objects.filter(username__in=names).prefetch_related("regions")}
    if actor.is_superuser:
        return [{"username": name, "user": users.get(name)} for name in names]
    scope = scope_for(actor)
    allowed = []
    for name in names:
        user = users.get(name)
        codes = [r.code for r in user.regions.all()] if user else []
        if user and not user.is_superuser and codes and all(scope.contains(c) for c in codes):
            allowed.append({"username": name, "user": user})
    return allowed


def _require_unlocker(user) -> None:
    if not manages_users(user):
        raise PermissionDenied


@login_required
def locked_accounts(request):
    _require_unlocker(request.user)
    return render(request, "accounts/locked_accounts.html", {"locked": _unlockable_by(request.user)})


@login_required
@require_POST
def unlock_account(request):
    _require_unlocker(request.user)
    username = request.POST.get("username", "")
    if username not in {row["username"] for row in _unlockable_by(request.user)}:
        messages.error(request, _("Akun itu tidak terkunci atau bukan wewenang Anda."))
    else:
        login_unlock(actor=request.user, username=username)
        messages.success(request, _("Akun %(username)s dapat masuk lagi.") % {"username": username})
    return redirect("accounts:locked")
