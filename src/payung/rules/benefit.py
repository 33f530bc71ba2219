"""benefit(): what BPJS Ketenagakerjaan pays on a claim, per component, with its legal source."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from payung.rules.money import round_rupiah, rupiah_text
from payung.rules.types import Confidence, InvalidInput, NotAvailable, Remark, add_months, weakest
from payung.rules.versions import (
    Citation,
    IncapacityStep,
    RuleBook,
    RuleVersion,
    ScholarshipTable,
    SchoolLevel,
)


class BenefitKind(StrEnum):
    JKM_DEATH = "jkm_death"  # death not caused by work
    JKK_DEATH = "jkk_death"  # death from a work accident or occupational disease
    JKK_TOTAL_DISABILITY = "jkk_total_disability"
    JKK_PARTIAL_DISABILITY = "jkk_partial_disability"
    JKK_TEMPORARY_INCAPACITY = "jkk_temporary_incapacity"  # STMB
    SCHOLARSHIP = "scholarship"
    JHT_PAYOUT = "jht_payout"


class JhtReason(StrEnum):
    PENSION_AGE = "pension_age"
    STOPPED_WORKING = "stopped_working"  # resignation, PHK, end of PKWT, a BPU who stops working
    DEATH = "death"
    TOTAL_DISABILITY = "total_disability"
    LEFT_INDONESIA = "left_indonesia"
    PARTIAL_HOUSING = "partial_housing"
    PARTIAL_RETIREMENT = "partial_retirement"


@dataclass(frozen=True, slots=True)
class BenefitLine:
    component: str  # machine name, e.g. "lump_sum", "scholarship_child_1"
    amount: int
    basis: int | None  # the wage or balance a factor applies to
    factor: Decimal | None  # months of wage, or share of the balance
    source: str
    confidence: Confidence
    note: str = ""  # English, for the CLI and logs; screens show `remarks`
    remarks: tuple[Remark, ...] = ()
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class BenefitResult:
    kind: BenefitKind
    event_date: date
    lines: tuple[BenefitLine, ...]
    payable_from: date | None = None

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def confidence(self) -> Confidence:
        return weakest(*(line.confidence for line in self.lines))


def _line(
    component: str,
    amount: int,
    version: RuleVersion,
    *,
    basis: int | None = None,
    factor: Decimal | None = None,
    note: str = "",
    remark: Remark | None = None,
) -> BenefitLine:
    doubt = version.note if version.confidence != Confidence.CONFIRMED else ""
    return BenefitLine(
        component=component,
        amount=amount,
        basis=basis,
        factor=factor,
        source=version.source,
        confidence=version.confidence,
        note=" ".join(part for part in (note, doubt) if part),
        remarks=(remark,) if remark else (),
        citations=(Citation.of(version),),
    )


def _amount(book: RuleBook, rule: str, day: date) -> tuple[int, RuleVersion]:
    version = book.version_at(rule, day)
    assert isinstance(version.value, int)
    return version.value, version


def _decimal(book: RuleBook, rule: str, day: date) -> tuple[Decimal, RuleVersion]:
    version = book.version_at(rule, day)
    assert isinstance(version.value, Decimal)
    return version.value, version


def _require_wage(wage: int | None) -> int:
    if wage is None:
        raise InvalidInput(
            "this benefit needs the monthly wage (for BPU the declared income)", code="wage_needed"
        )
    if isinstance(wage, bool) or not isinstance(wage, int) or wage < 1:
        raise InvalidInput(f"the wage must be whole Rupiah, at least Rp1, not {wage!r}")
    return wage


def _require_months(name: str, value: int | None) -> int:
    if value is None or isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInput(
            f"{name} must be a whole number of months, 0 or more, not {value!r}",
            code=f"{name.split()[0]}_needed",
        )
    return value


def _scholarship_lines(
    *,
    book: RuleBook,
    day: date,
    children: Sequence[SchoolLevel],
    contribution_months: int | None,
    work_accident: bool,
) -> list[BenefitLine]:
    """Scholarships of the children. `work_accident`: a JKK scholarship (death or total disability
    from a work accident), which has no masa iur condition; the JKM scholarship (death not from
    work) needs at least `min_contribution_months` (PP 82/2019)."""
    if not children:
        return []
    version = book.version_at("scholarship.table", day)
    table = version.value
    assert isinstance(table, ScholarshipTable)
    months = None if work_accident else _require_months("contribution_months (masa iur)", contribution_months)
    if months is not None and months < table.min_contribution_months:
        return [
            _line(
                "scholarship",
                0,
                version,
                note=f"Not eligible: masa iur {months} months, at least {table.min_contribution_months} needed.",
                remark=Remark(
                    "scholarship_masa_iur", {"months": months, "minimum": table.min_contribution_months}
                ),
            )
        ]
    lines = []
    for number, level in enumerate(children, start=1):
        level = SchoolLevel(level)
        if number > table.max_children:
            lines.append(
                _line(
                    f"scholarship_child_{number}",
                    0,
                    version,
                    note=f"At most {table.max_children} children receive a scholarship.",
                    remark=Remark("scholarship_max_children", {"children": table.max_children}),
                )
            )
            continue
        if table.one_off_amount is not None:
            lines.append(
                _line(
                    f"scholarship_child_{number}",
                    table.one_off_amount,
                    version,
                    note="One payment.",
                    remark=Remark("scholarship_one_payment"),
                )
            )
            continue
        row = table.level(level)
        lines.append(
            _line(
                f"scholarship_child_{number}",
                row.yearly_amount,
                version,
                note=(
                    f"{level}: {rupiah_text(row.yearly_amount)} a year for at most {row.max_years} years; "
                    f"up to {rupiah_text(table.remaining_from(level))} through university "
                    f"({rupiah_text(table.max_per_child)} per child at most)."
                ),
                remark=Remark(
                    "scholarship_level",
                    {
                        "level": level.value,
                        "yearly": row.yearly_amount,
                        "years": row.max_years,
                        "remaining": table.remaining_from(level),
                        "per_child": table.max_per_child,
                    },
                ),
            )
        )
    return lines


def _incapacity_lines(*, book: RuleBook, day: date, wage: int, months: int) -> list[BenefitLine]:
    version = book.version_at("jkk.incapacity_schedule", day)
    schedule = version.value
    assert isinstance(schedule, tuple)
    lines = []
    remaining = months
    for step in schedule:
        assert isinstance(step, IncapacityStep)
        if remaining <= 0:
            break
        in_step = remaining if step.months is None else min(remaining, step.months)
        remaining -= in_step
        factor = step.share * in_step
        lines.append(
            _line(
                f"incapacity_{int(step.share * 100)}pct",
                round_rupiah(wage * factor),
                version,
                basis=wage,
                factor=factor,
                note=f"{in_step} months at {int(step.share * 100)} % of the wage.",
                remark=Remark("incapacity_months", {"months": in_step, "percent": int(step.share * 100)}),
            )
        )
    return lines


def _jht_payout(
    *, book: RuleBook, day: date, balance: int | None, reason: JhtReason | None, membership_months: int | None
) -> BenefitResult:
    if balance is None or isinstance(balance, bool) or not isinstance(balance, int) or balance < 0:
        raise InvalidInput(
            f"the JHT balance must be whole Rupiah, 0 or more, not {balance!r}", code="jht_balance_needed"
        )
    if reason is None:
        raise InvalidInput("a JHT payout needs a reason: " + ", ".join(JhtReason), code="jht_reason_needed")
    reason = JhtReason(reason)
    if reason in (JhtReason.PARTIAL_HOUSING, JhtReason.PARTIAL_RETIREMENT):
        months = _require_months("contribution_months (membership)", membership_months)
        minimum, minimum_version = _amount(book, "jht.partial.min_membership_months", day)
        if months < minimum:
            raise NotAvailable(
                f"a partial JHT withdrawal needs at least {minimum} months of membership, not {months}",
                code="jht_partial_membership",
                minimum=minimum,
                months=months,
            )
        rule = (
            "jht.partial.housing_share"
            if reason == JhtReason.PARTIAL_HOUSING
            else "jht.partial.retirement_share"
        )
        share, version = _decimal(book, rule, day)
        line = _line(
            reason.value,
            round_rupiah(balance * share),
            version,
            basis=balance,
            factor=share,
            note=f"At most this share, once; membership at least {minimum} months ({minimum_version.source}).",
            remark=Remark("jht_partial", {"minimum": minimum, "source": minimum_version.source}),
        )
        return BenefitResult(kind=BenefitKind.JHT_PAYOUT, event_date=day, lines=(line,), payable_from=day)
    waiting, version = _amount(book, "jht.waiting_months", day)
    payable_from = day
    note = "The whole balance, in one payment."
    remark = Remark("jht_whole_balance")
    if reason == JhtReason.STOPPED_WORKING:
        payable_from = add_months(day, waiting)
        note += f" Paid after a waiting period of {waiting} month(s)."
        remark = Remark("jht_after_waiting", {"months": waiting})
    line = _line(reason.value, balance, version, basis=balance, factor=Decimal(1), note=note, remark=remark)
    return BenefitResult(
        kind=BenefitKind.JHT_PAYOUT, event_date=day, lines=(line,), payable_from=payable_from
    )


def benefit(
    *,
    kind: BenefitKind,
    event_date: date,
    wage: int | None = None,
    contribution_months: int | None = None,
    children: Sequence[SchoolLevel] = (),
    incapacity_months: int | None = None,
    disability_percent: Decimal | None = None,
    jht_balance: int | None = None,
    jht_reason: JhtReason | None = None,
    rulebook: RuleBook | None = None,
) -> BenefitResult:
    """The benefit the rules in force on `event_date` give.

    `wage`: monthly wage, or for BPU the declared income (JKK benefits).
    `contribution_months`: masa iur (scholarships, partial JHT).
    `children`: the current school level of each child, eldest first (scholarships).
    `incapacity_months`: months unable to work (temporary incapacity).
    `disability_percent`: the table percentage, 0-100 (partial disability).
    `jht_balance`, `jht_reason`: for a JHT payout.
    """
    from payung.rules.catalogue import default_rulebook

    book = rulebook if rulebook is not None else default_rulebook()
    kind = BenefitKind(kind)
    day = event_date
    if not isinstance(day, date):
        raise InvalidInput(f"event_date must be a date, not {day!r}")
    lines: list[BenefitLine] = []
    if kind == BenefitKind.JKM_DEATH:
        for component, rule in (
            ("lump_sum", "jkm.lump_sum"),
            ("periodic", "jkm.periodic"),
            ("funeral", "jkm.funeral"),
        ):
            amount, version = _amount(book, rule, day)
            lines.append(_line(component, amount, version))
        lines += _scholarship_lines(
            book=book,
            day=day,
            children=children,
            contribution_months=contribution_months,
            work_accident=False,
        )
    elif kind == BenefitKind.JKK_DEATH:
        wage = _require_wage(wage)
        multiplier, version = _decimal(book, "jkk.death.multiplier", day)
        minimum, minimum_version = _amount(book, "jkk.death.minimum", day)
        computed = round_rupiah(wage * multiplier)
        if computed < minimum:
            lines.append(
                _line(
                    "death",
                    minimum,
                    minimum_version,
                    basis=wage,
                    factor=multiplier,
                    note=f"{multiplier} x wage = {rupiah_text(computed)} is below the minimum.",
                    remark=Remark("jkk_death_minimum", {"multiplier": multiplier, "computed": computed}),
                )
            )
        else:
            lines.append(_line("death", computed, version, basis=wage, factor=multiplier))
        for component, rule in (("funeral", "jkk.funeral"), ("periodic", "jkk.periodic")):
            amount, version = _amount(book, rule, day)
            lines.append(_line(component, amount, version))
        lines += _scholarship_lines(
            book=book, day=day, children=children, contribution_months=contribution_months, work_accident=True
        )
    elif kind == BenefitKind.JKK_TOTAL_DISABILITY:
        wage = _require_wage(wage)
        multiplier, version = _decimal(book, "jkk.total_disability.multiplier", day)
        lines.append(
            _line("total_disability", round_rupiah(wage * multiplier), version, basis=wage, factor=multiplier)
        )
        amount, version = _amount(book, "jkk.periodic", day)
        lines.append(_line("periodic", amount, version))
        lines += _scholarship_lines(
            book=book, day=day, children=children, contribution_months=contribution_months, work_accident=True
        )
    elif kind == BenefitKind.JKK_PARTIAL_DISABILITY:
        wage = _require_wage(wage)
        if disability_percent is None or not Decimal(0) < Decimal(disability_percent) <= Decimal(100):
            raise InvalidInput(
                f"disability_percent must be above 0 and at most 100, not {disability_percent!r}",
                code="disability_percent_needed",
            )
        multiplier, version = _decimal(book, "jkk.partial_disability.multiplier", day)
        factor = Decimal(disability_percent) / 100 * multiplier
        lines.append(
            _line("partial_disability", round_rupiah(wage * factor), version, basis=wage, factor=factor)
        )
    elif kind == BenefitKind.JKK_TEMPORARY_INCAPACITY:
        wage = _require_wage(wage)
        months = _require_months("incapacity_months", incapacity_months)
        lines += _incapacity_lines(book=book, day=day, wage=wage, months=months)
    elif kind == BenefitKind.SCHOLARSHIP:
        if not children:
            raise InvalidInput(
                "a scholarship needs the school level of at least one child", code="children_needed"
            )
        # The stand-alone scholarship is the JKM one; JKK scholarships come with jkk_death and
        # jkk_total_disability.
        lines += _scholarship_lines(
            book=book,
            day=day,
            children=children,
            contribution_months=contribution_months,
            work_accident=False,
        )
    else:
        return _jht_payout(
            book=book, day=day, balance=jht_balance, reason=jht_reason, membership_months=contribution_months
        )
    return BenefitResult(kind=kind, event_date=day, lines=tuple(lines))
