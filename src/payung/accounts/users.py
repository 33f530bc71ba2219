"""User management: the one service that creates users and changes their role, regions and status.

Who may manage whom:
- a superuser manages everybody (the Django admin stays for superusers only);
- a regency admin manages the users whose regions all lie inside its own regions, whose role is no
  higher than its own, and who are neither staff nor superuser; never itself;
- a BPJS branch officer serves several regencies: the admin of each of them adds its own regions to the
  officer (`officer_share`) and changes only those; the officer's role, status and other regions stay
  with whoever holds them all (a superuser, or an admin whose regions cover every one);
- nobody else manages users.
Nothing given may exceed what the giver holds: a role no higher than its own (accounts/roles.py), regions
inside its own, never the staff or superuser flag. Every change writes an audit row with old → new.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from payung.audit.models import Action, Source
from payung.audit.services import audit_record, diff
from payung.regions.models import Region

from .models import Role, User
from .roles import manages_agents, manages_users, roles_assignable_by
from .scope import NotVisible, scope_for

# The fields of a user that the trail follows; "regions" as the sorted codes joined by commas.
AUDITED_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "regions",
    "is_active",
    "is_staff",
    "is_superuser",
)


@dataclass(frozen=True)
class UserInput:
    username: str
    role: str
    region_codes: tuple[str, ...]
    first_name: str = ""
    last_name: str = ""
    email: str = ""


@dataclass
class UserInvalid(Exception):
    """Field errors ({field: [message, ...]}); nothing was saved."""

    errors: dict[str, list[str]] = field(default_factory=dict)

    def __str__(self) -> str:
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in self.errors.items())


def user_snapshot(user: User) -> dict[str, object]:
    """The audited values of a saved user (its regions read from the database)."""
    values: dict[str, object] = {name: getattr(user, name) for name in AUDITED_FIELDS if name != "regions"}
    values["regions"] = ",".join(sorted(user.regions.values_list("code", flat=True))) if user.pk else ""
    return values


def _regions_inside(actor):
    return scope_for(actor).filter_regions(Region.objects.all()).values("code")


def users_wholly_managed_by(actor) -> QuerySet[User]:
    """The users whose every region lies inside `actor`'s: it may change anything about them."""
    if not manages_users(actor):
        return User.objects.none()
    if actor.is_superuser:
        return User.objects.all()
    inside = _regions_inside(actor)
    outside = User.regions.through.objects.exclude(region_id__in=inside).values("user_id")
    return (
        User.objects.filter(is_superuser=False, is_staff=False, role__in=roles_assignable_by(actor))
        .filter(regions__code__in=inside)
        .exclude(pk__in=outside)
        .exclude(pk=actor.pk)
        .distinct()
    )


def _shared_officers(actor) -> QuerySet[User]:
    """BPJS officers serving at least one of `actor`'s regions (and others besides)."""
    return (
        User.objects.filter(is_superuser=False, is_staff=False, role=Role.BPJS_OFFICER)
        .filter(regions__code__in=_regions_inside(actor))
        .exclude(pk=actor.pk)
        .distinct()
    )


def users_managed_by(actor) -> QuerySet[User]:
    """The users `actor` may open and change (see the module's rules): wholly, or a shared officer's
    regions inside its own."""
    wholly = users_wholly_managed_by(actor)
    if actor.is_superuser or not manages_users(actor) or Role.BPJS_OFFICER not in roles_assignable_by(actor):
        return wholly
    return User.objects.filter(pk__in=wholly.values("pk")) | User.objects.filter(
        pk__in=_shared_officers(actor).values("pk")
    )


def regions_outside(actor, user: User) -> list[str]:
    """The codes of `user`'s regions that lie outside `actor`'s (kept as they are by its changes)."""
    if actor.is_superuser or user.pk is None:
        return []
    scope = scope_for(actor)
    return sorted(code for code in user.regions.values_list("code", flat=True) if not scope.contains(code))


def get_user_for_manager(actor, user_id: object) -> User:
    """The user; NotVisible (a 404 on every face) whether it does not exist or `actor` may not manage it."""
    if not manages_users(actor):
        raise PermissionDenied
    try:
        return users_managed_by(actor).get(pk=int(str(user_id)))
    except (User.DoesNotExist, ValueError) as exc:
        raise NotVisible from exc


