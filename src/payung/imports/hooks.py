"""Checks that need capabilities which do not exist yet.

``other_funder_coverage`` is where an import learns that a NIK is already
covered by another funder (APBD, APBDes, CSR ...). Memberships do not exist
yet, so it finds nothing; when the enrolment app lands it must return
``{nik: funder name}`` for the NIKs with an active membership, and the import
flags those rows (warning ``covered_by_other_funder``) without further change.
"""

from __future__ import annotations

from collections.abc import Sequence


def other_funder_coverage(niks: Sequence[str]) -> dict[str, str]:
    """NIK -> name of the funder already covering that person. No memberships yet: always empty."""
    return {}
