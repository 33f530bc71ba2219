"""Forms of the claims screens: parse what a person typed; the services check and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from payung.lib.money_fields import RupiahField
from payung.lib.widgets import BootstrapForm, DateInput

from .models import Kind, Programme, Relationship, Status


class StyledForm(BootstrapForm):
    """Bootstrap's small widgets, so the forms fit a 360 px phone."""

    compact = True


class ClaimFilterForm(StyledForm):
    programme = forms.ChoiceField(
        label=_("Program"), required=False, choices=[("", _("Semua program")), *Programme.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status")), *Status.choices]
    )
    funder_type = forms.ChoiceField(
        label=_("Penyandang dana"), required=False, choices=[("", _("Semua penyandang dana"))]
    )
    year = forms.IntegerField(label=_("Tahun kejadian"), required=False, min_value=2015, max_value=2100)
    deadline = forms.ChoiceField(
        label=_("Tenggat"),
        required=False,
        choices=[("", _("Semua")), ("late", _("Lewat tenggat")), ("soon", _("Segera lewat"))],
    )
    flagged = forms.BooleanField(label=_("Hanya yang berbeda dari aturan"), required=False)
    q = forms.CharField(label=_("Nomor klaim, NIK atau nama"), required=False, max_length=60)

    def __init__(self, *args, **kwargs):
        from .models import FunderType

        super().__init__(*args, **kwargs)
        self.fields["funder_type"].choices = [("", _("Semua penyandang dana")), *FunderType.choices]


# What an operator reports by hand: a death or an accident.
HAND_KINDS = [
    (Kind.JKM_DEATH.value, _("Meninggal dunia (bukan kecelakaan kerja) — JKM")),
    (Kind.JKK_DEATH.value, _("Meninggal karena kecelakaan kerja — JKK")),
    (Kind.JKK_MEDICAL.value, _("Kecelakaan kerja (perawatan) — JKK")),
]
PROGRAMME_OF_HAND = {Kind.JKM_DEATH.value: "JKM", Kind.JKK_DEATH.value: "JKK", Kind.JKK_MEDICAL.value: "JKK"}


class ClaimReportForm(StyledForm):
    nik = forms.CharField(label=_("NIK pekerja"), max_length=20)
    kind = forms.ChoiceField(label=_("Kejadian"), choices=HAND_KINDS)
    event_date = forms.DateField(label=_("Tanggal kejadian"), widget=DateInput())
    why = forms.CharField(label=_("Keterangan"), required=False, max_length=300)


class DecisionForm(StyledForm):
    to = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[
            (Status.SUBMITTED.value, _("Diajukan ke BPJS")),
            (Status.PAID.value, _("Dibayar")),
            (Status.REJECTED.value, _("Ditolak")),
        ],
    )
    on = forms.DateField(label=_("Tanggal"), widget=DateInput())
    claim_number = forms.CharField(label=_("Nomor klaim BPJS"), required=False, max_length=40)
    amount_paid = RupiahField(label=_("Jumlah dibayar (Rp)"), required=False)
    why = forms.CharField(label=_("Alasan / catatan"), required=False, max_length=300)


class HeirForm(StyledForm):
    name = forms.CharField(label=_("Nama ahli waris"), max_length=150)
    nik = forms.CharField(label=_("NIK ahli waris"), required=False, max_length=20)
    relationship = forms.ChoiceField(label=_("Hubungan"), choices=Relationship.choices)
    share_percent = forms.DecimalField(
        label=_("Bagian (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )


class ClaimUploadForm(StyledForm):
    file = forms.FileField(label=_("Laporan klaim kantor cabang (XLSX, XLS, ODS atau CSV)"))
