"""The users screen: a regency admin (or a superuser) manages the users of its regions. Thin: the rules
are in accounts/users.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .user_forms import (
    NewUserForm,
    PasswordForm,
    ShareOfficerForm,
    UserForm,
    initial_from_user,
    region_choices,
)
from .users import (
    UserInvalid,
    get_user_for_manager,
    officer_share,
    regions_outside,
    user_create,
    user_set_active,
    user_set_password,
    user_update,
    users_managed_by,
    users_wholly_managed_by,
)


def _require_manager(user) -> None:
    if not user.manages_users:
        raise PermissionDenied


def _list_context(actor, share_form) -> dict:
    users = users_managed_by(actor).prefetch_related("regions").order_by("-is_active", "username")
    return {
        "users": users[:500],
        # A shared BPJS officer is not deactivated from one of its regencies: no button is offered.
        "wholly_managed": set(users_wholly_managed_by(actor).values_list("pk", flat=True)),
        "share_form": share_form,
    }


@login_required
def user_list(request):
    _require_manager(request.user)
    share_form = ShareOfficerForm(actor=request.user) if region_choices(request.user) else None
    return render(request, "accounts/users_list.html", _list_context(request.user, share_form))


@login_required
@require_POST
def officer_share_view(request):
    _require_manager(request.user)
    form = ShareOfficerForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            officer = officer_share(
                actor=request.user,
                username=form.cleaned_data["username"],
                region_codes=tuple(form.cleaned_data["regions"]),
            )
        except UserInvalid as invalid:
            for name, errors in invalid.errors.items():
                for message in errors:
                    form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(
                request, _("Petugas %(name)s kini juga melayani wilayah Anda.") % {"name": officer.username}
            )
            return redirect("accounts:users")
    return render(request, "accounts/users_list.html", _list_context(request.user, form), status=400)


@login_required
def user_create_view(request):
    _require_manager(request.user)
    form = NewUserForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_create(
                actor=request.user, data=form.to_input(), password=form.cleaned_data["password1"]
            )
        except UserInvalid as invalid:
            form.add_errors(invalid.errors)
        else:
            messages.success(request, _("Pengguna %(name)s dibuat.") % {"name": user.username})
            return redirect("accounts:users")
    return render(request, "accounts/users_form.html", {"form": form, "managed": None})


@login_required
def user_edit_view(request, user_id: int):
    managed = get_user_for_manager(request.user, user_id)
    choices = region_choices(request.user)
    kept = regions_outside(request.user, managed)
    form = UserForm(
        request.POST or None, actor=request.user, initial=initial_from_user(managed, choices, kept=kept)
    )
    if request.method == "POST" and form.is_valid():
        try:
            user_update(actor=request.user, user=managed, data=form.to_input())
        except UserInvalid as invalid:
            form.add_errors(invalid.errors)
        else:
            messages.success(request, _("Perubahan tersimpan."))
            return redirect("accounts:users")
    return render(
        request,
        "accounts/users_form.html",
        {"form": form, "managed": managed, "password_form": PasswordForm(), "kept": kept},
    )


@login_required
@require_POST
def user_active_view(request, user_id: int):
    managed = get_user_for_manager(request.user, user_id)
    active = request.POST.get("active") == "1"
    user_set_active(actor=request.user, user=managed, active=active)
    if active:
        messages.success(request, _("Pengguna %(name)s diaktifkan kembali.") % {"name": managed.username})
    else:
        messages.success(request, _("Pengguna %(name)s dinonaktifkan.") % {"name": managed.username})
    return redirect("accounts:users")


@login_required
@require_POST
def user_password_view(request, user_id: int):
    managed = get_user_for_manager(request.user, user_id)
    form = PasswordForm(request.POST)
    if form.is_valid():
        try:
            user_set_password(actor=request.user, user=managed, password=form.cleaned_data["password1"])
        except UserInvalid as invalid:
            for message in invalid.errors.get("password", []):
                form.add_error("password1", message)
        else:
            messages.success(request, _("Kata sandi %(name)s direset.") % {"name": managed.username})
            return redirect("accounts:users")
    choices = region_choices(request.user)
    kept = regions_outside(request.user, managed)
    return render(
        request,
        "accounts/users_form.html",
        {
            "form": UserForm(actor=request.user, initial=initial_from_user(managed, choices, kept=kept)),
            "managed": managed,
            "password_form": form,
            "kept": kept,
        },
        status=400,
    )
