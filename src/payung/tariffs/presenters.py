"""Turning engine results into JSON (commands) and display text (screens)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from payung.rules import BenefitResult, ContributionBreakdown, CostPlan, RuleSpec, RuleVersion, ValueKind
from payung.rules.money import percent, rupiah_text
from payung.rules.versions import DiscountTerms, IncapacityStep, IncomeBrackets, ScholarshipTable


def _decimal_text(value: Decimal | None) -> str | None:
    # Strings, not floats: a JSON reader gets the exact rate.
    return None if value is None else format(value.normalize(), "f")


def contribution_json(breakdown: ContributionBreakdown) -> dict:
    return {
        "segment": breakdown.segment.value,
        "month": str(breakdown.month),
        "income": breakdown.income,
        "funder_type": breakdown.funder_type.value,
        "sector": breakdown.sector.value,
        "risk_class": breakdown.risk_class,
        "workers": 1,
        "months": 1,
        "total": breakdown.total,
        "discount_total": breakdown.discount_total,
        "employer_total": breakdown.employer_total,
        "worker_total": breakdown.worker_total,
        "confidence": breakdown.confidence.value,
        "lines": [
            {
                "programme": line.programme.value,
                "amount": line.amount,
                "rate": _decimal_text(line.rate),
                "basis": line.basis,
                "discount": line.discount,
                "discount_rate": _decimal_text(line.discount_rate),
                "normal_amount": line.normal_amount,
                "employer_amount": line.employer_amount,
                "worker_amount": line.worker_amount,
                "government_amount": line.government_amount,
                "source": line.source,
                "confidence": line.confidence.value,
                "note": line.note,
            }
            for line in breakdown.lines
        ],
    }


def plan_json(plan: CostPlan) -> dict:
    """All workers over all months: lines are summed per programme; rate and basis are the first month's."""
    first = contribution_json(plan.months[0].breakdown)
    lines = {line["programme"]: dict(line) for line in first["lines"]}
    for line in lines.values():
        for key in (
            "amount",
            "discount",
            "normal_amount",
            "employer_amount",
            "worker_amount",
            "government_amount",
        ):
            line[key] = 0
    for month in plan.months:
        for item in month.breakdown.lines:
            line = lines[item.programme.value]
            line["amount"] += item.amount * plan.workers
            line["discount"] += item.discount * plan.workers
            line["normal_amount"] += item.normal_amount * plan.workers
            line["employer_amount"] += item.employer_amount * plan.workers
            line["worker_amount"] += item.worker_amount * plan.workers
            line["government_amount"] += item.government_amount * plan.workers
            for source in item.source.split("; "):
                if source not in line["source"].split("; "):
                    line["source"] += f"; {source}"
    confidences = {line.confidence.value for month in plan.months for line in month.breakdown.lines}
    return {
        **first,
        "workers": plan.workers,
        "months": len(plan.months),
        "total": plan.total,
        "discount_total": plan.discount_total,
        "employer_total": sum(line["employer_amount"] for line in lines.values()),
        "worker_total": sum(line["worker_amount"] for line in lines.values()),
        "confidence": "U" if "U" in confidences else "S" if "S" in confidences else "C",
        "lines": list(lines.values()),
        "per_month": [
            {"month": str(month.month), "per_worker": month.per_worker, "total": month.total}
            for month in plan.months
        ],
    }


def benefit_json(result: BenefitResult) -> dict:
    return {
        "kind": result.kind.value,
        "event_date": result.event_date.isoformat(),
        "payable_from": result.payable_from.isoformat() if result.payable_from else None,
        "total": result.total,
        "confidence": result.confidence.value,
        "lines": [
            {
                "component": line.component,
                "amount": line.amount,
                "basis": line.basis,
                "factor": _decimal_text(line.factor),
                "source": line.source,
                "confidence": line.confidence.value,
                "note": line.note,
            }
            for line in result.lines
        ],
    }


def rate_text(rate: Decimal | None) -> str:
    return "" if rate is None else f"{percent(rate).replace('.', ',')} %"


def value_text(spec: RuleSpec, version: RuleVersion) -> str:
    """A rule value as an officer reads it, in Indonesian."""
    value = version.value
    if spec.kind == ValueKind.RATE:
        assert isinstance(value, Decimal)
        return rate_text(value)
    if spec.kind == ValueKind.AMOUNT:
        assert isinstance(value, int)
        return rupiah_text(value)
    if spec.kind == ValueKind.MULTIPLIER:
        return _("%(value)s × upah sebulan") % {"value": value}
    if spec.kind == ValueKind.MONTHS:
        return _("%(value)s bulan") % {"value": value}
    if spec.kind == ValueKind.YEARS:
        return _("%(value)s tahun") % {"value": value}
    if spec.kind == ValueKind.DAY_OF_MONTH:
        return _("tanggal %(value)s") % {"value": value}
    if isinstance(value, IncomeBrackets):
        parts = []
        for bracket in value.brackets:
            upper = (
                _("sampai %(amount)s") % {"amount": rupiah_text(bracket.up_to)}
                if bracket.up_to
                else _("di atasnya")
            )
            basis = rupiah_text(bracket.basis) if bracket.basis else _("penghasilan yang dilaporkan")
            parts.append(f"{upper} → {basis}")
        return "; ".join(parts)
    if isinstance(value, DiscountTerms):
        if value.fraction == 0:
            return _("tanpa potongan")
        text = _("potongan %(rate)s") % {"rate": rate_text(value.fraction)}
        if value.excluded_funders:
            text += " " + _("(tidak untuk %(funders)s)") % {
                "funders": ", ".join(sorted(value.excluded_funders))
            }
        return text
    if isinstance(value, ScholarshipTable):
        if value.one_off_amount is not None:
            return _("sekali %(amount)s; masa iur minimal %(months)s bulan") % {
                "amount": rupiah_text(value.one_off_amount),
                "months": value.min_contribution_months,
            }
        rows = "; ".join(
            f"{row.level}: {rupiah_text(row.yearly_amount)} × {row.max_years}" for row in value.levels
        )
        return _("%(rows)s; maks. %(children)s anak; masa iur minimal %(months)s bulan") % {
            "rows": rows,
            "children": value.max_children,
            "months": value.min_contribution_months,
        }
    if isinstance(value, tuple):
        steps = []
        for step in value:
            assert isinstance(step, IncapacityStep)
            share = rate_text(step.share)
            steps.append(
                _("%(share)s selama %(months)s bulan") % {"share": share, "months": step.months}
                if step.months
                else _("lalu %(share)s sampai sembuh") % {"share": share}
            )
        return "; ".join(steps)
    return str(value)


