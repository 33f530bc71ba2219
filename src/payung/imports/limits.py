"""What an imported row may hold: the registry's column lengths and a plausible income per month."""

from __future__ import annotations

from django.conf import settings

from payung.lib.sheets.normalise import DEFAULT_MAX_MONTHLY_INCOME, Limits
from payung.registry.models import Worker

# Field of the sheet -> the Worker column its text is stored in.
STORED_TEXT = {"name": "name", "occupation": "occupation_note"}


def worker_limits() -> Limits:
    """The limits of the dry run, from the model itself (so both databases refuse the same rows)."""
    return Limits(
        max_lengths={
            field: Worker._meta.get_field(column).max_length for field, column in STORED_TEXT.items()
        },
        max_monthly_income=int(getattr(settings, "PAYUNG_MAX_MONTHLY_INCOME", DEFAULT_MAX_MONTHLY_INCOME)),
    )
