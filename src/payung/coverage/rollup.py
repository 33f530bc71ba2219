"""Rolling region figures up the Kemendagri tree (pure functions, no Django).

A figure reported for a region wins; a region with no figure of its own gets the sum of its children
that have one (marked `derived`). Where both exist and differ, a note says so, so a regency total and
its districts never disagree silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def level_of(code: str) -> int:
    return code.count(".") + 1


@dataclass(frozen=True, slots=True)
class Rolled:
    value: int
    derived: bool  # summed from the level below, not reported for this region
    children_sum: int | None  # what the children with data add up to, when any has data


def roll_up(reported: Mapping[str, int], *, top_level: int = 1) -> dict[str, Rolled]:
    """Every region of `reported` and each of its ancestors down to `top_level`, with its value."""
    children_sum: dict[str, int] = {}
    result: dict[str, Rolled] = {}
    codes = set(reported)
    for code in list(codes):
        parent = parent_code(code)
        while parent is not None and level_of(parent) >= top_level:
            codes.add(parent)
            parent = parent_code(parent)
    for code in sorted(codes, key=lambda c: -level_of(c)):
        below = children_sum.get(code)
        if code in reported:
            rolled = Rolled(value=reported[code], derived=False, children_sum=below)
        else:
            rolled = Rolled(value=below or 0, derived=True, children_sum=below)
        result[code] = rolled
        parent = parent_code(code)
        if parent is not None and level_of(parent) >= top_level:
            children_sum[parent] = children_sum.get(parent, 0) + rolled.value
    return result


def mismatches(rolled: Mapping[str, Rolled]) -> list[tuple[str, int, int]]:
    """(code, reported, children_sum) where a reported figure differs from what its children add up to."""
    return sorted(
        (code, item.value, item.children_sum)
        for code, item in rolled.items()
        if not item.derived and item.children_sum is not None and item.children_sum != item.value
    )
