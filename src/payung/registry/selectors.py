"""Reads of the registry, always through the user's region scope (the access layer)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Concat, Substr

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


NIK_FROM_ELSEWHERE = "luar"


def issued_elsewhere(workers: QuerySet[Worker]) -> QuerySet[Worker]:
    """Workers whose NIK's regency (digits 1-4, lib.nik.regency_of_issue) is not the regency they live in."""
    issued = Concat(Substr("nik", 1, 2), Value("."), Substr("nik", 3, 2), output_field=CharField())
    return workers.alias(_issued_in=issued).exclude(_issued_in=F("regency_code"))


@dataclass(frozen=True)
class WorkerFilters:
    """What a list page or the API was asked for; the one place search terms are read."""

    query: str = ""
    region: str = ""
    occupation: str = ""
    decile: int | None = None
    # Only workers whose NIK was issued outside the regency they live in ("NIK dari luar wilayah").
    nik_from_elsewhere: bool = False

    def __post_init__(self) -> None:
        # Pasted names carry double, leading and non-breaking spaces; stored names have single spaces.
        object.__setattr__(self, "query", " ".join(self.query.split()))
        object.__setattr__(self, "region", self.region.strip())

    @classmethod
    def from_params(cls, params) -> WorkerFilters:
        """From a query string (``request.GET`` or DRF's ``query_params``)."""
        decile = params.get("decile", "").strip()
        return cls(
            query=params.get("q", ""),
            region=params.get("region", ""),
            occupation=params.get("occupation", "").strip(),
            decile=int(decile) if decile.isdigit() and len(decile) <= 2 else None,
            nik_from_elsewhere=params.get("nik_origin", "") == NIK_FROM_ELSEWHERE,
        )


def search_workers(user, filters: WorkerFilters) -> QuerySet[Worker]:
    """Workers matching the filters, sorted by name then id (the keyset of the list pages)."""
    return _matching(workers_visible_to(user), user, filters)


def _matching(workers: QuerySet[Worker], user, filters: WorkerFilters) -> QuerySet[Worker]:
    if filters.region:
        workers = workers.in_region(filters.region)
    if filters.occupation:
        workers = workers.filter(occupation_id=filters.occupation)
    if filters.decile is not None:
        workers = workers.filter(dtsen_decile=filters.decile)
    if filters.nik_from_elsewhere:
        workers = issued_elsewhere(workers)
    query = filters.query
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


def regency_walks(user, filters: WorkerFilters) -> list[QuerySet[Worker]]:
    """search_workers regency by regency, when the list is of a scope of several whole regencies and
    nothing narrows it to one place: then each regency walks its own (regency_code, name, id) index
    (keyset_page's `walks`). Each is a plain `regency_code = x`: under the scope's OR PostgreSQL
    would read the whole regency again. A region filter or a search picks its own index, and a scope
    with a province or a district in it has no such index to walk."""
    if filters.region or filters.query:
        return []
    codes = scope_for(user).codes
    if len(codes) < 2 or any(code.count(".") != 1 for code in codes):
        return []
    return [_matching(Worker.objects.filter(regency_code=code), user, filters) for code in codes]
