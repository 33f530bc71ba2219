"""contribution(): the monthly iuran of one worker, per programme, with its legal source."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from payung.rules.data.contributions import jkk_rate_key
from payung.rules.money import apply_rate, round_rupiah
from payung.rules.types import (
    Confidence,
    FunderType,
    InvalidInput,
    Month,
    NotAvailable,
    Programme,
    Remark,
    Sector,
    Segment,
    weakest,
)
from payung.rules.versions import Citation, DiscountTerms, IncomeBrackets, RuleBook, RuleVersion

PROGRAMME_ORDER = (Programme.JKK, Programme.JKM, Programme.JHT, Programme.JP, Programme.JKP)
BPU_PROGRAMMES = frozenset({Programme.JKK, Programme.JKM, Programme.JHT})


@dataclass(frozen=True, slots=True)
class ContributionLine:
    """One programme's contribution for one worker and one month.

    `amount` is what the paying side pays after any discount: employer + worker for PU, the
    funder (or the worker themselves) for BPU. JKP costs the paying side nothing (the central
    government pays its share and the rest is recomposed from JKK), so its `amount` is 0 and
    the government's part is in `government_amount`.
    """

    programme: Programme
    amount: int
    basis: int | None  # Rupiah the rate applies to; None for a flat amount
    rate: Decimal | None  # fraction; None for a flat amount
    normal_amount: int  # before discount
    discount: int  # Rupiah taken off
    discount_rate: Decimal  # fraction taken off (0 when none)
    employer_amount: int
    worker_amount: int
    government_amount: int
    source: str
    confidence: Confidence
    note: str = ""  # internal doubts of the rule versions used (English, for logs and docs)
    # Every rule version that priced this line (rate, amount, bracket, cap, discount), in order.
    citations: tuple[Citation, ...] = ()
    remarks: tuple[Remark, ...] = ()  # what a screen says about the line, in the reader's language

    @property
    def rule_source(self) -> str:
        """The regulations that priced this line, e.g. for BillLine.rule_source."""
        return self.source


@dataclass(frozen=True, slots=True)
class ContributionBreakdown:
    segment: Segment
    month: Month
    income: int
    funder_type: FunderType
    sector: Sector
    risk_class: int | None
    lines: tuple[ContributionLine, ...]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def employer_total(self) -> int:
        return sum(line.employer_amount for line in self.lines)

    @property
    def worker_total(self) -> int:
        return sum(line.worker_amount for line in self.lines)

    @property
    def discount_total(self) -> int:
        return sum(line.discount for line in self.lines)

    @property
    def confidence(self) -> Confidence:
        return weakest(*(line.confidence for line in self.lines))

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every rule version that priced this month's lines, once each."""
        seen: dict[tuple[str, object], Citation] = {}
        for line in self.lines:
            for citation in line.citations:
                seen.setdefault((citation.rule, citation.effective_from), citation)
        return tuple(seen.values())

    def line(self, programme: Programme) -> ContributionLine:
        for line in self.lines:
            if line.programme == programme:
                return line
        raise KeyError(programme)


def _sources(*versions: RuleVersion) -> str:
    seen: list[str] = []
    for version in versions:
        if version.source not in seen:
            seen.append(version.source)
    return "; ".join(seen)


def _citations(*versions: RuleVersion) -> tuple[Citation, ...]:
    return tuple(Citation.of(version) for version in versions)


def _notes(*versions: RuleVersion) -> str:
    return " ".join(version.note for version in versions if version.confidence != Confidence.CONFIRMED)


def _ordered(programmes: Iterable[Programme]) -> tuple[Programme, ...]:
    wanted = {Programme(programme) for programme in programmes}
    if not wanted:
        raise InvalidInput("choose at least one programme", code="no_programme")
    return tuple(programme for programme in PROGRAMME_ORDER if programme in wanted)


