"""Reads of funding schemes through the user's region scope.

A scheme is visible to a user whose regions lie inside the funder's region (a regency scheme is seen
by its district and village operators, who propose workers for it) or contain it (a regency admin
sees the village-funded schemes of its villages).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from payung.accounts.scope import scope_for

from .models import FundingScheme

SCHEME_LEVEL_FIELDS = {1: "province_code", 2: "regency_code", 3: "district_code", 4: "village_code"}


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def schemes_visible_to(user) -> QuerySet[FundingScheme]:
    scope = scope_for(user)
    if scope.everything:
        return FundingScheme.objects.all()
    if not scope.codes:
        return FundingScheme.objects.none()
    condition = scope.q(SCHEME_LEVEL_FIELDS) | Q(
        funder_region_id__in=[a for c in scope.codes for a in _ancestors(c)]
    )
    return FundingScheme.objects.filter(condition)


def get_scheme_for_user(user, scheme_id: object) -> FundingScheme:
    """The scheme, or 404 whether it does not exist or lies outside the user's regions."""
    try:
        return schemes_visible_to(user).select_related("funder_region").get(pk=int(str(scheme_id)))
    except (FundingScheme.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def user_manages_scheme(user, scheme: FundingScheme | None = None, *, region_code: str | None = None) -> bool:
    """Regency admins (and superusers) manage schemes whose funder region lies inside their scope."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if getattr(user, "role", "") != "regency_admin":
        return False
    code = region_code if region_code is not None else scheme.funder_region_id
    return scope_for(user).contains(code)


def user_proposes_for(user, scheme: FundingScheme) -> bool:
    """Operators (and admins) propose workers of their own area for a scheme they can see."""
    if user_manages_scheme(user, scheme):
        return True
    return getattr(user, "role", "") == "operator" and schemes_visible_to(user).filter(pk=scheme.pk).exists()
