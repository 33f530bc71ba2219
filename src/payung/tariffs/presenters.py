"""Turning engine results into JSON (commands) and display text (screens)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from payung.lib.formats import rupiah as rupiah_text  # the screen's one Rupiah formatter
from payung.rules import (
    BenefitResult,
    ContributionBreakdown,
    CostPlan,
    RuleBook,
    RuleSpec,
    RuleVersion,
    ValueKind,
)
from payung.rules.money import percent
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
                "remarks": [remark_text(remark) for remark in line.remarks],
                "citations": [citation.as_json() for citation in line.citations],
            }
            for line in breakdown.lines
        ],
    }


def plan_json(plan: CostPlan) -> dict:
    """All workers over all months: lines are summed per programme; rate and basis are the first month's."""
    first = contribution_json(plan.months[0].breakdown)
    lines = {
        line["programme"]: {**line, "citations": list(line["citations"]), "remarks": list(line["remarks"])}
        for line in first["lines"]
    }
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
            known = {(c["rule"], c["effective_from"]) for c in line["citations"]}
            for citation in item.citations:
                if (citation.rule, citation.effective_from.isoformat()) not in known:
                    line["citations"].append(citation.as_json())
                    known.add((citation.rule, citation.effective_from.isoformat()))
            for text in (remark_text(remark) for remark in item.remarks):
                if text not in line["remarks"]:
                    line["remarks"].append(text)
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
                "remarks": [remark_text(remark) for remark in line.remarks],
                "citations": [citation.as_json() for citation in line.citations],
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
    if spec.kind == ValueKind.DAYS:
        return _("%(value)s hari") % {"value": value}
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
        if value.step:
            parts.append(
                _("di atasnya tiap %(step)s → nilai tengahnya (belum pasti)")
                % {"step": rupiah_text(value.step)}
            )
        return "; ".join(parts)
    if isinstance(value, DiscountTerms):
        if value.fraction == 0:
            return _("tanpa potongan")
        text = _("potongan %(rate)s") % {"rate": rate_text(value.fraction)}
        if value.excluded_funders:
            text += " " + _("(tidak untuk %(funders)s)") % {
                "funders": ", ".join(str(FUNDER_LABELS[funder]) for funder in sorted(value.excluded_funders))
            }
        return text
    if isinstance(value, ScholarshipTable):
        if value.one_off_amount is not None:
            return _("sekali %(amount)s; masa iur minimal %(months)s bulan") % {
                "amount": rupiah_text(value.one_off_amount),
                "months": value.min_contribution_months,
            }
        rows = "; ".join(
            f"{SCHOOL_LEVEL_LABELS[row.level]}: {rupiah_text(row.yearly_amount)} × {row.max_years}"
            for row in value.levels
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
    "claim.jkk.report_days": gettext_lazy("Klaim JKK: laporan kecelakaan paling lambat (hari)"),
    "claim.lapse_years": gettext_lazy("Klaim: hak gugur setelah (tahun sejak kejadian)"),
    "scholarship.max_age": gettext_lazy("Beasiswa: dibayar sampai anak berusia"),
    "eligibility.max_age": gettext_lazy("Skema: usia maksimum bawaan"),
}


def rule_title(key: str, fallback: str) -> str:
    """Indonesian title of a rule; a rule added in code without one shows its English title."""
    return str(RULE_TITLES.get(key, fallback))


# ---------------------------------------------------------------- what screens say about a line