def _checked(actor, data: UserInput, *, user: User | None) -> list[Region]:
    if not manages_users(actor):
        raise PermissionDenied(_("Peran Anda tidak boleh mengelola pengguna."))
    if user is not None and not users_managed_by(actor).filter(pk=user.pk).exists():
        raise PermissionDenied(_("Pengguna ini di luar kewenangan Anda."))
    invalid = UserInvalid()
    username = data.username.strip()
    if not username:
        invalid.errors.setdefault("username", []).append(_("Nama pengguna wajib diisi."))
    elif User.objects.filter(username__iexact=username).exclude(pk=getattr(user, "pk", None)).exists():
        invalid.errors.setdefault("username", []).append(_("Nama pengguna ini sudah dipakai."))
    if data.role not in roles_assignable_by(actor):
        invalid.errors.setdefault("role", []).append(_("Anda tidak boleh memberikan peran ini."))
    codes = sorted(set(data.region_codes))
    regions = list(Region.objects.filter(code__in=codes))
    scope = scope_for(actor)
    kept = regions_outside(actor, user) if user is not None else []
    if kept and data.role != user.role:
        invalid.errors.setdefault("role", []).append(
            _("Petugas ini juga melayani wilayah lain; perannya hanya dapat diubah oleh admin pusat.")
        )
    if not codes and not kept and not actor.is_superuser:
        invalid.errors.setdefault("regions", []).append(_("Pilih minimal satu wilayah kerja."))
    invalid.errors["regions"] = invalid.errors.get("regions", []) + _regions_not_given(scope, codes, regions)
    if not invalid.errors["regions"]:
        del invalid.errors["regions"]
    if invalid.errors:
        raise invalid
    return regions + list(Region.objects.filter(code__in=kept))


def _regions_not_given(scope, codes: list[str], regions: list[Region]) -> list[str]:
    """A message per code the actor may not give; outside its scope answers as unknown."""
    known = {r.code for r in regions}
    return [
        _("Wilayah %(code)s tidak ditemukan di wilayah kerja Anda.") % {"code": code}
        for code in codes
        if code not in known or not scope.contains(code)
    ]


def _region_of(regions) -> str:
    return regions[0].code if len({r.code[:5] for r in regions}) == 1 else ""


