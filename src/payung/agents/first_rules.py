"""The 2018 Perisai rules (REGULATION.md §7.1, docs/agents.md): the first versions of the commission,
inactivity and host-share rules, plain data. The data migration loads them; `ensure_first_rules` puts them back where
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


# REGULATION.md §7.1 [S]: "10 % of the incentive goes to the host entity (yayasan/koperasi/CV)".
HOST_SHARE_2018 = {
    "share_percent": Decimal("10.00"),
    "source": (
        "Antara Megapolitan Desember 2017 (P104): 10% insentif agen untuk badan induk "
        "(yayasan/koperasi/CV) yang dikontrak BPJS"
    ),
    "confidence": "single_source",
    "note": (
        "One article (Dec 2017), before the Feb 2018 launch; whether the share is still paid, and "
        "whether BPJS pays it out of the agent's incentive (as modelled) or on top, is not confirmed. "
        "An admin should confirm with the BPJS branch and add a newer version (0 % if none)."
    ),
}


def ensure_first_rules(commission_model, inactivity_model, host_share_model=None) -> None:
    """Create the 2018 versions unless present (the models are passed: a migration gives its own)."""
    commission_model.objects.get_or_create(effective_from=FIRST_DAY, defaults=COMMISSION_2018)
    inactivity_model.objects.get_or_create(effective_from=FIRST_DAY, defaults=INACTIVITY_2018)
    if host_share_model is not None:
        host_share_model.objects.get_or_create(effective_from=FIRST_DAY, defaults=HOST_SHARE_2018)
