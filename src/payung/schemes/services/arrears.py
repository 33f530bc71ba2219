"""Lapse and reactivation of a scheme's members in bulk: the arrears decide who (services/bills.py).

`membership_lapse` and `membership_reactivate` (services/memberships.py) move one member; these move a
whole set with the same rules in one transaction: three statements for the rows, their events and their
audit (schemes/bulk.py), and one coverage outbox row per regency and month however many members moved.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from payung.audit.models import Source
from payung.rules import Month

from ..bulk import Move, text_or_none, write_moves
from ..models import FundingScheme, Membership, MembershipMonth, MembershipStatus
from ..outbox import region_months_in_windows


def memberships_lapse(*, actor, scheme: FundingScheme, unpaid: dict[int, tuple[dt.date, int]]) -> int:
    """active → lapsed for the active members among `unpaid` (membership id → (first unpaid month, how
    many bills unpaid)), each covered up to the month before its first unpaid one: `membership_lapse`
    over the whole set in one transaction, one outbox row per regency and month."""
    with transaction.atomic():
        members = list(
            Membership.objects.select_for_update()
            .filter(scheme=scheme, status=MembershipStatus.ACTIVE, pk__in_list=list(unpaid))
            .order_by("id")
            .values_list("pk", "start_month", "end_month", "regency_code")
        )
        moves = []
        whys: dict[int, str] = {}
        last_paid_before: dict[dt.date, dt.date] = {}
        for pk, start, old_end, _regency in members:
            first_unpaid, count = unpaid[pk]
            if first_unpaid not in last_paid_before:
                last_paid_before[first_unpaid] = Month.of(first_unpaid).plus(-1).first_day
            last_paid = last_paid_before[first_unpaid]
            end = last_paid if last_paid >= start else None
            if count not in whys:
                whys[count] = _("%(n)s bulan iuran belum dibayar") % {"n": count}
            why = whys[count]
            changes = {
                "status": ["active", "lapsed"],
                "end_month": [text_or_none(old_end), text_or_none(end)],
            }
            moves.append(Move(pk, (end,), changes, why))
        write_moves(
            moves,
            scheme_id=scheme.pk,
            from_status=MembershipStatus.ACTIVE,
            to=MembershipStatus.LAPSED,
            fields=("end_month",),
            actor=actor,
            source=Source.SYSTEM,
        )
        region_months_in_windows({(r, start) for _pk, start, _e, r in members}, last_month=scheme.last_month)
    return len(members)


def memberships_reactivate(*, actor, scheme: FundingScheme, paid_up) -> int:
    """lapsed → active for the lapsed members of `scheme` in the `paid_up` queryset, covered again to
    their last held month (`membership_reactivate` over the set)."""
    with transaction.atomic():
        last_held = (
            MembershipMonth.objects.filter(membership=OuterRef("pk")).order_by("-month").values("month")
        )
        members = list(
            Membership.objects.select_for_update(of=("self",))
            .filter(scheme=scheme, status=MembershipStatus.LAPSED, pk__in=paid_up)
            .annotate(last_held=Subquery(last_held[:1]))  # one index seek per member, not a GROUP BY
            .order_by("id")
            .values_list("pk", "start_month", "end_month", "regency_code", "last_held")
        )
        why = _("Tunggakan lunas")
        moves = []
        for pk, _start, old_end, _regency, held in members:
            end = held or scheme.last_month
            changes = {
                "status": ["lapsed", "active"],
                "end_month": [text_or_none(old_end), text_or_none(end)],
            }
            moves.append(Move(pk, (end,), changes, why))
        write_moves(
            moves,
            scheme_id=scheme.pk,
            from_status=MembershipStatus.LAPSED,
            to=MembershipStatus.ACTIVE,
            fields=("end_month",),
            actor=actor,
            source=Source.SYSTEM,
        )
        region_months_in_windows({(m[3], m[1]) for m in members}, last_month=scheme.last_month)
    return len(members)
