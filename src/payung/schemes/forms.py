"""The scheme form and the payment form: every value from input parsed by the shared parsers and
range-checked here, every problem of a scheme shown at once (`validation.scheme_problems`)."""

from django import forms
from django.utils import dates
from django.utils.translation import gettext_lazy as _

from payung.lib.money_fields import RupiahField
from payung.lib.widgets import ISO_DATE, DateInput
from payung.regions.models import Region
from payung.registry.models import Occupation

from .models import FunderType, Segment
from .pricing import regulation_defaults
from .services.schemes import SchemeInput
from .validation import (
    AGE_MAX,
    ALL_PROGRAMMES,
    LAPSE_AFTER_MAX,
    QUOTA_MAX,
    SchemeInvalid,
    parse_deciles,
    scheme_problems,
)

# Django's own month names, translated by its catalogues (Januari ... / January ...).
MONTHS = list(dates.MONTHS.items())
YEAR_MIN, YEAR_MAX = 2000, 2100


def parse_occupation_order(text: str, chosen: list[str], known: set[str]) -> tuple[str, ...]:
    """The chosen occupations in the priority order typed (codes, comma-separated; selection takes the
    first ones first); the chosen ones not named there follow in list order. An unknown code, or one
    not chosen, is refused."""
    order = [code.strip() for code in text.split(",") if code.strip()]
    unknown = [code for code in order if code not in known]
    if unknown:
        raise forms.ValidationError(
            _("Kode pekerjaan tidak dikenal: %(codes)s.") % {"codes": ", ".join(unknown[:5])}
        )
    not_chosen = [code for code in order if code not in chosen]
    if not_chosen:
        raise forms.ValidationError(
            _("Urutan hanya untuk pekerjaan yang dipilih; pilih juga: %(codes)s.")
            % {"codes": ", ".join(not_chosen[:5])}
        )
    ranked = list(dict.fromkeys(order))
    return tuple(ranked + [code for code in chosen if code not in ranked])


class SchemeForm(forms.Form):
    name = forms.CharField(label=_("Nama skema"), max_length=150)
    funder_type = forms.ChoiceField(label=_("Jenis penyandang dana"), choices=FunderType.choices)
    funder_region = forms.CharField(
        label=_("Kode wilayah penyandang dana"),
        max_length=13,
        help_text=_("mis. 13.02 untuk kabupaten, 13.02.07.2001 untuk nagari/desa"),
    )
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    budget = RupiahField(label=_("Pagu anggaran (Rp)"))  # zero: check_budget says why
    segment = forms.ChoiceField(label=_("Segmen"), choices=Segment.choices, initial=Segment.BPU)
    programmes = forms.MultipleChoiceField(
        label=_("Program"),
        choices=[(p, p) for p in ALL_PROGRAMMES],
        widget=forms.CheckboxSelectMultiple,
        initial=["JKK", "JKM"],
    )
    first_month = forms.TypedChoiceField(label=_("Bulan pertama"), choices=MONTHS, coerce=int, initial=1)
    months = forms.IntegerField(label=_("Jumlah bulan"), initial=12, min_value=1, max_value=12)
    declared_income = RupiahField(label=_("Dasar penghasilan (Rp)"))
    quota = forms.IntegerField(label=_("Kuota peserta"), required=False, min_value=1, max_value=QUOTA_MAX)
    per_village_quota = forms.IntegerField(
        label=_("Kuota per desa"), required=False, min_value=1, max_value=QUOTA_MAX
    )
    deciles = forms.CharField(
        label=_("Desil DTSEN"), required=False, max_length=100, help_text=_("mis. 1-3; kosong = semua")
    )
    occupations = forms.MultipleChoiceField(
        label=_("Pekerjaan"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    occupation_order = forms.CharField(
        label=_("Urutan prioritas pekerjaan"),
        required=False,
        max_length=1000,
        help_text=_("kode pekerjaan dipisah koma, yang didahulukan lebih dulu (mis. nelayan, petani)"),
    )
    areas = forms.CharField(
        label=_("Wilayah sasaran"),
        required=False,
        max_length=2000,
        help_text=_("kode wilayah dipisah koma; kosong = seluruh wilayah penyandang dana"),
    )
    min_age = forms.IntegerField(label=_("Usia minimum"), min_value=0, max_value=AGE_MAX)
    max_age = forms.IntegerField(label=_("Usia maksimum"), min_value=0, max_value=AGE_MAX)
    disability_first = forms.BooleanField(label=_("Dahulukan penyandang disabilitas"), required=False)
    lapse_after_months = forms.IntegerField(
        label=_("Nonaktif setelah ... bulan tak terbayar"), min_value=1, max_value=LAPSE_AFTER_MAX
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        defaults = regulation_defaults()  # the regulation's defaults, from rules/
        for name in ("declared_income", "min_age", "max_age", "lapse_after_months"):
            self.fields[name].initial = getattr(defaults, name)
        self.occupation_codes = list(Occupation.objects.values_list("code", "name"))
        self.fields["occupations"].choices = self.occupation_codes
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select | forms.SelectMultiple) and not isinstance(
                field.widget, forms.CheckboxSelectMultiple
            ):
                field.widget.attrs.setdefault("class", "form-select")
            elif not isinstance(field.widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", "form-control")

    def clean_deciles(self):
        try:
            return parse_deciles(self.cleaned_data.get("deciles") or "")
        except SchemeInvalid as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        data = super().clean()
        try:
            data["occupations"] = parse_occupation_order(
                data.get("occupation_order") or "",
                list(data.get("occupations") or ()),
                {code for code, _name in self.occupation_codes},
            )
        except forms.ValidationError as error:
            self.add_error("occupation_order", error)
        if self.errors:
            return data
        # Every problem of the terms at once, each under its field (the service refuses with the first).
        terms = self.to_input()
        region = Region.objects.filter(code=terms.funder_region).first()
        for field, message in scheme_problems(terms, region):
            self.add_error(field if field in self.fields else None, message)
        return data

    def to_input(self) -> SchemeInput:
        data = self.cleaned_data
        return SchemeInput(
            name=data["name"],
            funder_type=data["funder_type"],
            funder_region=data["funder_region"].strip(),
            year=data["year"],
            budget=data["budget"],
            programmes=tuple(data["programmes"]),
            first_month=data["first_month"],
            months=data["months"],
            segment=data["segment"],
            declared_income=data["declared_income"],
            quota=data.get("quota"),
            per_village_quota=data.get("per_village_quota"),
            deciles=tuple(data.get("deciles") or ()),
            occupations=tuple(data.get("occupations") or ()),
            areas=tuple(a.strip() for a in (data.get("areas") or "").split(",") if a.strip()),
            min_age=data["min_age"],
            max_age=data["max_age"],
            disability_first=bool(data.get("disability_first")),
            lapse_after_months=data["lapse_after_months"],
        )


class PaymentForm(forms.Form):
    """A payment of one bill: the amount through the one Rupiah parser (`840.000` or `840000,00`)."""

    amount = RupiahField(label=_("Jumlah"), min_value=1)
    paid_on = forms.DateField(label=_("Tanggal bayar"), input_formats=[ISO_DATE], widget=DateInput)
    reference = forms.CharField(label=_("Referensi"), max_length=100)

    def error_text(self) -> str:
        return " ".join(
            f"{self.fields[name].label}: {' '.join(errors)}" for name, errors in self.errors.items()
        )


__all__ = ["PaymentForm", "SchemeForm", "SchemeInvalid"]
