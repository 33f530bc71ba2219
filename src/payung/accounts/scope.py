"""The region scope of a user: the one place that decides which tenant rows a user may touch.

A user works in one or more regions and everything below them. Tenant tables carry the codes of every
level (province_code, regency_code, district_code, village) so a scope is a few equality tests, fast
on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .roles import has_region_scope


class NotVisible(LookupError):
    """The object does not exist or lies outside the user's regions: the two are never told apart
    (a view answers 404 for both, the API too)."""


# Field holding the code of each region level on a tenant table (level 1 = province ... 4 = village).
DEFAULT_LEVEL_FIELDS = {1: "province_code", 2: "regency_code", 3: "district_code", 4: "village_id"}


@dataclass(frozen=True)
class RegionScope:
    codes: tuple[str, ...]
    everything: bool = False

    def contains(self, code: str) -> bool:
        """True when the region `code` lies within the scope."""
        if self.everything:
            return True
        return any(code == c or code.startswith(c + ".") for c in self.codes)

    def q(self, level_fields: dict[int, str] = DEFAULT_LEVEL_FIELDS, prefix: str = "") -> Q:
        if self.everything:
            return Q()
        if not self.codes:
            return Q(pk__in=[])
        condition = Q()
        for code in self.codes:
            condition |= Q(**{prefix + level_fields[code.count(".") + 1]: code})
        return condition

    def filter(self, queryset: QuerySet, level_fields: dict[int, str] = DEFAULT_LEVEL_FIELDS) -> QuerySet:
        return queryset.filter(self.q(level_fields))

    def filter_regions(self, queryset: QuerySet) -> QuerySet:
        """Filters a Region queryset to the regions inside the scope."""
        if self.everything:
            return queryset
        condition = Q(pk__in=[])
        for code in self.codes:
            condition |= Q(code=code) | Q(code__startswith=code + ".")
        return queryset.filter(condition)


NOTHING = RegionScope(codes=())
EVERYTHING = RegionScope(codes=(), everything=True)


def scope_for(user) -> RegionScope:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return EVERYTHING
    if not has_region_scope(user):
        return NOTHING
    cached = getattr(user, "_payung_scope", None)
    if cached is None:
        codes = tuple(sorted(user.regions.values_list("code", flat=True)))
        cached = RegionScope(codes=_outermost(codes))
        user._payung_scope = cached
    return cached


def _outermost(codes: tuple[str, ...]) -> tuple[str, ...]:
    """Drops codes already covered by another code of the scope."""
    return tuple(c for c in codes if not any(c != o and c.startswith(o + ".") for o in codes))
