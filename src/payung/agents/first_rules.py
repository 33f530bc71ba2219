"""The 2018 Perisai rules (REGULATION.md §7.1, docs/agents.md): the first versions of the commission and
inactivity rules, plain data. The data migration loads them; `ensure_first_rules` puts them back where
a test's flush removed them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

FIRST_DAY = dt.date(2018, 2, 1)  # Perisai launched in February 2018

COMMISSION_2018 = {
    "rate_percent": Decimal("7.50"),
    "bonus_amount": 500_000,
    "bonus_min_new_participants": 50,
    "source": (
        "Media Indonesia 2018 (P102), Kompas 11 Desember 2018 (P103), Antara Desember 2017 (P104): "
        "7,5% iuran terkumpul + Rp500.000 bila >= 50 peserta baru sebulan"
    ),
    "confidence": "confirmed",
    "note": (
        "The 2017-2018 rules as reported in the press when Perisai launched (Feb 2018). Current "
        "(2024-2026) rules were not found: they may have changed. Add a newer version when known."
    ),
}
INACTIVITY_2018 = {
    "drop_after_months": 3,
    "rejoin_after_months": 6,
    "source": "Kabar Dewata 2018 (P105): 3 bulan tanpa akuisisi dan iuran gugur, boleh bergabung lagi setelah 6 bulan",
    "confidence": "uncertain",
    "note": "Reported in one regional article only; an admin should confirm with the BPJS branch.",
}


def ensure_first_rules(commission_model, inactivity_model) -> None:
    """Create the 2018 versions unless present (the models are passed: the migration gives its own)."""
    commission_model.objects.get_or_create(effective_from=FIRST_DAY, defaults=COMMISSION_2018)
    inactivity_model.objects.get_or_create(effective_from=FIRST_DAY, defaults=INACTIVITY_2018)
