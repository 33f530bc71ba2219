"""Reads of the registry, always through the user's region scope (the access layer)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from payung.accounts.scope import NotVisible, scope_for
from payung.lib.nik import normalize_nik

from .models import Worker


def workers_visible_to(user) -> QuerySet[Worker]:
    return scope_for(user).filter(Worker.objects.all())


def get_worker_for_user(user, worker_id: object) -> Worker:
    """The worker; NotVisible whether it does not exist or lies outside the user's regions."""
    try:
        return workers_visible_to(user).select_related("village", "occupation").get(pk=int(str(worker_id)))
    except (Worker.DoesNotExist, ValueError) as exc:
        raise NotVisible from exc


@dataclass(frozen=True)
class WorkerFilters:
    query: str = ""
    region: str = ""
    occupation: str = ""
    decile: int | None = None


def search_workers(user, filters: WorkerFilters) -> QuerySet[Worker]:
    """Workers matching the filters, sorted by name then id (the keyset of the list pages)."""
    workers = workers_visible_to(user)
    if filters.region:
        workers = workers.in_region(filters.region)
    if filters.occupation:
        workers = workers.filter(occupation_id=filters.occupation)
    if filters.decile is not None:
        workers = workers.filter(dtsen_decile=filters.decile)
    query = filters.query.strip()
    if query and not user.sees_personal_data:
        # Roles that see masked data must not be able to confirm who is registered.
        return workers.none()
    if query:
        digits = normalize_nik(query)
        if digits.isdigit() and len(digits) == 16:
            workers = workers.filter(nik=digits)
        elif digits.isdigit() and len(digits) >= 4:
            # NIK prefix search; uses the unique index.
            workers = workers.filter(nik__startswith=digits)
        else:
            workers = workers.filter(Q(name__istartswith=query) | Q(name__icontains=f" {query}"))
    return workers.order_by("name", "id")
