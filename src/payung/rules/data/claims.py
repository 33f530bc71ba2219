"""Claim facts: reporting deadlines, when a claim lapses, how long a child's scholarship runs.

Dated like every rule, so an admin can add a corrected version (tariffs) where a fact is uncertain.
The order of heirs and the documents of each kind of claim are in `payung.rules.claims` (lists, not
scalars); the documents are also a table an admin edits (claims.DocumentRequirement).
"""

from __future__ import annotations

from datetime import date

from payung.rules.data.benefits import PP82_DATE_NOTE, PP82_START, PROGRAMMES_START
from payung.rules.types import Confidence
from payung.rules.versions import RuleSpec, RuleVersion, ValueKind

C, S, U = Confidence.CONFIRMED, Confidence.SINGLE_SOURCE, Confidence.UNCERTAIN

CLAIM_SPECS: tuple[RuleSpec, ...] = (
    RuleSpec(
        "claim.jkk.report_days", "JKK: first accident report within (days)", ValueKind.DAYS, monthly=False
    ),
    RuleSpec(
        "claim.lapse_years",
        "A benefit claim lapses this many years after the event",
        ValueKind.YEARS,
        monthly=False,
    ),
    RuleSpec(
        "scholarship.max_age",
        "Scholarship: paid until the child reaches this age",
        ValueKind.YEARS,
        monthly=False,
    ),
)

CLAIM_VERSIONS: tuple[RuleVersion, ...] = (
    RuleVersion(
        rule="claim.jkk.report_days",
        effective_from=PROGRAMMES_START,
        value=2,
        source="Permenaker 5/2021 (laporan kecelakaan kerja tahap I paling lama 2 x 24 jam)",
        confidence=S,
        note="2 x 24 hours, by the employer or the BPU participant themselves (P111, one source).",
    ),
    RuleVersion(
        rule="claim.lapse_years",
        effective_from=PROGRAMMES_START,
        effective_to=date(2019, 12, 1),
        value=2,
        source="PP 44/2015 (hak menuntut manfaat JKK/JKM gugur setelah 2 tahun)",
        confidence=U,
        note="Two years before PP 82/2019 (issue 15); the article was not read in the research notes.",
    ),
    RuleVersion(
        rule="claim.lapse_years",
        effective_from=PP82_START,
        value=5,
        source="PP 44/2015 jo. PP 82/2019 (hak menuntut manfaat gugur setelah 5 tahun)",
        confidence=U,
        note=f"Five years after the event (issue 15); not in the research notes. {PP82_DATE_NOTE}",
    ),
    RuleVersion(
        rule="scholarship.max_age",
        effective_from=PP82_START,
        value=23,
        source="PP 44/2015 jo. PP 82/2019 (beasiswa sampai usia 23 tahun, belum menikah, belum bekerja)",
        confidence=S,
        note=f"Paid yearly until the child is 23, marries or works (P12, P16). {PP82_DATE_NOTE}",
    ),
)