def user_create(*, actor, data: UserInput, password: str, source: str = Source.WEB) -> User:
    regions = _checked(actor, data, user=None)
    user = User(
        username=data.username.strip(),
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        email=data.email.strip(),
        role=data.role,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise UserInvalid({"password": list(error.messages)}) from error
    user.set_password(password)
    with transaction.atomic():
        user.save()
        user.regions.set(regions)
        changes = diff({}, user_snapshot(user))
        changes["password"] = [None, _("ditetapkan")]
        audit_record(
            actor=actor,
            object_type="user",
            object_id=user.pk,
            action=Action.CREATE,
            changes=changes,
            source=source,
            region_code=_region_of(regions),
        )
    return user


def user_update(*, actor, user: User, data: UserInput, source: str = Source.WEB) -> User:
    regions = _checked(actor, data, user=user)
    old = user_snapshot(user)
    user.username = data.username.strip()
    user.first_name = data.first_name.strip()
    user.last_name = data.last_name.strip()
    user.email = data.email.strip()
    user.role = data.role
    with transaction.atomic():
        user.save()
        user.regions.set(regions)
        user_audit_change(actor=actor, user=user, old=old, source=source)
    return user


def user_set_active(*, actor, user: User, active: bool, source: str = Source.WEB) -> User:
    """Deactivate (instead of deleting: the trail keeps who did what) or reactivate a user."""
    if not users_wholly_managed_by(actor).filter(pk=user.pk).exists():
        if users_managed_by(actor).filter(pk=user.pk).exists():
            raise PermissionDenied(
                _(
                    "Petugas ini juga melayani wilayah lain: hapus wilayah Anda dari daftarnya, jangan nonaktifkan."
                )
            )
        raise PermissionDenied(_("Pengguna ini di luar kewenangan Anda."))
    old = user_snapshot(user)
    user.is_active = active
    with transaction.atomic():
        user.save(update_fields=["is_active"])
        user_audit_change(actor=actor, user=user, old=old, source=source)
    return user


def user_set_password(*, actor, user: User, password: str, source: str = Source.WEB) -> User:
    """A new password set by the user's manager (a reset); the password itself is never audited."""
    if not users_managed_by(actor).filter(pk=user.pk).exists():
        raise PermissionDenied(_("Pengguna ini di luar kewenangan Anda."))
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise UserInvalid({"password": list(error.messages)}) from error
    user.set_password(password)
    with transaction.atomic():
        user.save(update_fields=["password"])
        _audit_password(actor, user, _("direset"), _("Kata sandi direset"), source)
    return user


def _audit_password(actor, user: User, what: str, note: str, source: str) -> None:
    """A password change in the trail: that it happened, never the password."""
    audit_record(
        actor=actor,
        object_type="user",
        object_id=user.pk,
        action=Action.UPDATE,
        changes={"password": [None, what]},
        source=source,
        note=note,
        region_code=_region_of(list(user.regions.all())),
    )


def officer_share(*, actor, username: str, region_codes: tuple[str, ...], source: str = Source.WEB) -> User:
    """Adds `actor`'s regions to an existing BPJS officer (one who serves another regency too)."""
    if not manages_users(actor) or Role.BPJS_OFFICER not in roles_assignable_by(actor):
        raise PermissionDenied(_("Peran Anda tidak boleh mengelola pengguna."))
    officer = User.objects.filter(
        username__iexact=username.strip(),
        role=Role.BPJS_OFFICER,
        is_active=True,
        is_staff=False,
        is_superuser=False,
    ).first()
    if officer is None:
        raise UserInvalid({"username": [_("Tidak ada petugas BPJS aktif dengan nama pengguna ini.")]})
    scope = scope_for(actor)
    codes = sorted(set(region_codes))
    regions = list(Region.objects.filter(code__in=codes))
    if not codes:
        raise UserInvalid({"regions": [_("Pilih minimal satu wilayah kerja.")]})
    if problems := _regions_not_given(scope, codes, regions):
        raise UserInvalid({"regions": problems})
    old = user_snapshot(officer)
    with transaction.atomic():
        officer.regions.add(*regions)
        user_audit_change(actor=actor, user=officer, old=old, source=source)
    return officer


def user_changed_own_password(user: User, *, source: str = Source.WEB) -> None:
    """Audits a user's change of its own password (the password itself never is)."""
    _audit_password(user, user, _("diganti"), _("Kata sandi diganti oleh penggunanya"), source)


def user_audit_change(
    *, actor, user: User, old: dict[str, object], source: str = Source.WEB, action: str = Action.UPDATE
) -> None:
    """Audits what changed on `user` since `old` (a user_snapshot); also called by the Django admin."""
    changes = diff(old, user_snapshot(user))
    if changes:
        audit_record(
            actor=actor,
            object_type="user",
            object_id=user.pk,
            action=action,
            changes=changes,
            source=source,
            region_code=_region_of(list(user.regions.all())),
        )


def _agent_manager_check(actor, region_code: str, user: User | None) -> Region:
    """Agents are added by regency admins and BPJS officers of the area (not only user managers)."""
    if not manages_agents(actor):
        raise PermissionDenied(_("Peran Anda tidak boleh mengelola agen."))
    scope = scope_for(actor)
    if user is not None and (
        user.role != Role.AGENT
        or user.is_superuser
        or user.is_staff
        or not all(scope.contains(code) for code in user.regions.values_list("code", flat=True))
    ):
        raise PermissionDenied(_("Pengguna ini di luar kewenangan Anda."))
    region = Region.objects.filter(code=region_code).first()
    if region is None or not scope.contains(region.code):
        raise UserInvalid(
            {
                "regions": [
                    _("Wilayah %(code)s tidak ditemukan di wilayah kerja Anda.") % {"code": region_code}
                ]
            }
        )
    return region


def agent_account_create(
    *,
    actor,
    username: str,
    first_name: str,
    last_name: str,
    region_code: str,
    password: str,
    source: str = Source.WEB,
) -> User:
    """The login of a new Perisai agent (role agent, its area as its one region), audited like any user.

    Separate from `user_create` because BPJS officers, who manage no other users, add agents too.
    """
    region = _agent_manager_check(actor, region_code, None)
    username = username.strip()
    if not username:
        raise UserInvalid({"username": [_("Nama pengguna wajib diisi.")]})
    if User.objects.filter(username__iexact=username).exists():
        raise UserInvalid({"username": [_("Nama pengguna ini sudah dipakai.")]})
    user = User(
        username=username, first_name=first_name.strip(), last_name=last_name.strip(), role=Role.AGENT
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise UserInvalid({"password": list(error.messages)}) from error
    user.set_password(password)
    with transaction.atomic():
        user.save()
        user.regions.set([region])
        changes = diff({}, user_snapshot(user))
        changes["password"] = [None, _("ditetapkan")]
        audit_record(
            actor=actor,
            object_type="user",
            object_id=user.pk,
            action=Action.CREATE,
            changes=changes,
            source=source,
            region_code=region.code,
        )
    return user


def agent_account_change(
    *, actor, user: User, region_code: str | None = None, active: bool | None = None, source: str = Source.WEB
) -> User:
    """Move an agent's login to another area and/or (de)activate it; audited."""
    region = _agent_manager_check(
        actor, region_code or user.regions.values_list("code", flat=True).first() or "", user
    )
    old = user_snapshot(user)
    with transaction.atomic():
        if active is not None:
            user.is_active = active
            user.save(update_fields=["is_active"])
        if region_code is not None:
            user.regions.set([region])
        user_audit_change(actor=actor, user=user, old=old, source=source)
    return user