# Remarks the engine attaches to priced lines (payung.rules.types.Remark), in Bahasa Indonesia.
REMARK_TEXTS = {
    "discount_not_for_funder": gettext_lazy(
        "Potongan %(source)s tidak berlaku bagi peserta yang didanai %(funder)s."
    ),
    "apbdes_discount_unknown": gettext_lazy(
        "Belum pasti: belum ada sumber apakah APBDes/Dana Desa termasuk APBD yang dikecualikan dari potongan "
        "%(source)s. Payung memberi potongan; tanyakan ke BPJS Ketenagakerjaan sebelum menganggarkan."
    ),
    "apbdes_excluded_by_setting": gettext_lazy(
        "Belum pasti: belum ada sumber apakah APBDes/Dana Desa termasuk APBD. Setelan Payung memperlakukan "
        "APBDes seperti APBD, jadi potongan %(source)s tidak diberikan."
    ),
    "jkp_no_charge": gettext_lazy(
        "Tanpa biaya bagi pemberi kerja dan pekerja: pemerintah pusat membayar bagiannya dan %(recomposed)s "
        "diambil dari iuran JKK pemberi kerja."
    ),
    "scholarship_masa_iur": gettext_lazy(
        "Belum berhak: masa iur %(months)s bulan, paling sedikit %(minimum)s bulan untuk beasiswa JKM."
    ),
    "scholarship_max_children": gettext_lazy("Beasiswa paling banyak untuk %(children)s anak."),
    "scholarship_one_payment": gettext_lazy("Dibayar satu kali."),
    "scholarship_level": gettext_lazy(
        "%(level)s: %(yearly)s setahun paling lama %(years)s tahun; sampai perguruan tinggi paling banyak "
        "%(remaining)s (%(per_child)s per anak)."
    ),
    "incapacity_months": gettext_lazy("%(months)s bulan × %(percent)s %% upah."),
    "jht_partial": gettext_lazy(
        "Paling banyak bagian ini, satu kali; kepesertaan paling sedikit %(minimum)s bulan (%(source)s)."
    ),
    "jht_whole_balance": gettext_lazy("Seluruh saldo, dibayar sekaligus."),
    "jht_after_waiting": gettext_lazy(
        "Seluruh saldo, dibayar sekaligus setelah masa tunggu %(months)s bulan."
    ),
    "jkk_death_minimum": gettext_lazy(
        "%(multiplier)s × upah = %(computed)s, di bawah santunan paling sedikit."
    ),
}

_MONEY_PARAMS = frozenset({"recomposed", "yearly", "remaining", "per_child", "computed"})


def remark_text(remark) -> str:
    from .templatetags.tariffs import rupiah

    params = {
        key: rupiah(value) if key in _MONEY_PARAMS else FUNDER_LABELS.get(str(value), value)
        for key, value in remark.params.items()
    }
    if "level" in params:
        params["level"] = str(SCHOOL_LEVEL_LABELS.get(params["level"], params["level"]))
    return str(REMARK_TEXTS[remark.code]) % params


def line_texts(line, book: RuleBook) -> list[str]:
    """What a screen says under a priced line: its remarks, then why each doubtful rule is in doubt."""
    texts = [remark_text(remark) for remark in line.remarks]
    for citation in line.citations:
        if citation.confidence == "C":
            continue
        version = book.version_from(citation.rule, citation.effective_from)
        if version is not None and version.explanation:
            text = _(version.explanation)
            if text not in texts:
                texts.append(text)
    return texts


ERROR_TEXTS = {
    "programme_not_for_bpu": gettext_lazy(
        "%(programme)s tidak tersedia bagi peserta BPU (bukan penerima upah); BPU hanya JKK, JKM dan JHT."
    ),
    "risk_class_needed": gettext_lazy("JKK peserta PU memerlukan kelompok risiko 1 sampai 5."),
    "no_programme": gettext_lazy("Pilih paling sedikit satu program."),
    "wage_needed": gettext_lazy(
        "Manfaat ini memerlukan upah sebulan (untuk BPU: penghasilan yang dilaporkan)."
    ),
    "contribution_months_needed": gettext_lazy("Isi masa iur dalam bulan (0 atau lebih)."),
    "incapacity_months_needed": gettext_lazy("Isi lama tidak mampu bekerja dalam bulan (0 atau lebih)."),
    "jht_balance_needed": gettext_lazy("Isi saldo JHT dalam rupiah (0 atau lebih)."),
    "jht_reason_needed": gettext_lazy("Pilih alasan pencairan JHT."),
    "jht_partial_membership": gettext_lazy(
        "Pengambilan sebagian JHT memerlukan kepesertaan paling sedikit %(minimum)s bulan, bukan %(months)s."
    ),
    "disability_percent_needed": gettext_lazy("Isi persentase cacat dari tabel, lebih dari 0 sampai 100."),
    "children_needed": gettext_lazy("Beasiswa memerlukan jenjang sekolah paling sedikit satu anak."),
    "not_in_force": gettext_lazy("%(rule)s belum berlaku pada %(day)s; aturan ini mulai %(first)s."),
    "day_out_of_range": gettext_lazy("Tanggal harus 1 sampai 28 (tanggal yang ada di setiap bulan)."),
    "rate_above_100": gettext_lazy("Tarif lebih dari 100 %%. Tulis tarif dalam persen, misalnya 0,24."),
    "not_first_of_month": gettext_lazy("Aturan iuran berubah per bulan iuran: mulailah pada tanggal 1."),
    "not_after_latest": gettext_lazy(
        "Versi baru harus mulai sesudah versi terakhir (%(latest)s). Versi lama tidak diubah; "
        "koreksi dibuat dengan versi yang lebih baru."
    ),
    "overlaps_latest": gettext_lazy(
        "Versi terakhir (mulai %(latest)s) berlaku sampai %(until)s dan bertumpang tindih dengan versi baru."
    ),
}


