"""What every lifecycle view needs: the access helper's answer, with "not visible" as 404."""

from __future__ import annotations

from django.http import Http404

from payung.accounts.scope import NotVisible
from payung.registry.presenters import WorkerView, present_worker
from payung.registry.selectors import workers_visible_to
from payung.tariffs.presenters import present_citations

from ..access import (
    BillAccess,
    MembershipAccess,
    SchemeAccess,
    bill_for_user,
    membership_for_user,
    scheme_for_user,
)
from ..pricing import scheme_citations


def scheme_or_404(request, scheme_id: object) -> SchemeAccess:
    try:
        return scheme_for_user(request.user, scheme_id)
    except NotVisible:
        raise Http404 from None


def membership_or_404(request, access: SchemeAccess, membership_id: object) -> MembershipAccess:
    try:
        return membership_for_user(request.user, access, membership_id)
    except NotVisible:
        raise Http404 from None


def bill_or_404(request, access: SchemeAccess, bill_id: object) -> BillAccess:
    try:
        return bill_for_user(request.user, access, bill_id)
    except NotVisible:
        raise Http404 from None


def presented_workers(user, worker_ids: list[int]) -> dict[int, WorkerView]:
    """worker id -> what the user may see of that worker, for the workers inside the user's regions.

    Roles that see aggregates only get nobody: the pages show them the totals."""
    found: dict[int, WorkerView] = {}
    if not user.sees_personal_data:
        return found
    for start in range(0, len(worker_ids), 5_000):
        for worker in (
            workers_visible_to(user)
            .filter(pk__in=worker_ids[start : start + 5_000])
            .select_related("village", "occupation")
        ):
            found[worker.pk] = present_worker(worker, user)
    return found


def cost_citations(scheme) -> list[dict]:
    """The rule versions that price the scheme's amounts (gauge, member costs, bills), for the screen."""
    return present_citations(scheme_citations(scheme))