CONFIDENCE_LABELS = {
    "C": gettext_lazy("pasti"),
    "S": gettext_lazy("satu sumber"),
    "U": gettext_lazy("belum pasti"),
}


# Screen titles of the rules (the engine's titles are English, for code and logs).
RULE_TITLES = {
    "bpu.income_brackets": gettext_lazy("BPU: tabel dasar penghasilan (Lampiran II)"),
    "bpu.jkk.rate": gettext_lazy("BPU: tarif JKK dari dasar penghasilan"),
    "bpu.jkm.amount": gettext_lazy("BPU: iuran JKM per bulan"),
    "bpu.jht.rate": gettext_lazy("BPU: tarif JHT dari dasar penghasilan"),
    "bpu.discount.transportasi": gettext_lazy("BPU: potongan iuran JKK+JKM, sektor transportasi"),
    "bpu.discount.lainnya": gettext_lazy("BPU: potongan iuran JKK+JKM, sektor lainnya"),
    "pu.jkk.rate.class1": gettext_lazy("PU: tarif JKK, risiko sangat rendah"),
    "pu.jkk.rate.class2": gettext_lazy("PU: tarif JKK, risiko rendah"),
    "pu.jkk.rate.class3": gettext_lazy("PU: tarif JKK, risiko sedang"),
    "pu.jkk.rate.class4": gettext_lazy("PU: tarif JKK, risiko tinggi"),
    "pu.jkk.rate.class5": gettext_lazy("PU: tarif JKK, risiko sangat tinggi"),
    "pu.jkm.rate": gettext_lazy("PU: tarif JKM"),
    "pu.jht.rate.employer": gettext_lazy("PU: tarif JHT, bagian pemberi kerja"),
    "pu.jht.rate.worker": gettext_lazy("PU: tarif JHT, bagian pekerja"),
    "pu.jp.rate.employer": gettext_lazy("PU: tarif JP, bagian pemberi kerja"),
    "pu.jp.rate.worker": gettext_lazy("PU: tarif JP, bagian pekerja"),
    "pu.jp.wage_cap": gettext_lazy("PU: batas upah tertinggi JP"),
    "pu.jkp.rate": gettext_lazy("PU: tarif JKP (seluruhnya)"),
    "pu.jkp.rate.government": gettext_lazy("PU: tarif JKP yang dibayar pemerintah pusat"),
    "pu.jkp.wage_cap": gettext_lazy("PU: batas upah JKP"),
    "jkm.lump_sum": gettext_lazy("JKM: santunan sekaligus"),
    "jkm.periodic": gettext_lazy("JKM: santunan berkala"),
    "jkm.funeral": gettext_lazy("JKM: biaya pemakaman"),
    "scholarship.table": gettext_lazy("Beasiswa pendidikan anak"),
    "jkk.death.multiplier": gettext_lazy("JKK meninggal: kali upah sebulan"),
    "jkk.death.minimum": gettext_lazy("JKK meninggal: santunan paling sedikit"),
    "jkk.funeral": gettext_lazy("JKK meninggal: biaya pemakaman"),
    "jkk.periodic": gettext_lazy("JKK meninggal atau cacat total: santunan berkala"),
    "jkk.total_disability.multiplier": gettext_lazy("JKK cacat total tetap: kali upah sebulan"),
    "jkk.partial_disability.multiplier": gettext_lazy("JKK cacat sebagian: kali upah sebulan (100 %)"),
    "jkk.incapacity_schedule": gettext_lazy("JKK sementara tidak mampu bekerja (STMB)"),
    "jht.partial.housing_share": gettext_lazy("JHT: pengambilan sebagian untuk perumahan"),
    "jht.partial.retirement_share": gettext_lazy("JHT: pengambilan sebagian untuk persiapan pensiun"),
    "jht.partial.min_membership_months": gettext_lazy("JHT: kepesertaan minimal untuk pengambilan sebagian"),
    "jht.waiting_months": gettext_lazy("JHT: masa tunggu setelah berhenti bekerja"),
    "bill.due_day": gettext_lazy("Tagihan: tanggal jatuh tempo setiap bulan iuran"),
    "membership.lapse_after_unpaid_months": gettext_lazy("Kepesertaan nonaktif setelah bulan tak terbayar"),
    "eligibility.min_age": gettext_lazy("Skema: usia minimum bawaan"),
    "eligibility.max_age": gettext_lazy("Skema: usia maksimum bawaan"),
}


def rule_title(key: str, fallback: str) -> str:
    """Indonesian title of a rule; a rule added in code without one shows its English title."""
    return str(RULE_TITLES.get(key, fallback))
