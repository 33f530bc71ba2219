"""The worker page's memberships: scheme, programmes, KPJ, status and months of each, and the trail of
every membership change in the person's history (registered in `apps.SchemesConfig.ready`)."""

from __future__ import annotations

from payung.audit.models import AuditEvent
from payung.audit.presenters import change_lines
from payung.registry.sections import WorkerSection
from payung.rules import Month

from .models import Membership
from .pricing import months_between
from .selectors import memberships_visible_to

HISTORY_ROWS = 100


def memberships_section(user, worker) -> WorkerSection | None:
    if not user.sees_personal_data:
        return None
    memberships = list(
        memberships_visible_to(user)
        .filter(worker=worker)
        .select_related("scheme")
        .order_by("-start_month", "-id")
    )
    rows = [
        {
            "membership": m,
            "scheme": m.scheme,
            "months": len(months_between(Month.of(m.start_month), Month.of(m.end_month)))
            if m.end_month
            else 0,
        }
        for m in memberships
    ]
    events = list(
        AuditEvent.objects.filter(object_type="membership", object_id__in=[str(m.pk) for m in memberships])
        .select_related("actor")
        .order_by("-at", "-id")[:HISTORY_ROWS]
    )
    lines = change_lines(Membership, events)
    names = {str(m.pk): m.scheme.name for m in memberships}
    for event in events:
        event.labelled_changes = [(line.label, line.old, line.new) for line in lines[event.pk]]
        event.subject = names.get(event.object_id, "")
    return WorkerSection(template="schemes/_worker_memberships.html", context={"rows": rows}, history=events)
