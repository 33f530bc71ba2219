"""Checks that reach into other capabilities: kept here so the import's own checks stay readable.

``other_funder_coverage`` tells which NIKs of a file are already covered by a
funder (APBD, APBDes, CSR ...): a membership that still holds the person's
months now or later. The import flags those rows with the warning
``covered_by_other_funder`` naming the scheme; the registry row itself may
still be filled in, since covering someone is the lifecycle's business, not
the registry's. The check itself is the lifecycle's (schemes/selectors.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from payung.lib import dates
from payung.schemes.selectors import other_funder_coverage as _covered


def other_funder_coverage(niks: Sequence[str], *, today: dt.date | None = None) -> dict[str, str]:
    """NIK -> name of the funding scheme currently (or from now on) covering that person."""
    if not niks:
        return {}
    return _covered(niks, today=today or dates.today())
