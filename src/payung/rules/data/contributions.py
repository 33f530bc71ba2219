"""Contribution (iuran) rules: rates, amounts, caps, brackets and discounts, by month."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from payung.rules.types import Confidence, FunderType
from payung.rules.versions import (
    NO_DISCOUNT,
    DiscountTerms,
    IncomeBracket,
    IncomeBrackets,
    RuleSpec,
    RuleVersion,
    ValueKind,
)

C, S, U = Confidence.CONFIRMED, Confidence.SINGLE_SOURCE, Confidence.UNCERTAIN

# BPJS Ketenagakerjaan (JKK, JKM, JHT, JP under PP 44, 45 and 46 of 2015) runs from July 2015.
PROGRAMMES_START = date(2015, 7, 1)
JKP_START = date(2021, 2, 1)


def jkk_rate_key(risk_class: int) -> str:
    return f"pu.jkk.rate.class{risk_class}"


RISK_CLASS_NAMES = {1: "very low", 2: "low", 3: "medium", 4: "high", 5: "very high"}

CONTRIBUTION_SPECS: tuple[RuleSpec, ...] = (
    RuleSpec("bpu.income_brackets", "BPU income brackets (nominal income basis)", ValueKind.BRACKETS),
    RuleSpec("bpu.jkk.rate", "BPU JKK rate of the income basis", ValueKind.RATE),
    RuleSpec("bpu.jkm.amount", "BPU JKM amount per month", ValueKind.AMOUNT),
    RuleSpec("bpu.jht.rate", "BPU JHT rate of the income basis", ValueKind.RATE),
    RuleSpec("bpu.discount.transportasi", "BPU JKK+JKM discount, transport sector", ValueKind.DISCOUNT),
    RuleSpec("bpu.discount.lainnya", "BPU JKK+JKM discount, other sectors", ValueKind.DISCOUNT),
    *(
        RuleSpec(jkk_rate_key(risk), f"PU JKK rate, risk class {risk} ({name})", ValueKind.RATE)
        for risk, name in RISK_CLASS_NAMES.items()
    ),
    RuleSpec("pu.jkm.rate", "PU JKM rate of wage", ValueKind.RATE),
    RuleSpec("pu.jht.rate.employer", "PU JHT rate, employer share", ValueKind.RATE),
    RuleSpec("pu.jht.rate.worker", "PU JHT rate, worker share", ValueKind.RATE),
    RuleSpec("pu.jp.rate.employer", "PU JP rate, employer share", ValueKind.RATE),
    RuleSpec("pu.jp.rate.worker", "PU JP rate, worker share", ValueKind.RATE),
    RuleSpec("pu.jp.wage_cap", "PU JP wage cap (batas upah tertinggi)", ValueKind.AMOUNT),
    RuleSpec("pu.jkp.rate", "PU JKP rate of wage (total)", ValueKind.RATE),
    RuleSpec("pu.jkp.rate.government", "PU JKP rate paid by the central government", ValueKind.RATE),
    RuleSpec("pu.jkp.wage_cap", "PU JKP wage cap", ValueKind.AMOUNT),
)


def _version(
    rule: str,
    start: date,
    value: object,
    source: str,
    *,
    end: date | None = None,
    confidence: Confidence = C,
    note: str = "",
) -> RuleVersion:
    return RuleVersion(
        rule=rule,
        effective_from=start,
        effective_to=end,
        value=value,  # type: ignore[arg-type]
        source=source,
        confidence=confidence,
        note=note,
    )


_BPU_BRACKETS_NOTE = (
    "PP 44/2015 Lampiran II lists nominal incomes in rows. Confirmed: up to Rp1.099.999 -> basis "
    "Rp1.000.000 [C] (P03, P04, P05, P94); Rp1.100.000-1.299.999 -> basis Rp1.200.000 (JKK Rp12.000) [C] "
    "(bpjsketenagakerjaan.go.id/artikel/18931; metrosulteng.com quoting the BPJS site). Higher rows "
    "were not retrieved (REGULATION.md 1.2, open question 1): Payung continues the same pattern, rows "
    "of Rp200.000 priced at their midpoint (Rp1.300.000-1.499.999 -> Rp1.400.000) [U]. Pemda cohorts "
    "are enrolled at Rp1.000.000, where this doubt does not matter. (P06, P107, F01, F08)"
)

_PP50_NOTE = (
    "50 % off JKK and JKM for BPU workers outside an employment relationship (Pasal 4(1)); "
    "promulgated 2025-12-22; applied automatically; benefits unchanged. Not for BPU paid through "
    "APBN or APBD [C]. Whether APBDes / Dana Desa counts as APBD is unknown [U]: RuleBook setting "
    "apbdes_excluded_from_discount, default False. (P06, P07, P08, P09, P10, F01)"
)

_COVID_NOTE = (
    "PP 49/2020 cut BPU JKK and JKM to 1 % of normal for August 2020 - January 2021 (JKM Rp68) [S] "
    "(P32, P33). Whether government-funded cohorts were excluded was not found; none excluded here. "
    "PP 49/2020 also relieved PU contributions; that part is not modelled."
)


def _discount_chain(rule: str, pp50_start: date, pp50_end: date, sector_text: str) -> list[RuleVersion]:
    normal = "PP 44/2015 jo. PP 82/2019 (tarif normal, tanpa keringanan)"
    after_pp50 = pp50_end + timedelta(days=1)
    return [
        _version(rule, PROGRAMMES_START, NO_DISCOUNT, normal, end=date(2020, 7, 31)),
        _version(
            rule,
            date(2020, 8, 1),
            DiscountTerms(fraction=Decimal("0.99")),
            "PP 49/2020",
            end=date(2021, 1, 31),
            confidence=S,
            note=_COVID_NOTE,
        ),
        _version(rule, date(2021, 2, 1), NO_DISCOUNT, normal, end=pp50_start - timedelta(days=1)),
        _version(
            rule,
            pp50_start,
            DiscountTerms(
                fraction=Decimal("0.5"),
                excluded_funders=frozenset({FunderType.APBN, FunderType.APBD}),
                excludes_apbdes_if_configured=True,
            ),
            "PP 50/2025 Pasal 4(1)",
            end=pp50_end,
            note=f"{sector_text}. {_PP50_NOTE}",
        ),
        _version(
            rule, after_pp50, NO_DISCOUNT, "PP 44/2015 jo. PP 82/2019 (tarif normal setelah PP 50/2025)"
        ),
    ]


_JP_CAP_SOURCE = "PP 45/2015 Pasal 29 jo. surat BPJS Ketenagakerjaan"

# Yearly JP caps from March 2016 to February 2022 (PP 45/2015 Pasal 29(3)-(4): BPJS adjusts the cap
# each March by the previous year's GDP growth). Values as published in payroll tables (REGULATION.md
# 1.3: krishandsoftware.com and payroll code files) [S]; the March 2021 cap is lower than 2020's
# because GDP fell in 2020, and rests on one source [U]. Letter numbers were not found.
_JP_CAPS_2016_2021 = (
    (2016, 7_335_300, S),
    (2017, 7_703_500, S),
    (2018, 8_094_000, S),
    (2019, 8_512_400, S),
    (2020, 8_939_700, S),
    (2021, 8_754_600, U),
)


def _jp_caps_2016_2021() -> list[RuleVersion]:
    return [
        _version(
            "pu.jp.wage_cap",
            date(year, 3, 1),
            cap,
            f"{_JP_CAP_SOURCE} (batas upah {year})",
            end=date(year + 1, 3, 1) - timedelta(days=1),
            confidence=confidence,
            note=(
                "Published in payroll tables; letter number not found (REGULATION.md 1.3)."
                if confidence == S
                else "One source; lower than 2020 because GDP fell in 2020 (REGULATION.md 1.3)."
            ),
        )
        for year, cap, confidence in _JP_CAPS_2016_2021
    ]


CONTRIBUTION_VERSIONS: tuple[RuleVersion, ...] = (
    # --- BPU (Bukan Penerima Upah) ---
    _version(
        "bpu.income_brackets",
        PROGRAMMES_START,
        IncomeBrackets(
            brackets=(
                IncomeBracket(up_to=1_099_999, basis=1_000_000, confidence=C),
                IncomeBracket(up_to=1_299_999, basis=1_200_000, confidence=C),
            ),
            step=200_000,
            step_confidence=U,
        ),
        "PP 44/2015 Lampiran II jo. PP 49/2023",
        confidence=U,
        note=_BPU_BRACKETS_NOTE,
    ),
    _version(
        "bpu.jkk.rate",
        PROGRAMMES_START,
        Decimal("0.01"),
        "PP 44/2015 jo. PP 49/2023",
        note="1 % of the nominal income basis (Lampiran II). (P01, P06, P107, F01)",
    ),
    _version(
        "bpu.jkm.amount",
        PROGRAMMES_START,
        6_800,
        "PP 44/2015 jo. PP 49/2023",
        note="Flat Rp6.800 per month. (P04, P09, P107, P02, F01)",
    ),
    _version(
        "bpu.jht.rate",
        PROGRAMMES_START,
        Decimal("0.02"),
        "PP 46/2015 jo. PP 60/2015; Permenaker 5/2021",
        note="Optional for BPU; 2 % of the income basis (Rp20.000 at Rp1.000.000). (P107, F01, P04)",
    ),
    *_discount_chain(
        "bpu.discount.transportasi",
        date(2026, 1, 1),
        date(2027, 3, 31),
        "Transport sector (ojol, ojek pangkalan, drivers, couriers): January 2026 - March 2027",
    ),
    *_discount_chain(
        "bpu.discount.lainnya",
        date(2026, 4, 1),
        date(2026, 12, 31),
        "Other sectors: April - December 2026",
    ),
    # --- PU (Penerima Upah) ---
    *(
        _version(
            jkk_rate_key(risk),
            PROGRAMMES_START,
            rate,
            "PP 44/2015 Pasal 16(1)",
            note=f"Risk group {RISK_CLASS_NAMES[risk]}; paid by the employer. (P01, F02, G06, F01)",
        )
        for risk, rate in {
            1: Decimal("0.0024"),
            2: Decimal("0.0054"),
            3: Decimal("0.0089"),
            4: Decimal("0.0127"),
            5: Decimal("0.0174"),
        }.items()
    ),
    _version(
        "pu.jkm.rate",
        PROGRAMMES_START,
        Decimal("0.003"),
        "PP 44/2015",
        note="0,30 % of the monthly wage, employer. (P02, F02, G06)",
    ),
    _version(
        "pu.jht.rate.employer",
        PROGRAMMES_START,
        Decimal("0.037"),
        "PP 46/2015 jo. PP 60/2015",
        note="No wage cap. (F02, G06, F01)",
    ),
    _version(
        "pu.jht.rate.worker",
        PROGRAMMES_START,
        Decimal("0.02"),
        "PP 46/2015 jo. PP 60/2015",
        note="No wage cap. (F02, G06, F01)",
    ),
    _version("pu.jp.rate.employer", PROGRAMMES_START, Decimal("0.02"), "PP 45/2015", note="(F02, G06)"),
    _version("pu.jp.rate.worker", PROGRAMMES_START, Decimal("0.01"), "PP 45/2015", note="(F02, G06)"),
    _version(
        "pu.jp.wage_cap",
        PROGRAMMES_START,
        7_000_000,
        "PP 45/2015 Pasal 29(2)",
        end=date(2016, 2, 29),
        confidence=S,
        note="Base cap of 2015 (F02); from March 2016 BPJS raises it every year by the GDP growth.",
    ),
    *_jp_caps_2016_2021(),
    _version(
        "pu.jp.wage_cap",
        date(2022, 3, 1),
        9_077_600,
        _JP_CAP_SOURCE,
        end=date(2023, 2, 28),
        confidence=S,
        note="Value [S] (F02); the March 2022 start is inferred from the yearly pattern.",
    ),
    _version(
        "pu.jp.wage_cap",
        date(2023, 3, 1),
        9_559_600,
        f"{_JP_CAP_SOURCE} B/77/022023",
        end=date(2024, 2, 29),
        note="(F02, F06)",
    ),
    _version(
        "pu.jp.wage_cap",
        date(2024, 3, 1),
        10_042_300,
        f"{_JP_CAP_SOURCE} B/1387/022024",
        end=date(2025, 2, 28),
        note="(F02, F06, G06)",
    ),
    _version(
        "pu.jp.wage_cap",
        date(2025, 3, 1),
        10_547_400,
        f"{_JP_CAP_SOURCE} B/726/022025",
        end=date(2026, 2, 28),
        note="(F02, F06, F03, F04). One catalogue (P110) wrongly calls this the 2026 cap.",
    ),
    _version(
        "pu.jp.wage_cap",
        date(2026, 3, 1),
        11_086_300,
        f"{_JP_CAP_SOURCE} B/1226/022026",
        note=(
            "Value [C] (F02, F03, F04, F05, F06). Letter dated 2026-02-25; one source writes "
            "B/3307/022026, so the letter number is [U] (F07)."
        ),
    ),
    _version(
        "pu.jkp.rate",
        JKP_START,
        Decimal("0.0046"),
        "PP 37/2021",
        end=date(2025, 1, 31),
        note=(
            "0,46 % of wage, no extra charge to employer or worker [C] (P24, P25, P26). The first "
            "contribution month (February 2021, when PP 37/2021 was promulgated) is assumed [U]."
        ),
    ),
    _version(
        "pu.jkp.rate",
        date(2025, 2, 1),
        Decimal("0.0036"),
        "PP 6/2025",
        note=(
            "0,36 % = 0,22 % central government + 0,14 % recomposed from the employer's JKK "
            "(P24, P25, P26; split F03, F01). PP 6/2025 is in force from 2025-02-07; Payung applies "
            "it from the February 2025 contribution month [U]."
        ),
    ),
    _version(
        "pu.jkp.rate.government",
        JKP_START,
        Decimal("0.0022"),
        "PP 37/2021",
        end=date(2025, 1, 31),
        confidence=U,
        note="The split of the 0,46 % under PP 37/2021 was not found; 0,22 % assumed as under PP 6/2025.",
    ),
    _version(
        "pu.jkp.rate.government",
        date(2025, 2, 1),
        Decimal("0.0022"),
        "PP 6/2025",
        confidence=S,
        note="(F03, F01)",
    ),
    _version(
        "pu.jkp.wage_cap",
        JKP_START,
        5_000_000,
        "PP 37/2021",
        end=date(2025, 1, 31),
        confidence=U,
        note="Rp5.000.000 is confirmed for PP 6/2025; for PP 37/2021 it was not verified.",
    ),
    _version(
        "pu.jkp.wage_cap",
        date(2025, 2, 1),
        5_000_000,
        "PP 6/2025",
        note="(P25, F01)",
    ),
)
