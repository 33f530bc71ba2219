"""Membership and billing facts: when a bill is due, when unpaid members lapse, the ages a scheme covers.

They were constants in the scheme and billing code; as rules they are dated, cited and read from one
place (`payung.rules.facts`).
"""

from __future__ import annotations

from datetime import date

from payung.rules.types import Confidence
from payung.rules.versions import RuleSpec, RuleVersion, ValueKind

C, S, U = Confidence.CONFIRMED, Confidence.SINGLE_SOURCE, Confidence.UNCERTAIN

PROGRAMMES_START = date(2015, 7, 1)

MEMBERSHIP_SPECS: tuple[RuleSpec, ...] = (
    RuleSpec("bill.due_day", "Day of the contribution month a bill is due", ValueKind.DAY_OF_MONTH),
    RuleSpec(
        "membership.lapse_after_unpaid_months",
        "Consecutive unpaid months after which a BPU membership lapses",
        ValueKind.MONTHS,
    ),
    RuleSpec("eligibility.min_age", "Youngest age a scheme covers by default", ValueKind.YEARS),
    RuleSpec("eligibility.max_age", "Oldest age a scheme covers by default", ValueKind.YEARS),
)

MEMBERSHIP_VERSIONS: tuple[RuleVersion, ...] = (
    RuleVersion(
        rule="bill.due_day",
        effective_from=PROGRAMMES_START,
        value=15,
        source="PP 44/2015 (iuran dibayar paling lambat tanggal 15)",
        confidence=U,
        note=(
            "The 15th is the payment deadline of PP 44/2015 for employers (for the month before). "
            "The deadline for BPU paid by a donor was not in the research notes; Payung bills each "
            "contribution month on its 15th."
        ),
    ),
    RuleVersion(
        rule="membership.lapse_after_unpaid_months",
        effective_from=PROGRAMMES_START,
        value=3,
        source="Perdir BPJS Ketenagakerjaan 22/PERDIR.02/072022",
        confidence=S,
        note=(
            "After more than 3 consecutive unpaid months a BPU membership ends (or is inactive if "
            "JHT was claimed); arrears may be paid up to 3 months after protection ends (P30). The "
            "SOP is of 2022; earlier practice is assumed the same."
        ),
    ),
    RuleVersion(
        rule="eligibility.min_age",
        effective_from=PROGRAMMES_START,
        value=15,
        source="BPS Sakernas: penduduk usia kerja (15 tahun ke atas)",
        confidence=S,
        note="BPS counts the working-age population from 15; a scheme may set a higher age (PPU: 18).",
    ),
    RuleVersion(
        rule="eligibility.max_age",
        effective_from=PROGRAMMES_START,
        value=65,
        source="Praktik pemda (Pemkab PPU: pekerja rentan 18-65 tahun)",
        confidence=U,
        note="No regulation caps the BPU age in the research notes; PPU's 18-65 (P96) is the practice.",
    ),
)
