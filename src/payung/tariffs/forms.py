"""Forms of the tariff screens (labels in Indonesian)."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from payung.lib.money import RupiahError, parse_rupiah
from payung.lib.money_fields import RupiahField
from payung.lib.widgets import BootstrapForm, DateInput
from payung.rules import FunderType, Month, Programme, RuleBook, Sector, Segment, ValueKind
from payung.rules.types import InvalidInput
from payung.rules.versions import SCALAR_KINDS, WHOLE_NUMBER_KINDS

from .models import Confidence
from .presenters import FUNDER_LABELS, SCHOOL_LEVEL_LABELS, rule_title


class ContributionForm(BootstrapForm):
    segment = forms.ChoiceField(
        label=_("Segmen"),
        choices=[
            (Segment.BPU.value, _("BPU (bukan penerima upah)")),
            (Segment.PU.value, _("PU (penerima upah)")),
        ],
        initial=Segment.BPU.value,
    )
    programmes = forms.MultipleChoiceField(
        label=_("Program"),
        choices=[(programme.value, programme.value) for programme in Programme],
        widget=forms.CheckboxSelectMultiple,
        initial=[Programme.JKK.value, Programme.JKM.value],
    )
    income = RupiahField(label=_("Penghasilan / upah sebulan (Rp)"), min_value=1, max_value=10**12)
    month = forms.CharField(
        label=_("Bulan iuran pertama"), widget=forms.DateInput(attrs={"type": "month"}), max_length=7
    )
    funder_type = forms.ChoiceField(
        label=_("Sumber dana"),
        choices=[(funder.value, FUNDER_LABELS[funder.value]) for funder in FunderType],
        initial="APBD",
    )
    sector = forms.ChoiceField(
        label=_("Sektor"),
        choices=[(Sector.LAINNYA.value, _("Lainnya")), (Sector.TRANSPORTASI.value, _("Transportasi"))],
        initial=Sector.LAINNYA.value,
    )
    risk_class = forms.TypedChoiceField(
        label=_("Kelompok risiko JKK (PU)"),
        choices=[("", "—"), *((str(level), str(level)) for level in range(1, 6))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    workers = forms.IntegerField(label=_("Jumlah pekerja"), min_value=1, initial=1, max_value=10_000_000)
    months = forms.IntegerField(label=_("Jumlah bulan"), min_value=1, max_value=120, initial=12)

    def clean_month(self) -> Month:
        try:
            return Month.parse(self.cleaned_data["month"])
        except InvalidInput:
            raise forms.ValidationError(_("Tulis bulan sebagai TTTT-BB, misalnya 2026-02.")) from None


def rule_choices(book: RuleBook) -> list[tuple[str, str]]:
    return [
        (key, rule_title(key, spec.title)) for key, spec in book.specs.items() if spec.kind in SCALAR_KINDS
    ]


class RuleVersionForm(BootstrapForm):
    rule = forms.ChoiceField(label=_("Aturan"))
    effective_from = forms.DateField(label=_("Berlaku mulai"), widget=DateInput())
    value = forms.CharField(
        label=_("Nilai"),
        help_text=_(
            "Tarif dalam persen (0,24 untuk 0,24 %); nominal dalam Rupiah (9.077.600); "
            "pengali dan bulan apa adanya."
        ),
        max_length=40,
    )
    source = forms.CharField(label=_("Dasar hukum"), max_length=200)
    confidence = forms.ChoiceField(
        label=_("Keyakinan"), choices=Confidence.choices, initial=Confidence.CONFIRMED
    )
    note = forms.CharField(
        label=_("Catatan (keraguan, sumber berita)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, book: RuleBook, **kwargs):
        super().__init__(*args, **kwargs)
        self.book = book
        self.fields["rule"].choices = rule_choices(book)

    def clean(self):
        data = super().clean()
        rule, text = data.get("rule"), data.get("value")
        if rule and text:
            try:
                data["value"] = typed_value(self.book.spec(rule).kind, text)
            except forms.ValidationError as error:
                self.add_error("value", error)
        return data

    def engine_value(self) -> Decimal:
        """Rates are typed in percent and stored as fractions."""
        value = self.cleaned_data["value"]
        if self.book.spec(self.cleaned_data["rule"]).kind == ValueKind.RATE:
            return value / 100
        return value


_DECIMAL = re.compile(r"^\d+(?:[.,]\d+)?$")


def typed_value(kind: ValueKind, text: str) -> Decimal:
    """Amounts and months through the one money parser; rates and multipliers as decimals (0,24 or 0.24)."""
    if kind in WHOLE_NUMBER_KINDS:
        try:
            return Decimal(parse_rupiah(text, minimum=1))
        except RupiahError as error:
            raise forms.ValidationError(error.message) from None
    cleaned = text.strip().replace(" ", "")
    if not _DECIMAL.match(cleaned) or Decimal(cleaned.replace(",", ".")) <= 0:
        raise forms.ValidationError(_("Tulis angka lebih dari nol, misalnya 0,24."))
    return Decimal(cleaned.replace(",", "."))


class BenefitForm(BootstrapForm):
    kind = forms.ChoiceField(
        label=_("Jenis manfaat"),
        choices=[
            ("jkm_death", _("JKM: meninggal bukan karena kecelakaan kerja")),
            ("jkk_death", _("JKK: meninggal karena kecelakaan kerja")),
            ("jkk_total_disability", _("JKK: cacat total tetap")),
            ("jkk_partial_disability", _("JKK: cacat sebagian")),
            ("jkk_temporary_incapacity", _("JKK: sementara tidak mampu bekerja (STMB)")),
            ("scholarship", _("Beasiswa pendidikan anak")),
            ("jht_payout", _("Pencairan JHT")),
        ],
    )
    event_date = forms.DateField(label=_("Tanggal kejadian"), widget=DateInput())
    wage = RupiahField(
        label=_("Upah / penghasilan sebulan (Rp)"), min_value=1, max_value=10**12, required=False
    )
    contribution_months = forms.IntegerField(
        label=_("Masa iur (bulan)"), min_value=0, max_value=1200, required=False
    )
    children = forms.CharField(
        label=_("Jenjang sekolah anak"),
        help_text=_("Dipisah koma, anak tertua dulu: TK/SD, SMP, SMA, PT (perguruan tinggi)."),
        required=False,
        max_length=60,
    )
    incapacity_months = forms.IntegerField(
        label=_("Lama tidak mampu bekerja (bulan)"), min_value=0, max_value=600, required=False
    )
    disability_percent = forms.DecimalField(
        label=_("Persentase cacat (tabel)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        required=False,
        localize=True,
    )
    jht_balance = RupiahField(label=_("Saldo JHT (Rp)"), min_value=0, max_value=10**13, required=False)
    jht_reason = forms.ChoiceField(
        label=_("Alasan pencairan JHT"),
        required=False,
        choices=[
            ("", "—"),
            ("pension_age", _("Usia pensiun")),
            ("stopped_working", _("Berhenti bekerja")),
            ("death", _("Meninggal")),
            ("total_disability", _("Cacat total tetap")),
            ("left_indonesia", _("Meninggalkan Indonesia")),
            ("partial_housing", _("Sebagian untuk perumahan")),
            ("partial_retirement", _("Sebagian untuk persiapan pensiun")),
        ],
    )

    def clean_children(self) -> list[str]:
        written = [code.strip() for code in self.cleaned_data["children"].split(",") if code.strip()]
        # Labels as people write them (TK/SD, SD, TK) and the engine's codes both read.
        spellings = {str(label).upper().replace(" ", ""): code for code, label in SCHOOL_LEVEL_LABELS.items()}
        spellings.update({"TK": "TK_SD", "SD": "TK_SD", "TK_SD": "TK_SD", "PT": "PT", "S1": "PT"})
        codes = [spellings.get(text.upper().replace(" ", "")) for text in written]
        unknown = [text for text, code in zip(written, codes, strict=True) if code is None]
        if unknown:
            raise forms.ValidationError(
                _("Jenjang tidak dikenal: %(codes)s. Pilih dari TK/SD, SMP, SMA, PT.")
                % {"codes": ", ".join(unknown)}
            )
        return codes
