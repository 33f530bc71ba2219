"""The 2018 Perisai rules (REGULATION.md §7.1): the first commission and inactivity versions."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

COMMISSION_SOURCE = (
    "Media Indonesia 2018 (P102), Kompas 11 Desember 2018 (P103), Antara Dec 2017 (P104): "
    "7,5% iuran terkumpul + Rp500.000 bila >= 50 peserta baru sebulan"
)
INACTIVITY_SOURCE = "Kabar Dewata 2018 (P105): 3 bulan tanpa akuisisi dan iuran gugur, boleh bergabung lagi setelah 6 bulan"


def forward(apps, schema_editor):
    CommissionRule = apps.get_model("agents", "CommissionRule")
    InactivityRule = apps.get_model("agents", "InactivityRule")
    CommissionRule.objects.get_or_create(
        effective_from=dt.date(2018, 2, 1),
        defaults={
            "rate_percent": Decimal("7.50"),
            "bonus_amount": 500_000,
            "bonus_min_new_participants": 50,
            "source": COMMISSION_SOURCE,
            "confidence": "confirmed",
            "note": (
                "The 2017-2018 rules as reported in the press when Perisai launched (Feb 2018). Current "
                "(2024-2026) rules were not found: they may have changed. Add a newer version when known."
            ),
        },
    )
    InactivityRule.objects.get_or_create(
        effective_from=dt.date(2018, 2, 1),
        defaults={
            "drop_after_months": 3,
            "rejoin_after_months": 6,
            "source": INACTIVITY_SOURCE,
            "confidence": "uncertain",
            "note": "Reported in one regional article only; an admin should confirm with the BPJS branch.",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("agents", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
