"""Checks that reach into other capabilities: kept here so the import's own checks stay readable.

``other_funder_coverage`` tells which NIKs of a file are already covered by a
funder (APBD, APBDes, CSR ...): a membership that still holds the person's
months now or later. The import flags those rows with the warning
``covered_by_other_funder`` naming the scheme; the registry row itself may
still be filled in, since covering someone is the enrolment's business, not
the registry's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.apps import apps
from django.db.models import Q

from payung.lib import dates

CHUNK = 10_000


def other_funder_coverage(niks: Sequence[str], *, today: dt.date | None = None) -> dict[str, str]:
    """NIK -> name of the funding scheme currently (or from now on) covering that person."""
    if not niks or not apps.is_installed("payung.enrolment"):
        return {}
    from payung.enrolment.models import Membership

    today = today or dates.today()
    month = today.replace(day=1)
    covered: dict[str, str] = {}
    niks = list(niks)
    for start in range(0, len(niks), CHUNK):
        memberships = (
            Membership.objects.holding()
            .filter(
                Q(end_month__isnull=True) | Q(end_month__gte=month),
                worker__nik__in=niks[start : start + CHUNK],
            )
            .order_by("start_month")
            .values_list("worker__nik", "scheme__name")
        )
        for nik, scheme in memberships:
            covered.setdefault(nik, scheme)
    return covered
