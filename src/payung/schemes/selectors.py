"""Reads of funding schemes through the user's region scope.

A scheme is visible to a user whose regions lie inside the funder's region (a regency scheme is seen
by its district and village operators, who propose workers for it) or contain it (a regency admin
sees the village-funded schemes of its villages).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from payung.accounts.scope import scope_for

from .models import HOLDING, Bill, FundingScheme, Membership, MembershipMonth, Payment

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


def memberships_visible_to(user) -> QuerySet[Membership]:
    return scope_for(user).filter(Membership.objects.all())


def scheme_memberships_for_user(user, scheme) -> QuerySet[Membership]:
    return (
        memberships_visible_to(user)
        .filter(scheme=scheme)
        .select_related("worker", "worker__village", "worker__occupation", "village")
        .order_by("village_id", "worker__name", "id")
    )


def get_membership_for_user(user, membership_id: object) -> Membership:
    try:
        return (
            memberships_visible_to(user)
            .select_related("worker", "scheme", "village")
            .get(pk=int(str(membership_id)))
        )
    except (Membership.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def conflicts_for(
    *,
    worker_ids: Sequence[int],
    programmes: Iterable[str],
    months: Iterable[dt.date],
    exclude_scheme_id: int | None,
) -> dict[int, list[str]]:
    """worker id -> names of the other schemes already holding one of `programmes` in one of `months`."""
    found: dict[int, list[str]] = defaultdict(list)
    programmes, months = list(programmes), list(months)
    for start in range(0, len(worker_ids), 5_000):
        chunk = worker_ids[start : start + 5_000]
        rows = MembershipMonth.objects.filter(worker_id__in=chunk, programme__in=programmes, month__in=months)
        if exclude_scheme_id is not None:
            rows = rows.exclude(membership__scheme_id=exclude_scheme_id)
        for worker_id, name in rows.values_list("worker_id", "membership__scheme__name").distinct():
            if name not in found[worker_id]:
                found[worker_id].append(name)
    return dict(found)


def covering_schemes(niks: Sequence[str], months: Iterable[dt.date] | None = None) -> dict[str, list[str]]:
    """NIK -> names of the schemes covering that person (any programme) in `months` (None = any month).

    The hook of the bulk import ("NIK already covered by another funder"); only memberships that
    still hold their months count (proposed, submitted, active, lapsed).
    """
    found: dict[str, list[str]] = defaultdict(list)
    niks = list(niks)
    for start in range(0, len(niks), 5_000):
        rows = MembershipMonth.objects.filter(worker__nik__in=niks[start : start + 5_000])
        if months is not None:
            rows = rows.filter(month__in=list(months))
        for nik, name in (
            rows.values_list("worker__nik", "membership__scheme__name")
            .distinct()
            .order_by("worker__nik", "membership__scheme__name")
        ):
            if name not in found[nik]:
                found[nik].append(name)
    return dict(found)


@dataclass
class MemberSummary:
    worker_ids: set[int] = field(default_factory=set)
    per_village: Counter = field(default_factory=Counter)
    planned_cost: int = 0


def scheme_member_summary(scheme_id: int) -> MemberSummary:
    """Members of a scheme that still hold their months, and their planned cost (the committed budget)."""
    summary = MemberSummary()
    rows = Membership.objects.filter(scheme_id=scheme_id, status__in=HOLDING).values_list(
        "worker_id", "village_id"
    )
    for worker_id, village_id in rows:
        summary.worker_ids.add(worker_id)
        summary.per_village[village_id] += 1
    summary.planned_cost = (
        Membership.objects.filter(scheme_id=scheme_id, status__in=HOLDING).aggregate(
            total=Sum("planned_cost")
        )["total"]
        or 0
    )
    return summary


def status_counts(scheme) -> dict[str, int]:
    return dict(Counter(Membership.objects.filter(scheme=scheme).values_list("status", flat=True)))


def bills_with_paid(queryset=None):
    """Bills annotated with `paid` and `outstanding` (integer Rupiah)."""
    queryset = queryset if queryset is not None else Bill.objects.all()
    paid = (
        Payment.objects.filter(bill=OuterRef("pk"))
        .order_by()
        .values("bill")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return queryset.annotate(paid=Coalesce(Subquery(paid), Value(0))).annotate(
        outstanding=F("total") - F("paid")
    )
