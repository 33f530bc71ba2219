"""Benefit (manfaat) rules: JKM, JKK, scholarships and JHT payout, by event date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from payung.rules.types import Confidence
from payung.rules.versions import (
    IncapacityStep,
    RuleSpec,
    RuleVersion,
    ScholarshipLevel,
    ScholarshipTable,
    SchoolLevel,
    ValueKind,
)

C, S, U = Confidence.CONFIRMED, Confidence.SINGLE_SOURCE, Confidence.UNCERTAIN

PROGRAMMES_START = date(2015, 7, 1)
# PP 82/2019 raised JKK and JKM benefits. Its promulgation date is not in the research notes;
# 2019-12-02 is used and marked uncertain in every version that starts on it.
PP82_START = date(2019, 12, 2)
PP82_DATE_NOTE = "PP 82/2019 is taken to apply from 2019-12-02; that date is not in the research notes [U]."

BENEFIT_SPECS: tuple[RuleSpec, ...] = (
    RuleSpec("jkm.lump_sum", "JKM lump sum (santunan sekaligus)", ValueKind.AMOUNT, monthly=False),
    RuleSpec(
        "jkm.periodic",
        "JKM periodic benefit paid at once (santunan berkala)",
        ValueKind.AMOUNT,
        monthly=False,
    ),
    RuleSpec("jkm.funeral", "JKM funeral cost (biaya pemakaman)", ValueKind.AMOUNT, monthly=False),
    RuleSpec(
        "scholarship.table", "Children's scholarship table (beasiswa)", ValueKind.SCHOLARSHIP, monthly=False
    ),
    RuleSpec("jkk.death.multiplier", "JKK death: months of wage", ValueKind.MULTIPLIER, monthly=False),
    RuleSpec("jkk.death.minimum", "JKK death: minimum cash benefit", ValueKind.AMOUNT, monthly=False),
    RuleSpec("jkk.funeral", "JKK death: funeral cost", ValueKind.AMOUNT, monthly=False),
    RuleSpec(
        "jkk.periodic", "JKK death or total disability: periodic benefit", ValueKind.AMOUNT, monthly=False
    ),
    RuleSpec(
        "jkk.total_disability.multiplier",
        "JKK total permanent disability: months of wage",
        ValueKind.MULTIPLIER,
        monthly=False,
    ),
    RuleSpec(
        "jkk.partial_disability.multiplier",
        "JKK partial permanent disability: months of wage at 100 %",
        ValueKind.MULTIPLIER,
        monthly=False,
    ),
    RuleSpec(
        "jkk.incapacity_schedule",
        "JKK temporary incapacity (STMB) schedule",
        ValueKind.INCAPACITY_SCHEDULE,
        monthly=False,
    ),
    RuleSpec(
        "jht.partial.housing_share", "JHT partial withdrawal for housing", ValueKind.RATE, monthly=False
    ),
    RuleSpec(
        "jht.partial.retirement_share",
        "JHT partial withdrawal for retirement preparation",
        ValueKind.RATE,
        monthly=False,
    ),
    RuleSpec(
        "jht.partial.min_membership_months",
        "JHT partial withdrawal: minimum membership",
        ValueKind.MONTHS,
        monthly=False,
    ),
    RuleSpec(
        "jht.waiting_months",
        "JHT payout after stopping work: waiting period",
        ValueKind.MONTHS,
        monthly=False,
    ),
)


def _pair(
    rule: str, old: object, new: object, *, old_source: str, old_confidence: Confidence, note: str
) -> tuple[RuleVersion, RuleVersion]:
    """A benefit that PP 82/2019 changed: the PP 44/2015 version, then the PP 82/2019 one."""
    return (
        RuleVersion(
            rule=rule,
            effective_from=PROGRAMMES_START,
            effective_to=date(2019, 12, 1),
            value=old,  # type: ignore[arg-type]
            source=old_source,
            confidence=old_confidence,
            note="Before PP 82/2019.",
        ),
        RuleVersion(
            rule=rule,
            effective_from=PP82_START,
            value=new,  # type: ignore[arg-type]
            source="PP 44/2015 jo. PP 82/2019",
            confidence=C,
            note=f"{note} {PP82_DATE_NOTE}",
        ),
    )


_SCHOLARSHIP_2019 = ScholarshipTable(
    levels=(
        ScholarshipLevel(SchoolLevel.TK_SD, 1_500_000, 8),
        ScholarshipLevel(SchoolLevel.SMP, 2_000_000, 3),
        ScholarshipLevel(SchoolLevel.SMA, 3_000_000, 3),
        ScholarshipLevel(SchoolLevel.PT, 12_000_000, 5),
    ),
    max_children=2,
    min_contribution_months=36,
)
# Before PP 82/2019: one Rp12 juta scholarship after 5 years of contributions (P02, P22, P23).
_SCHOLARSHIP_2015 = ScholarshipTable(
    levels=tuple(ScholarshipLevel(level, 12_000_000, 1) for level in SchoolLevel),
    max_children=1,
    min_contribution_months=60,
    one_off_amount=12_000_000,
)

BENEFIT_VERSIONS: tuple[RuleVersion, ...] = (
    *_pair(
        "jkm.lump_sum",
        16_200_000,
        20_000_000,
        old_source="PP 44/2015",
        old_confidence=C,
        note="(P12, P13, P17, P18, P22, F01, F10)",
    ),
    *_pair(
        "jkm.periodic",
        4_800_000,
        12_000_000,
        old_source="PP 44/2015",
        old_confidence=C,
        note="24 months paid at once; before PP 82/2019 24 x Rp200.000. (P12, P13, P17, P18)",
    ),
    *_pair(
        "jkm.funeral",
        3_000_000,
        10_000_000,
        old_source="PP 44/2015",
        old_confidence=C,
        note="(P12, P13, P17, P18)",
    ),
    *_pair(
        "scholarship.table",
        _SCHOLARSHIP_2015,
        _SCHOLARSHIP_2019,
        old_source="PP 44/2015",
        old_confidence=S,
        note=(
            "Per child per year; at most 2 children (Rp174 juta). Masa iur at least 3 years for the "
            "JKM scholarship (death not from work) [C] (P12, P116, F01, F10; PP 82/2019 as quoted by "
            "Bisnis/Harian Jogja 2019-12-23); none for the JKK scholarship (death or total disability "
            "from a work accident) [C] (Banjarmasin Post 2020-01-11). "
            "The child must be unmarried, not working and under 23 [S] (P12, P16): not checked here. "
            "(P13, P14, P15, P05, P12, P17, P18, F01)"
        ),
    ),
    RuleVersion(
        rule="jkk.death.multiplier",
        effective_from=PROGRAMMES_START,
        value=Decimal(48),
        source="PP 44/2015 jo. PP 82/2019 (Lampiran III)",
        note="60 % x 80 x monthly wage; for BPU the declared income. (P17, P18, P19, F09, P23)",
    ),
    RuleVersion(
        rule="jkk.death.minimum",
        effective_from=PROGRAMMES_START,
        value=20_000_000,
        source="PP 44/2015 jo. PP 82/2019 (Lampiran III)",
        confidence=S,
        note="One source (P19) states a Rp20 juta minimum; its history before PP 82/2019 is unknown.",
    ),
    *_pair(
        "jkk.funeral",
        3_000_000,
        10_000_000,
        old_source="PP 44/2015",
        old_confidence=U,
        note="(P17, P18, P19). The pre-2019 amount mirrors JKM and was not checked separately.",
    ),
    *_pair(
        "jkk.periodic",
        4_800_000,
        12_000_000,
        old_source="PP 44/2015",
        old_confidence=U,
        note="(P17, P18, P19). The pre-2019 amount mirrors JKM and was not checked separately.",
    ),
    RuleVersion(
        rule="jkk.total_disability.multiplier",
        effective_from=PROGRAMMES_START,
        value=Decimal(56),
        source="PP 44/2015 jo. PP 82/2019 (Lampiran III)",
        note="70 % x 80 x monthly wage. (P19, F09)",
    ),
    RuleVersion(
        rule="jkk.partial_disability.multiplier",
        effective_from=PROGRAMMES_START,
        value=Decimal(80),
        source="PP 44/2015 jo. PP 82/2019 (Lampiran III)",
        note="Disability % (from the table) x 80 x monthly wage. (P19, F09)",
    ),
    *_pair(
        "jkk.incapacity_schedule",
        (
            IncapacityStep(6, Decimal(1)),
            IncapacityStep(6, Decimal("0.75")),
            IncapacityStep(None, Decimal("0.5")),
        ),
        (IncapacityStep(12, Decimal(1)), IncapacityStep(None, Decimal("0.5"))),
        old_source="PP 44/2015",
        old_confidence=U,
        note="100 % of the wage for 12 months, then 50 % until recovered. (P17, P18, F09)",
    ),
    RuleVersion(
        rule="jht.partial.housing_share",
        effective_from=PROGRAMMES_START,
        value=Decimal("0.30"),
        source="PP 46/2015 jo. PP 60/2015; Permenaker 4/2022",
        note="Once, after at least 10 years of membership. (P109, F01)",
    ),
    RuleVersion(
        rule="jht.partial.retirement_share",
        effective_from=PROGRAMMES_START,
        value=Decimal("0.10"),
        source="PP 46/2015 jo. PP 60/2015; Permenaker 4/2022",
        note="Once, after at least 10 years of membership. (P109, F01)",
    ),
    RuleVersion(
        rule="jht.partial.min_membership_months",
        effective_from=PROGRAMMES_START,
        value=120,
        source="PP 46/2015 jo. PP 60/2015; Permenaker 4/2022",
        note="(P109, F01)",
    ),
    RuleVersion(
        rule="jht.waiting_months",
        effective_from=PROGRAMMES_START,
        value=1,
        source="Permenaker 4/2022",
        note=(
            "Stopping work (resignation, PHK, end of PKWT, a BPU who stops working) counts as "
            "pension age; paid as a lump sum after 1 month. (P35, P36) Rules before 2022 not checked."
        ),
    ),
)
