"""Region look-ups: the tree itself is public data, worker counts inside it are scoped."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from .models import Region

_CODE_PREFIX = re.compile(r"^[0-9][0-9.]*$")


def normalize_region_code(text: str) -> str:
    """'1302032001', '13.02.03.2001' and '13 02 03' all become the dotted form."""
    digits = re.sub(r"[^0-9]", "", text)
    parts = [digits[0:2], digits[2:4], digits[4:6], digits[6:10]]
    return ".".join(p for p in parts if p)


def search_regions(
    query: str, *, level: int | None = None, within: QuerySet | None = None, limit: int = 20
) -> list[Region]:
    """Search-as-you-type: a code prefix (with or without dots) or words of the name."""
    query = query.strip()
    regions = within if within is not None else Region.objects.all()
    if level:
        regions = regions.filter(level=level)
    if not query:
        return []
    if _CODE_PREFIX.match(query.replace(" ", "")):
        code = normalize_region_code(query)
        # "1302" should find 13.02 and its children; a partial last part ("13.0") matches textually.
        found = regions.filter(code__startswith=code).order_by("code")
        return list(found.select_related("parent")[:limit])
    words = query.lower().split()
    found = (
        regions.filter(search_name__startswith=words[0])
        if len(words[0]) < 3
        else regions.filter(search_name__contains=words[0])
    )
    for word in words[1:]:
        found = found.filter(search_name__contains=word)
    # Exact prefixes first, then higher levels (a regency before villages of the same name).
    ordered = sorted(
        found.select_related("parent")[: limit * 5],
        key=lambda r: (not r.search_name.startswith(words[0]), r.level, r.name, r.code),
    )
    return ordered[:limit]


def region_path(region: Region) -> list[Region]:
    """The region's ancestors, province first."""
    ancestors = {r.code: r for r in Region.objects.filter(code__in=region.ancestor_codes)}
    return [ancestors[c] for c in region.ancestor_codes if c in ancestors]
