"""Lapse and reactivation of a scheme's members in bulk: the arrears decide who (services/bills.py).

`membership_lapse` and `membership_reactivate` (services/memberships.py) move one member; these move a
whole set with the same rules in one transaction: three statements for the rows, their events and their
audit (schemes/bulk.py), and one coverage outbox row per regency and month however many members moved.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from payung.audit.models import Source
from payung.rules import Month

from ..bulk import Audited, moving_behind, moving_query, write_moves
from ..models import FundingScheme, Membership, MembershipMonth, MembershipStatus
from ..outbox import region_months_in_windows


def memberships_lapse(*, actor, scheme: FundingScheme, unpaid: list[tuple[int, dt.date]]) -> int:
    """active → lapsed for the active members in `lapse_after_months` or more of the `unpaid` bills
    (id, month), each covered up to the month before its first unpaid one: `membership_lapse` over the
    whole set in one transaction, one outbox row per regency and month."""
    at_least = scheme.lapse_after_months
    if len(unpaid) < at_least:
        return 0  # nobody can be behind on more bills than are unpaid
    # The rules once per distinct value (a month, a count), not once per member.
    covered_to = {pk: Month.of(month).plus(-1).first_day for pk, month in unpaid}
    whys = {
        count: _("%(n)s bulan iuran belum dibayar") % {"n": count}
        for count in range(at_least, len(unpaid) + 1)
    }
    with transaction.atomic():
        lapsed = write_moves(
            moving_behind(covered_to, at_least=at_least, whys=whys),
            scheme_id=scheme.pk,
            from_status=MembershipStatus.ACTIVE,
            to=MembershipStatus.LAPSED,
            fields={"end_month": Audited()},
            actor=actor,
            source=Source.SYSTEM,
            why=None,
        )
        region_months_in_windows(lapsed.windows, last_month=scheme.last_month)
    return lapsed.count


def memberships_reactivate(*, actor, scheme: FundingScheme, owing) -> int:
    """lapsed → active for the lapsed members of `scheme` with no line in `owing` (a queryset of the
    bill lines still owed), covered again to their last held month (`membership_reactivate` over the
    set)."""
    # NOT EXISTS, which PostgreSQL runs as one anti-join. As NOT IN it was a subplan, hashed only while
    # the owed lines fit in work_mem: with fresh statistics at 300,000 members it fell back to reading
    # the lines again for every lapsed member, and the payment ran for minutes.
    paid_up = Membership.objects.filter(scheme=scheme, status=MembershipStatus.LAPSED).exclude(
        Exists(owing.filter(membership=OuterRef("pk")))
    )
    if not paid_up.exists():
        return 0  # every payment asks: most find nobody to reactivate
    last_held = MembershipMonth.objects.filter(membership=OuterRef("pk")).order_by("-month").values("month")
    moving = (
        paid_up
        # One index seek per member, not a GROUP BY.
        .annotate(held=Coalesce(Subquery(last_held[:1]), scheme.last_month))
        .order_by()
        .values_list("pk", "held")
    )
    with transaction.atomic():
        reactivated = write_moves(
            moving_query(moving, ("id", "end_month")),
            scheme_id=scheme.pk,
            from_status=MembershipStatus.LAPSED,
            to=MembershipStatus.ACTIVE,
            fields={"end_month": Audited()},
            actor=actor,
            source=Source.SYSTEM,
            why=_("Tunggakan lunas"),
        )
        region_months_in_windows(reactivated.windows, last_month=scheme.last_month)
    return reactivated.count