def error_text(error) -> str:
    """An engine error (RuleError) in the reader's language."""
    template = ERROR_TEXTS.get(getattr(error, "code", ""))
    if template is None:
        return _("Data ini tidak dapat dihitung. Periksa isian formulir.")
    params = dict(error.params)
    if "rule" in params:
        params["rule"] = rule_title(params["rule"], params["rule"])
    for key in ("day", "first", "latest", "until"):
        if key in params:
            params[key] = date_format(params[key], "j F Y")
    return str(template) % params


COMPONENT_LABELS = {
    "lump_sum": gettext_lazy("Santunan sekaligus"),
    "periodic": gettext_lazy("Santunan berkala"),
    "funeral": gettext_lazy("Biaya pemakaman"),
    "death": gettext_lazy("Santunan kematian karena kecelakaan kerja"),
    "total_disability": gettext_lazy("Santunan cacat total tetap"),
    "partial_disability": gettext_lazy("Santunan cacat sebagian"),
    "scholarship": gettext_lazy("Beasiswa pendidikan anak"),
}

# A JHT payout's line is named after its reason.
JHT_COMPONENT_LABELS = {
    "pension_age": gettext_lazy("JHT: usia pensiun"),
    "stopped_working": gettext_lazy("JHT: berhenti bekerja"),
    "death": gettext_lazy("JHT: meninggal"),
    "total_disability": gettext_lazy("JHT: cacat total tetap"),
    "left_indonesia": gettext_lazy("JHT: meninggalkan Indonesia"),
    "partial_housing": gettext_lazy("JHT: sebagian untuk perumahan"),
    "partial_retirement": gettext_lazy("JHT: sebagian untuk persiapan pensiun"),
}


def component_label(component: str, kind: str = "") -> str:
    """A benefit line's label: `incapacity_100pct` -> 'Upah selama tidak mampu bekerja (100 %)'."""
    if component.startswith("scholarship_child_"):
        return _("Beasiswa anak ke-%(number)s") % {"number": component.rsplit("_", 1)[1]}
    if component.startswith("incapacity_") and component.endswith("pct"):
        return _("Upah selama tidak mampu bekerja (%(percent)s %%)") % {"percent": component[11:-3]}
    labels = JHT_COMPONENT_LABELS if kind == "jht_payout" else COMPONENT_LABELS
    return str(labels.get(component, component))


FUNDER_LABELS = {
    "APBN": gettext_lazy("APBN"),
    "APBD": gettext_lazy("APBD (kabupaten/kota/provinsi)"),
    "APBDES": gettext_lazy("APBDes (dana desa)"),
    "CSR": gettext_lazy("CSR perusahaan"),
    "BAZNAS": gettext_lazy("BAZNAS (zakat)"),
    "MANDIRI": gettext_lazy("Mandiri (dibayar sendiri)"),
}

SCHOOL_LEVEL_LABELS = {
    "TK_SD": gettext_lazy("TK/SD"),
    "SMP": gettext_lazy("SMP"),
    "SMA": gettext_lazy("SMA"),
    "PT": gettext_lazy("Perguruan tinggi"),
}


def present_citations(citations) -> list[dict]:
    """Which rule versions priced an amount, for a screen: title, regulation, in force since, confidence."""
    return [
        {
            "title": rule_title(c.rule, c.rule),
            "source": c.source,
            "since": date_format(c.effective_from, "j F Y"),
            "confidence": c.confidence.value,
            "confidence_label": str(CONFIDENCE_LABELS[c.confidence.value]),
        }
        for c in citations
    ]
