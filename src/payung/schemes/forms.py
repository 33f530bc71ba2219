from django import forms
from django.utils import dates
from django.utils.translation import gettext_lazy as _

from payung.registry.models import Occupation

from .models import FunderType, Segment
from .services.schemes import SchemeInput
from .validation import ALL_PROGRAMMES, SchemeInvalid, parse_deciles

# Django's own month names, translated by its catalogues (Januari ... / January ...).
MONTHS = list(dates.MONTHS.items())


class SchemeForm(forms.Form):
    name = forms.CharField(label=_("Nama skema"), max_length=150)
    funder_type = forms.ChoiceField(label=_("Jenis penyandang dana"), choices=FunderType.choices)
    funder_region = forms.CharField(
        label=_("Kode wilayah penyandang dana"),
        max_length=13,
        help_text=_("mis. 13.02 untuk kabupaten, 13.02.07.2001 untuk nagari/desa"),
    )
    year = forms.IntegerField(label=_("Tahun anggaran"))
    budget = forms.IntegerField(label=_("Pagu anggaran (Rp)"))
    segment = forms.ChoiceField(label=_("Segmen"), choices=Segment.choices, initial=Segment.BPU)
    programmes = forms.MultipleChoiceField(
        label=_("Program"),
        choices=[(p, p) for p in ALL_PROGRAMMES],
        widget=forms.CheckboxSelectMultiple,
        initial=["JKK", "JKM"],
    )
    first_month = forms.TypedChoiceField(label=_("Bulan pertama"), choices=MONTHS, coerce=int, initial=1)
    months = forms.IntegerField(label=_("Jumlah bulan"), initial=12, min_value=1, max_value=12)
    declared_income = forms.IntegerField(label=_("Dasar penghasilan (Rp)"), initial=1_000_000)
    quota = forms.IntegerField(label=_("Kuota peserta"), required=False)
    per_village_quota = forms.IntegerField(label=_("Kuota per desa"), required=False)
    deciles = forms.CharField(label=_("Desil DTSEN"), required=False, help_text=_("mis. 1-3; kosong = semua"))
    occupations = forms.MultipleChoiceField(
        label=_("Pekerjaan (urutan prioritas)"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    areas = forms.CharField(
        label=_("Wilayah sasaran"),
        required=False,
        help_text=_("kode wilayah dipisah koma; kosong = seluruh wilayah penyandang dana"),
    )
    min_age = forms.IntegerField(label=_("Usia minimum"), initial=15)
    max_age = forms.IntegerField(label=_("Usia maksimum"), initial=65)
    disability_first = forms.BooleanField(label=_("Dahulukan penyandang disabilitas"), required=False)
    lapse_after_months = forms.IntegerField(label=_("Nonaktif setelah ... bulan tak terbayar"), initial=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupations"].choices = list(Occupation.objects.values_list("code", "name"))
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select | forms.SelectMultiple) and not isinstance(
                field.widget, forms.CheckboxSelectMultiple
            ):
                field.widget.attrs.setdefault("class", "form-select")
            elif not isinstance(field.widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", "form-control")

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
            deciles=parse_deciles(data.get("deciles") or ""),
            occupations=tuple(data.get("occupations") or ()),
            areas=tuple(a.strip() for a in (data.get("areas") or "").split(",") if a.strip()),
            min_age=data["min_age"],
            max_age=data["max_age"],
            disability_first=bool(data.get("disability_first")),
            lapse_after_months=data["lapse_after_months"],
        )


__all__ = ["SchemeForm", "SchemeInvalid"]
