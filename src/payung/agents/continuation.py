"""A recruit's MANDIRI membership carried into the next year (docs/agents.md, "Into the next year").

A MANDIRI scheme holds one district's self-paying members for one year and its memberships end in
December. An active recruit continues from January without registering again: the next year's
scheme of the district (`schemes.services.schemes.self_paid_scheme_for`) gets a membership with the
same programmes and KPJ number (`membership_continue_self_paid`), the `Recruit` points to it and a
`Continuation` row keeps the year it came from. It happens

- in the daily `payung agents_check` from the 1st of January (every recruit still active at the turn
  of the year: a member lapsed by then pays the arrears first, is reactivated, and is carried on the
  next run);
- on first need: a collection for January recorded in December (contributions are paid ahead).

Not carried, with the reason counted: a worker outside the age range in the new year, or covered by
another funder for those months (the neutral one-funder answer; the agent learns nothing more).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from payung.audit.models import Action, Source
from payung.audit.services import audit_record
from payung.lib import dates
from payung.regions.models import Region
from payung.rules import Month, scheme_defaults
from payung.schemes.models import MembershipStatus
from payung.schemes.pricing import months_between
from payung.schemes.services.memberships import MembershipConflict
from payung.schemes.services.schemes import self_paid_scheme_for
from payung.schemes.services.self_paid import membership_continue_self_paid

from .collections import month_due
from .models import Continuation, Recruit

TOO_OLD = "age"
FUNDED_ELSEWHERE = "funded_elsewhere"


class ContinuationRefused(Exception):
    """The recruit cannot be carried into the year; `reason` is TOO_OLD or FUNDED_ELSEWHERE."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


def may_continue(recruit: Recruit, year: int) -> bool:
    """Active in `year - 1`'s MANDIRI scheme to its December, and not yet carried into `year`."""
    membership = recruit.membership
    scheme = membership.scheme
    return (
        scheme.funder_type == "MANDIRI"
        and scheme.year == year - 1
        and membership.status == MembershipStatus.ACTIVE
        and Month.of(membership.end_month or scheme.last_month) == Month(year - 1, 12)
        and Month.of(scheme.last_month) == Month(year - 1, 12)
    )


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def recruit_continue(
    *, actor, recruit: Recruit, year: int, today: dt.date | None = None, source: str = Source.SYSTEM
) -> Continuation:
    """Carry `recruit` into `year` (see the module). Raises ContinuationRefused; nothing saved then."""
    today = today or dates.today()
    if not may_continue(recruit, year):
        raise ContinuationRefused(
            _("Kepesertaan ini tidak bisa dilanjutkan ke tahun %(y)s.") % {"y": year}, ""
        )
    january = Month(year, 1)
    defaults = scheme_defaults(january.first_day)
    age = _age_on(recruit.worker.birth_date, january.first_day)
    if not defaults.min_age <= age <= defaults.max_age:
        raise ContinuationRefused(
            _("Usia %(age)s tahun pada Januari %(y)s di luar batas %(min)s-%(max)s tahun.")
            % {"age": age, "y": year, "min": defaults.min_age, "max": defaults.max_age},
            TOO_OLD,
        )
    previous = recruit.membership
    cost = sum(month_due(recruit, m) for m in months_between(january, Month(year, 12)))
    try:
        with transaction.atomic():
            district = Region.objects.get(code=previous.scheme.district_code)
            scheme = self_paid_scheme_for(actor=actor, district=district, year=year)
            membership = membership_continue_self_paid(
                actor=actor, previous=previous, scheme=scheme, cost=cost, source=source
            )
            continuation = Continuation.objects.create(
                recruit=recruit, previous=previous, membership=membership, year=year, continued_on=today
            )
            Recruit.objects.filter(pk=recruit.pk).update(membership=membership)
            recruit.membership = membership
            audit_record(
                actor=actor,
                object_type="recruit",
                object_id=recruit.pk,
                action=Action.UPDATE,
                changes={"membership": [str(previous.pk), str(membership.pk)]},
                note=_("Dilanjutkan ke tahun %(y)s") % {"y": year},
                source=source,
                region_code=recruit.village_id,
            )
    except MembershipConflict as error:
        raise ContinuationRefused(str(error.args[0]), FUNDED_ELSEWHERE) from error
    return continuation


@dataclass
class ContinueResult:
    continued: int = 0
    refused: dict[str, int] = field(default_factory=dict)  # reason -> recruits


def recruits_continue_into(*, year: int, today: dt.date | None = None, actor=None) -> ContinueResult:
    """Every recruit active to December of `year - 1` carried into `year` (the daily job's part)."""
    today = today or dates.today()
    result = ContinueResult()
    recruits = (
        Recruit.objects.filter(
            membership__status=MembershipStatus.ACTIVE,
            membership__scheme__funder_type="MANDIRI",
            membership__scheme__year=year - 1,
        )
        .select_related("membership__scheme", "worker__occupation")
        .order_by("id")
    )
    for recruit in recruits:
        if not may_continue(recruit, year):
            continue
        try:
            recruit_continue(actor=actor, recruit=recruit, year=year, today=today)
        except ContinuationRefused as refused:
            result.refused[refused.reason] = result.refused.get(refused.reason, 0) + 1
        else:
            result.continued += 1
    return result
