"""Reads of the lifecycle: schemes, memberships and bills through the user's region scope, the
one-funder look-ups, the committed budget. Who may do what is `access.py`.

A scheme is visible to a user whose regions lie inside the funder's region (a regency scheme is seen
by its district and village operators, who propose workers for it) or contain it (a regency admin
sees the village-funded schemes of its villages).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from payung.accounts.scope import scope_for
from payung.lib import lookups  # noqa: F401  (registers __in_list)

from .models import (
    HOLDING,
    Bill,
    BillLine,
    FundingScheme,
    Membership,
    MembershipMonth,
    MembershipStatus,
    Payment,
)

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


def memberships_visible_to(user) -> QuerySet[Membership]:
    return scope_for(user).filter(Membership.objects.all())


def scheme_memberships_for_user(user, scheme) -> QuerySet[Membership]:
    return (
        memberships_visible_to(user)
        .filter(scheme=scheme)
        .select_related("worker", "worker__village", "worker__occupation", "village")
        .order_by("village_id", "worker__name", "id")
    )


def conflicts_for(
    *,
    worker_ids: Sequence[int],
    programmes: Iterable[str],
    months: Iterable[dt.date],
    exclude_scheme_id: int | None,
) -> dict[int, list[str]]:
    """worker id -> names of the other schemes already holding one of `programmes` in one of `months`."""
    found: dict[int, list[str]] = defaultdict(list)
    if not worker_ids:
        return {}
    # One JSON parameter per list, however many workers (SQLite's variable limit; lib/lookups.py).
    rows = MembershipMonth.objects.filter(
        worker_id__in_list=list(worker_ids), programme__in=list(programmes), month__in_list=list(months)
    )
    if exclude_scheme_id is not None:
        rows = rows.exclude(membership__scheme_id=exclude_scheme_id)
    for worker_id, name in rows.values_list("worker_id", "membership__scheme__name").distinct():
        if name not in found[worker_id]:
            found[worker_id].append(name)
    return dict(found)


def other_funder_coverage(niks: Sequence[str], *, today: dt.date) -> dict[str, tuple[str, str]]:
    """NIK -> (name, funder region code) of the scheme covering that person this month or later (the
    first to start). The caller names the scheme only to users whose scope holds its funder.

    The one "covered by another funder" check: the import flags such rows (imports/hooks.py); only
    memberships that still hold their months count (proposed, submitted, active, lapsed).
    """
    month = today.replace(day=1)
    covered: dict[str, tuple[str, str]] = {}
    niks = list(niks)
    for start in range(0, len(niks), 10_000):
        memberships = (
            Membership.objects.holding()
            .filter(
                Q(end_month__isnull=True) | Q(end_month__gte=month),
                worker__nik__in=niks[start : start + 10_000],
            )
            .order_by("start_month", "pk")
            .values_list("worker__nik", "scheme__name", "scheme__funder_region_id")
        )
        for nik, scheme, funder_region in memberships:
            covered.setdefault(nik, (scheme, funder_region))
    return covered


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


def first_billed_month(scheme) -> dt.date | None:
    """The first month anyone of the scheme was active (or lapsed after being active): bills start there;
    an earlier month would be an empty Rp0 bill. None while nobody has been active."""
    return Membership.objects.filter(
        scheme=scheme, status__in=(MembershipStatus.ACTIVE, MembershipStatus.LAPSED)
    ).aggregate(first=Min("start_month"))["first"]


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


def bill_lines_for_user(user, bill):
    """The bill's lines of the members inside the user's regions, by member name."""
    lines = BillLine.objects.filter(bill=bill).select_related(
        "membership__worker__village", "membership__worker__occupation"
    )
    if not bill_seen_whole(user, bill):
        lines = lines.filter(scope_for(user).q(Membership.LEVEL_FIELDS, prefix="membership__"))
    return lines.order_by("membership__worker__name", "programme")


def bill_seen_whole(user, bill) -> bool:
    """Whether the user's regions hold the bill's whole funder region: then every line is in scope (a
    scheme's members live inside its funder's region), and no join on the members is needed."""
    funder = (
        FundingScheme.objects.filter(pk=bill.scheme_id).values_list("funder_region_id", flat=True).first()
    )
    return funder is not None and scope_for(user).contains(funder)


def bill_line_totals(lines, *, members: int | None = None) -> dict[str, int]:
    """Count and sums of `lines` (a bill's lines in a user's scope), computed by the database; `members`
    when already known (the bill's own count, for a user who sees the whole bill)."""
    aggregates = {
        "lines": Count("pk"),
        "normal": Coalesce(Sum("normal_amount"), 0),
        "discount": Coalesce(Sum("discount"), 0),
        "amount": Coalesce(Sum("amount"), 0),
    }
    if members is None:
        aggregates["members"] = Count("membership_id", distinct=True)
    totals = lines.order_by().aggregate(**aggregates)
    if members is not None:
        totals["members"] = members
    return totals


# Memberships that covered their months with BPJS (an ended one keeps the months up to its end).
COVERED_STATUSES = ("active", "lapsed", "ended")


def covering_memberships(
    keys: Iterable[tuple[int, str, dt.date]],
) -> dict[tuple[int, str, dt.date], Membership]:
    """(worker id, programme, first day of a month) -> the membership that held that month for that
    programme (the one-funder rule makes it at most one), with its scheme. For claims: the funder at
    the event date."""
    keys = list(keys)
    found: dict[tuple[int, str, dt.date], Membership] = {}
    for start in range(0, len(keys), 2_000):
        chunk = keys[start : start + 2_000]
        condition = Q(pk__in=[])
        for worker_id, programme, month in chunk:
            condition |= Q(worker_id=worker_id, programme=programme, month=month)
        rows = (
            MembershipMonth.objects.filter(condition, membership__status__in=COVERED_STATUSES)
            .select_related("membership__scheme")
            .order_by()
        )
        for row in rows:
            found[(row.worker_id, row.programme, row.month)] = row.membership
    return found


def month_paid(membership: Membership, programme: str, month: dt.date) -> bool | None:
    """Was the bill of `month` holding this member's `programme` paid in full? None: never billed."""
    line = (
        BillLine.objects.filter(membership=membership, programme=programme, bill__month=month)
        .select_related("bill")
        .first()
    )
    if line is None:
        return None
    bill = bills_with_paid(Bill.objects.filter(pk=line.bill_id)).get()
    return bill.outstanding <= 0


def contribution_paid_per_scheme(scheme_ids: Iterable[int], year: int) -> dict[int, int]:
    """scheme id -> contributions paid to BPJS in `year` (by payment date), integer Rupiah."""
    rows = (
        Payment.objects.filter(bill__scheme_id__in=list(scheme_ids), paid_on__year=year)
        .values("bill__scheme_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["bill__scheme_id"]: row["total"] for row in rows}