def _check_whole_rupiah(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{name} must be a whole number of Rupiah, not {value!r}")
    if value < 1:
        raise InvalidInput(f"{name} must be at least Rp1, not {value}")


def discount_applies(*, terms: DiscountTerms, funder_type: FunderType, rulebook: RuleBook) -> bool:
    """Whether a discount reaches a participant paid by `funder_type`."""
    if terms.fraction == 0 or funder_type in terms.excluded_funders:
        return False
    return not (
        funder_type == FunderType.APBDES
        and terms.excludes_apbdes_if_configured
        and rulebook.apbdes_excluded_from_discount
    )


def _bpu_lines(
    *,
    programmes: tuple[Programme, ...],
    income: int,
    month: Month,
    funder_type: FunderType,
    sector: Sector,
    rulebook: RuleBook,
) -> list[ContributionLine]:
    for programme in programmes:
        if programme not in BPU_PROGRAMMES:
            raise NotAvailable(
                f"{programme} is not available to BPU (non-wage) participants; "
                "BPU can have JKK, JKM and JHT only",
                code="programme_not_for_bpu",
                programme=programme.value,
            )
    day = month.first_day
    brackets_version = rulebook.version_at("bpu.income_brackets", day)
    assert isinstance(brackets_version.value, IncomeBrackets)
    basis, row_confidence = brackets_version.value.row_for(income)
    # The table's doubt only matters for the rows that are not confirmed (the Rp1.000.000 and
    # Rp1.200.000 rows are); a confirmed row prices with the table's source but no doubt.
    basis_doubtful = row_confidence != Confidence.CONFIRMED
    discount_version = rulebook.version_at(f"bpu.discount.{sector.value}", day)
    terms = discount_version.value
    assert isinstance(terms, DiscountTerms)
    discounted = discount_applies(terms=terms, funder_type=funder_type, rulebook=rulebook)
    remarks: list[Remark] = []
    # Whether village money (APBDes / Dana Desa) counts as APBD for the exclusion is unknown
    # (REGULATION.md 1.2.1): the line says so and is uncertain, whichever way the setting goes.
    apbdes_doubt = bool(
        terms.fraction and funder_type == FunderType.APBDES and terms.excludes_apbdes_if_configured
    )
    if apbdes_doubt:
        code = "apbdes_discount_unknown" if discounted else "apbdes_excluded_by_setting"
        remarks.append(Remark(code, {"source": discount_version.source}))
    elif terms.fraction and not discounted:
        remarks.append(
            Remark("discount_not_for_funder", {"source": discount_version.source, "funder": funder_type})
        )

    lines = []
    for programme in programmes:
        if programme == Programme.JKM:
            version = rulebook.version_at("bpu.jkm.amount", day)
            assert isinstance(version.value, int)
            normal, rate, line_basis = version.value, None, None
        else:
            key = "bpu.jkk.rate" if programme == Programme.JKK else "bpu.jht.rate"
            version = rulebook.version_at(key, day)
            assert isinstance(version.value, Decimal)
            normal, rate, line_basis = apply_rate(basis, version.value), version.value, basis
        used = [version, brackets_version] if rate is not None else [version]
        confidences = [version.confidence]
        if rate is not None:
            confidences.append(row_confidence)
        discount, discount_rate, line_remarks = 0, Decimal(0), []
        if programme in (Programme.JKK, Programme.JKM):
            if discounted:
                # The normal iuran is a whole-Rupiah amount; the discount is rounded on its own.
                discount, discount_rate = round_rupiah(normal * terms.fraction), terms.fraction
                used.append(discount_version)
                confidences.append(discount_version.confidence)
            line_remarks = list(remarks)
            if apbdes_doubt:
                if not discounted:
                    used.append(discount_version)  # its exclusion, by setting, priced the line
                confidences.append(Confidence.UNCERTAIN)
        amount = normal - discount
        doubtful = [item for item in used if item is not brackets_version or basis_doubtful]
        lines.append(
            ContributionLine(
                programme=programme,
                amount=amount,
                basis=line_basis,
                rate=rate,
                normal_amount=normal,
                discount=discount,
                discount_rate=discount_rate,
                employer_amount=0,
                worker_amount=amount,
                government_amount=0,
                source=_sources(*used),
                confidence=weakest(*confidences),
                note=_notes(*doubtful),
                # The table's citation carries the confidence of the row that priced the line.
                citations=tuple(
                    replace(citation, confidence=row_confidence)
                    if citation.rule == "bpu.income_brackets"
                    else citation
                    for citation in _citations(*used)
                ),
                remarks=tuple(line_remarks),
            )
        )
    return lines


def _pu_lines(
    *,
    programmes: tuple[Programme, ...],
    wage: int,
    month: Month,
    risk_class: int | None,
    rulebook: RuleBook,
) -> list[ContributionLine]:
    day = month.first_day

    def shared_line(
        programme: Programme,
        employer: RuleVersion,
        worker: RuleVersion | None,
        basis: int,
        extra: tuple[RuleVersion, ...] = (),
    ) -> ContributionLine:
        assert isinstance(employer.value, Decimal)
        employer_amount = apply_rate(basis, employer.value)
        rate = employer.value
        worker_amount = 0
        if worker is not None:
            assert isinstance(worker.value, Decimal)
            worker_amount = apply_rate(basis, worker.value)
            rate += worker.value
        used = (employer, *((worker,) if worker else ()), *extra)
        amount = employer_amount + worker_amount
        return ContributionLine(
            programme=programme,
            amount=amount,
            basis=basis,
            rate=rate,
            normal_amount=amount,
            discount=0,
            discount_rate=Decimal(0),
            employer_amount=employer_amount,
            worker_amount=worker_amount,
            government_amount=0,
            source=_sources(*used),
            confidence=weakest(*(item.confidence for item in used)),
            note=_notes(*used),
            citations=_citations(*used),
        )

    lines = []
    for programme in programmes:
        if programme == Programme.JKK:
            if risk_class is None or isinstance(risk_class, bool) or risk_class not in range(1, 6):
                raise InvalidInput(
                    f"JKK for PU needs a risk class from 1 to 5, not {risk_class!r}", code="risk_class_needed"
                )
            lines.append(
                shared_line(programme, rulebook.version_at(jkk_rate_key(risk_class), day), None, wage)
            )
        elif programme == Programme.JKM:
            lines.append(shared_line(programme, rulebook.version_at("pu.jkm.rate", day), None, wage))
        elif programme == Programme.JHT:
            lines.append(
                shared_line(
                    programme,
                    rulebook.version_at("pu.jht.rate.employer", day),
                    rulebook.version_at("pu.jht.rate.worker", day),
                    wage,
                )
            )
        elif programme == Programme.JP:
            cap = rulebook.version_at("pu.jp.wage_cap", day)
            assert isinstance(cap.value, int)
            lines.append(
                shared_line(
                    programme,
                    rulebook.version_at("pu.jp.rate.employer", day),
                    rulebook.version_at("pu.jp.rate.worker", day),
                    min(wage, cap.value),
                    (cap,),
                )
            )
        else:
            lines.append(_jkp_line(wage=wage, month=month, rulebook=rulebook))
    return lines


def _jkp_line(*, wage: int, month: Month, rulebook: RuleBook) -> ContributionLine:
    day = month.first_day
    rate = rulebook.version_at("pu.jkp.rate", day)
    government = rulebook.version_at("pu.jkp.rate.government", day)
    cap = rulebook.version_at("pu.jkp.wage_cap", day)
    assert isinstance(rate.value, Decimal)
    assert isinstance(government.value, Decimal)
    assert isinstance(cap.value, int)
    basis = min(wage, cap.value)
    used = (rate, government, cap)
    recomposed = apply_rate(basis, rate.value - government.value)
    return ContributionLine(
        programme=Programme.JKP,
        amount=0,
        basis=basis,
        rate=rate.value,
        normal_amount=0,
        discount=0,
        discount_rate=Decimal(0),
        employer_amount=0,
        worker_amount=0,
        government_amount=apply_rate(basis, government.value),
        source=_sources(*used),
        confidence=weakest(*(item.confidence for item in used)),
        note=_notes(*used),
        citations=_citations(*used),
        # No charge to employer or worker: the government pays its share, the rest is recomposed.
        remarks=(Remark("jkp_no_charge", {"recomposed": recomposed}),),
    )


def contribution(
    *,
    segment: Segment,
    programmes: Iterable[Programme],
    income: int,
    month: Month,
    funder_type: FunderType = FunderType.MANDIRI,
    sector: Sector = Sector.LAINNYA,
    risk_class: int | None = None,
    rulebook: RuleBook | None = None,
) -> ContributionBreakdown:
    """The contribution of one worker for one month, per programme.

    `income` is the declared monthly income (BPU) or the monthly wage (PU), in whole Rupiah.
    `funder_type` and `sector` matter for BPU discounts; `risk_class` (1-5) for PU JKK.
    """
    from payung.rules.catalogue import default_rulebook

    book = rulebook if rulebook is not None else default_rulebook()
    segment = Segment(segment)
    funder_type = FunderType(funder_type)
    sector = Sector(sector)
    if not isinstance(month, Month):
        raise InvalidInput(f"month must be a Month, not {month!r}")
    _check_whole_rupiah("income" if segment == Segment.BPU else "wage", income)
    ordered = _ordered(programmes)
    if segment == Segment.BPU:
        lines = _bpu_lines(
            programmes=ordered,
            income=income,
            month=month,
            funder_type=funder_type,
            sector=sector,
            rulebook=book,
        )
    else:
        lines = _pu_lines(programmes=ordered, wage=income, month=month, risk_class=risk_class, rulebook=book)
    return ContributionBreakdown(
        segment=segment,
        month=month,
        income=income,
        funder_type=funder_type,
        sector=sector,
        risk_class=risk_class,
        lines=tuple(lines),
    )
