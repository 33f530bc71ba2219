"""National coverage references the pack quotes beside a region's figure (REGULATION.md §3.2). They are
published targets and one reported actual, not Payung data; each carries its source."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NationalReference:
    year: int
    label: object  # lazy text
    percent: Decimal
    source: str


REFERENCES = (
    NationalReference(
        2025, _("Target RPJMN 2025–2029 (tahun 2025)"), Decimal("32.15"), "Kemendagri, siaran pers 2025"
    ),
    NationalReference(
        2025, _("Target UCJ Kemendagri 2025"), Decimal("52.15"), "Kemendagri, siaran pers 2025"
    ),
    NationalReference(
        2025, _("Capaian nasional April 2025"), Decimal("35.68"), "Kemendagri, siaran pers 2025"
    ),
    NationalReference(2026, _("Target RKP 2026"), Decimal("34.99"), "Kemendagri, siaran pers 2025"),
    NationalReference(
        2029, _("Target RPJMN 2025–2029 (tahun 2029)"), Decimal("43.92"), "Kemendagri, siaran pers 2025"
    ),
)


def references_for(year: int) -> list[NationalReference]:
    return [reference for reference in REFERENCES if reference.year == year]
