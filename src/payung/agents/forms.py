"""Forms of the agent screens; they parse input, the services (registration, collections) check it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from payung.lib.money_fields import RupiahField
from payung.lib.widgets import DateInput
from payung.regions.models import Region
from payung.registry.models import Occupation, Sex
from payung.rules import Month

from .models import Confidence, HostKind, PaymentMethod
from .registration import MAX_MONTHS_AHEAD, RecruitInput

# Phone-sized inputs: large text and touch targets.
BIG = {"class": "form-control form-control-lg"}
BIG_SELECT = {"class": "form-select form-select-lg"}


def month_choices(today, ahead: int = MAX_MONTHS_AHEAD) -> list[tuple[str, str]]:
    first = Month.of(today)
    return [(str(first.plus(i)), str(first.plus(i))) for i in range(ahead + 1)]


def parse_month(text: str) -> Month | None:
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return Month(year, month)
    except (TypeError, ValueError):
        return None


class RecruitForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK"),
        max_length=30,
        help_text=_("16 digit sesuai KTP"),
        widget=forms.TextInput(attrs={**BIG, "inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Nama lengkap"), max_length=150, widget=forms.TextInput(attrs=BIG))
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"),
        choices=[("", "—"), *Sex.choices],
        required=False,
        help_text=_("Terisi dari NIK; periksa kembali."),
        widget=forms.Select(attrs=BIG_SELECT),
    )
    birth_date = forms.DateField(
        label=_("Tanggal lahir"),
        required=False,
        help_text=_("Terisi dari NIK; periksa kembali."),
        widget=DateInput(attrs=BIG),
    )
    village_code = forms.ChoiceField(label=_("Desa/kelurahan"), widget=forms.Select(attrs=BIG_SELECT))
    occupation_code = forms.ChoiceField(label=_("Pekerjaan"), widget=forms.Select(attrs=BIG_SELECT))
    phone = forms.CharField(
        label=_("Nomor HP"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={**BIG, "inputmode": "tel"}),
    )
    declared_income = RupiahField(
        label=_("Penghasilan per bulan (Rp)"),
        help_text=_("Dasar perhitungan iuran"),
        widget=forms.TextInput(attrs=BIG),
    )
    with_jht = forms.BooleanField(label=_("Ikut JHT (Jaminan Hari Tua)"), required=False)
    start_month = forms.ChoiceField(label=_("Bulan mulai"), widget=forms.Select(attrs=BIG_SELECT))

    def __init__(self, *args, area: Region, today, **kwargs):
        super().__init__(*args, **kwargs)
        villages = (
            Region.objects.filter(level=4).filter(code__startswith=area.code + ".")
            if area.level == 3
            else Region.objects.filter(code=area.code)
        )
        self.fields["village_code"].choices = [
            ("", "—"),
            *villages.order_by("name").values_list("code", "name"),
        ]
        self.fields["occupation_code"].choices = list(Occupation.objects.values_list("code", "name"))
        self.fields["start_month"].choices = month_choices(today)

    def to_input(self) -> RecruitInput:
        data = self.cleaned_data
        return RecruitInput(
            nik=data["nik"],
            name=data["name"],
            sex=data.get("sex") or "",
            birth_date=data.get("birth_date"),
            village_code=data["village_code"],
            occupation_code=data["occupation_code"],
            phone=data.get("phone") or "",
            declared_income=data["declared_income"],
            with_jht=bool(data.get("with_jht")),
            start_month=parse_month(data["start_month"]),
        )


class CollectionForm(forms.Form):
    month = forms.CharField(label=_("Bulan iuran (TTTT-BB)"), max_length=7, widget=forms.TextInput(attrs=BIG))
    amount = RupiahField(label=_("Jumlah (Rp)"), widget=forms.TextInput(attrs=BIG))
    method = forms.ChoiceField(
        label=_("Cara bayar"), choices=PaymentMethod.choices, widget=forms.Select(attrs=BIG_SELECT)
    )
    reference = forms.CharField(
        label=_("Referensi"), max_length=100, required=False, widget=forms.TextInput(attrs=BIG)
    )
    collected_on = forms.DateField(label=_("Tanggal terima"), widget=DateInput(attrs=BIG))

    def clean_month(self):
        month = parse_month(self.cleaned_data["month"])
        if month is None:
            raise forms.ValidationError(_("Tulis bulan sebagai TTTT-BB, misalnya 2026-03."))
        return month


class DepositForm(forms.Form):
    amount = RupiahField(label=_("Jumlah setoran (Rp)"), widget=forms.TextInput(attrs=BIG))
    deposited_on = forms.DateField(label=_("Tanggal setor"), widget=DateInput(attrs=BIG))
    reference = forms.CharField(
        label=_("Referensi (nomor bukti BPJS)"), max_length=100, widget=forms.TextInput(attrs=BIG)
    )
    covers = forms.CharField(
        label=_("Referensi iuran yang disetor (boleh kosong)"),
        help_text=_("Pisahkan dengan koma. Kosong: iuran terlama yang belum disetor."),
        max_length=1000,
        required=False,
        widget=forms.TextInput(attrs=BIG),
    )


class AgentForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    first_name = forms.CharField(label=_("Nama depan"), max_length=150)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    password = forms.CharField(label=_("Kata sandi awal"), widget=forms.PasswordInput)
    area_code = forms.ChoiceField(label=_("Kecamatan/kelurahan"))
    host_kind = forms.ChoiceField(label=_("Jenis lembaga induk"), choices=HostKind.choices)
    host_name = forms.CharField(label=_("Nama lembaga induk"), max_length=150)
    start_date = forms.DateField(label=_("Mulai bertugas"), widget=DateInput())
    code = forms.CharField(
        label=_("Kode agen"), max_length=20, required=False, help_text=_("Kosongkan untuk kode otomatis")
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_code"].choices = [(r.code, f"{r.code} {r.name}") for r in areas]
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )


class ReassignForm(forms.Form):
    area_code = forms.ChoiceField(label=_("Kecamatan/kelurahan baru"))
    host_name = forms.CharField(
        label=_("Lembaga induk (kosongkan bila tetap)"), max_length=150, required=False
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_code"].choices = [(r.code, f"{r.code} {r.name}") for r in areas]
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )


class RuleVersionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Aturan"),
        choices=[
            ("commission", _("Komisi agen")),
            ("inactivity", _("Keaktifan agen")),
            ("host_share", _("Bagian lembaga induk")),
        ],
    )
    effective_from = forms.DateField(label=_("Berlaku mulai (tanggal 1)"), widget=DateInput())
    rate_percent = forms.DecimalField(
        label=_("Komisi (% iuran terkumpul)"), required=False, max_digits=5, decimal_places=2
    )
    bonus_amount = RupiahField(label=_("Bonus (Rp)"), required=False)
    bonus_min_new_participants = forms.IntegerField(
        label=_("Peserta baru minimum untuk bonus"), required=False
    )
    drop_after_months = forms.IntegerField(label=_("Gugur setelah bulan tanpa kegiatan"), required=False)
    rejoin_after_months = forms.IntegerField(label=_("Boleh bergabung lagi setelah (bulan)"), required=False)
    share_percent = forms.DecimalField(
        label=_("Bagian lembaga induk (% dari komisi)"), required=False, max_digits=5, decimal_places=2
    )
    source = forms.CharField(label=_("Sumber"), max_length=300)
    confidence = forms.ChoiceField(label=_("Keyakinan"), choices=Confidence.choices)
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )
