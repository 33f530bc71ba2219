"""Who may see and do what with a claim: the one place that decides (views and services ask it).

- Claims are seen through the region scope of the claim's worker (its village and ancestors); outside
  it, or missing, is `NotVisible` (404).
- Named claims (names, NIKs, heirs) are for roles that work with people (regency admin, operator, BPJS
  officer); a viewer sees the dashboard's aggregates only.
- Operators and regency admins report a death or an accident of a worker of their area and help the
  family (heirs, documents); BPJS officers record submission, payment or rejection for the regencies
  they serve; superusers do everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from payung.accounts.models import Role
from payung.accounts.roles import sees_personal_data
from payung.accounts.scope import NotVisible, scope_for

from .models import Claim

__all__ = ["ClaimAccess", "NotVisible", "claim_access", "claim_for_user", "claims_visible_to", "may_report"]


def claims_visible_to(user) -> QuerySet[Claim]:
    return scope_for(user).filter(Claim.objects.all(), Claim.LEVEL_FIELDS)


@dataclass(frozen=True)
class ClaimAccess:
    claim: Claim
    can_follow: bool  # heirs, documents (the office helping the family)
    can_decide: bool  # submission, payment, rejection (the branch)


def may_report(user) -> bool:
    return bool(
        user.is_authenticated and (user.is_superuser or user.role in (Role.OPERATOR, Role.REGENCY_ADMIN))
    )


def may_decide(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.BPJS_OFFICER))


def claim_access(user, claim: Claim) -> ClaimAccess:
    visible = scope_for(user).contains(claim.village_id or claim.district_code or claim.regency_code)
    return ClaimAccess(
        claim=claim, can_follow=visible and may_report(user), can_decide=visible and may_decide(user)
    )


def _pk(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise NotVisible from None


def claim_for_user(user, claim_id: object) -> ClaimAccess:
    """A claim with its people, for a role that sees people; NotVisible otherwise (404)."""
    if not sees_personal_data(user):
        raise NotVisible
    claim = (
        claims_visible_to(user)
        .select_related("worker", "worker__village", "scheme", "membership", "village")
        .filter(pk=_pk(claim_id))
        .first()
    )
    if claim is None:
        raise NotVisible
    return claim_access(user, claim)
