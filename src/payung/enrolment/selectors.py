"""Reads of memberships: through the user's region scope, plus the one-funder look-ups."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum
from django.http import Http404

from payung.accounts.scope import scope_for

from .models import HOLDING, Membership, MembershipMonth


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
