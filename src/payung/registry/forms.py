from django import forms
from django.utils.translation import gettext_lazy as _

from payung.lib.money_fields import RupiahField
from payung.lib.widgets import DateInput

from .models import Occupation, Sex
from .validation import WorkerInput


class WorkerForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), max_length=30, help_text=_("16 digit sesuai KTP"))
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Sex.choices)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DateInput())
    village_code = forms.CharField(label=_("Kode desa/kelurahan"), max_length=13)
    occupation_code = forms.ChoiceField(label=_("Pekerjaan"))
    occupation_note = forms.CharField(label=_("Keterangan pekerjaan"), max_length=100, required=False)
    dtsen_decile = forms.IntegerField(
        label=_("Desil DTSEN"), required=False, help_text=_("1 = termiskin, 10 = terkaya")
    )
    monthly_income = RupiahField(label=_("Penghasilan per bulan (Rp)"), required=False)
    has_disability = forms.BooleanField(label=_("Penyandang disabilitas"), required=False)
    phone = forms.CharField(label=_("Nomor HP"), max_length=20, required=False)
    kk_number = forms.CharField(label=_("Nomor KK"), max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupation_code"].choices = list(Occupation.objects.values_list("code", "name"))
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            elif not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-control")

    def to_input(self) -> WorkerInput:
        data = self.cleaned_data
        return WorkerInput(
            nik=data["nik"],
            name=data["name"],
            sex=data["sex"],
            birth_date=data["birth_date"],
            village_code=data["village_code"].strip(),
            occupation_code=data["occupation_code"],
            occupation_note=data.get("occupation_note") or "",
            dtsen_decile=data.get("dtsen_decile"),
            monthly_income=data.get("monthly_income"),
            has_disability=bool(data.get("has_disability")),
            phone=data.get("phone") or "",
            kk_number=data.get("kk_number") or "",
        )

    def add_check_errors(self, check) -> None:
        for field_name, problems in check.errors.items():
            for problem in problems:
                self.add_error(field_name if field_name in self.fields else None, problem.message)


def initial_from_worker(worker) -> dict:
    return {
        "nik": worker.nik,
        "name": worker.name,
        "sex": worker.sex,
        "birth_date": worker.birth_date,
        "village_code": worker.village_id,
        "occupation_code": worker.occupation_id,
        "occupation_note": worker.occupation_note,
        "dtsen_decile": worker.dtsen_decile,
        "monthly_income": worker.monthly_income,
        "has_disability": worker.has_disability,
        "phone": worker.phone,
        "kk_number": worker.kk_number,
    }
