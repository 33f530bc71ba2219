"""Who may do what with a scheme, a membership or a bill: the one place that decides.

`scheme_access(user, scheme)` answers for a scheme already in hand (the services ask it before they
write); `scheme_for_user(user, scheme_id)` finds a scheme the user may see and answers the same
(views ask it). `membership_for_user` and `bill_for_user` do the same for the objects inside a
scheme. An object the user may not see raises `NotVisible`, exactly like one that does not exist;
views answer both with 404. Nothing here knows HTTP.

The rules (docs/funding.md):
- a scheme is seen by users whose regions lie inside the funder's region or contain it;
- it is managed (approved, closed, submitted to BPJS, billed, paid) by the regency admins whose
  regions contain the funder's region, and by superusers;
- operators who see it propose and remove workers of their own area;
- the BPJS officers serving the funder's region exchange the registration and answer files.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from payung.accounts.models import Role
from payung.accounts.scope import NotVisible, scope_for

from .models import Bill, FundingScheme, Membership, MembershipStatus, SchemeStatus
from .selectors import bills_with_paid, memberships_visible_to, schemes_visible_to

__all__ = [
    "BillAccess",
    "MembershipAccess",
    "NotVisible",
    "SchemeAccess",
    "bill_for_user",
    "may_create_scheme",
    "membership_for_user",
    "scheme_access",
    "scheme_for_user",
]


@dataclass(frozen=True)
class SchemeAccess:
    scheme: FundingScheme
    can_manage: bool  # approve, change the status, save the selection, submit, bill, record payments
    can_propose: bool  # add and remove proposed workers of one's own area
    can_serve: bool  # a BPJS officer of the funder's region

    @property
    def can_exchange_with_bpjs(self) -> bool:
        """Download the collective-registration file, upload the branch's answer."""
        return self.can_manage or self.can_serve

    # Why an action the user may do is not possible *yet* ("" = it is): the screen shows the button
    # disabled with this reason instead of offering it and refusing afterwards. The services refuse
    # the same cases (memberships_submit, membership_propose).
    def submit_blocker(self, proposed: int) -> str:
        if self.scheme.status not in (SchemeStatus.APPROVED, SchemeStatus.RUNNING):
            return str(_("Skema harus disetujui dulu sebelum daftar diajukan ke BPJS."))
        if not proposed:
            return str(_("Belum ada usulan untuk diajukan."))
        return ""

    def propose_blocker(self) -> str:
        if self.scheme.status == SchemeStatus.CLOSED:
            return str(_("Skema %(name)s sudah ditutup.") % {"name": self.scheme.name})
        return ""


@dataclass(frozen=True)
class MembershipAccess:
    membership: Membership
    scheme: SchemeAccess

    @property
    def can_remove(self) -> bool:
        return self.scheme.can_propose and self.membership.status == MembershipStatus.PROPOSED

    @property
    def can_end(self) -> bool:
        return self.scheme.can_manage


@dataclass(frozen=True)
class BillAccess:
    bill: Bill  # annotated with `paid` and `outstanding`
    scheme: SchemeAccess

    @property
    def can_pay(self) -> bool:
        return self.scheme.can_manage and self.bill.outstanding > 0


def _is_admin_of(user, region_code: str) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return getattr(user, "role", "") == Role.REGENCY_ADMIN and scope_for(user).contains(region_code)


def may_create_scheme(user, region_code: str | None = None) -> bool:
    """Regency admins (for a funder region inside their regions) and superusers create schemes."""
    if region_code is None:
        return user.is_authenticated and (
            user.is_superuser or getattr(user, "role", "") == Role.REGENCY_ADMIN
        )
    return _is_admin_of(user, region_code)


def scheme_access(user, scheme: FundingScheme, *, visible: bool | None = None) -> SchemeAccess:
    """What `user` may do with `scheme` (`visible`: already known to be visible to the user)."""
    manage = _is_admin_of(user, scheme.funder_region_id)
    role = getattr(user, "role", "")
    if not manage and role == Role.OPERATOR and visible is None:
        visible = schemes_visible_to(user).filter(pk=scheme.pk).exists()
    return SchemeAccess(
        scheme=scheme,
        can_manage=manage,
        can_propose=manage or (role == Role.OPERATOR and bool(visible)),
        can_serve=role == Role.BPJS_OFFICER and scope_for(user).contains(scheme.funder_region_id),
    )


def _pk(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise NotVisible from None


def scheme_for_user(user, scheme_id: object) -> SchemeAccess:
    """The scheme with what the user may do; NotVisible when missing or outside the user's regions."""
    scheme = schemes_visible_to(user).select_related("funder_region").filter(pk=_pk(scheme_id)).first()
    if scheme is None:
        raise NotVisible
    return scheme_access(user, scheme, visible=True)


def membership_for_user(user, access: SchemeAccess, membership_id: object) -> MembershipAccess:
    """A membership of the scheme in `access`, inside the user's regions; NotVisible otherwise."""
    membership = (
        memberships_visible_to(user)
        .filter(scheme=access.scheme, pk=_pk(membership_id))
        .select_related("worker", "scheme", "village")
        .first()
    )
    if membership is None:
        raise NotVisible
    return MembershipAccess(membership=membership, scheme=access)


def bill_for_user(user, access: SchemeAccess, bill_id: object) -> BillAccess:
    """A bill of the scheme in `access` (every user who sees the scheme sees its bills)."""
    bill = (
        bills_with_paid(Bill.objects.filter(scheme=access.scheme, pk=_pk(bill_id)))
        .select_related("scheme")
        .first()
    )
    if bill is None:
        raise NotVisible
    return BillAccess(bill=bill, scheme=access)
