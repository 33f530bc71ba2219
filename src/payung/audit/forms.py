from django import forms
from django.utils.translation import gettext_lazy as _

from payung.lib.widgets import DateInput

from .models import Action, Channel
from .selectors import AuditFilters


class PurposeForm(forms.Form):
    """Asked before every export of personal data; the answer goes into the access log."""

    purpose = forms.CharField(
        label=_("Tujuan pengunduhan"),
        min_length=5,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_(
            "Misalnya: pendaftaran kolektif ke BPJS cabang, verifikasi data desa. Dicatat di log akses."
        ),
    )


class AuditFilterForm(forms.Form):
    person = forms.CharField(label=_("ID pekerja"), required=False, max_length=20)
    actor = forms.CharField(label=_("Pengguna"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Aksi"), required=False)
    date_from = forms.DateField(label=_("Dari tanggal"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=DateInput())

    def __init__(self, *args, channels: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = Channel.choices if channels else Action.choices
        self.fields["action"].choices = [("", _("Semua"))] + list(choices)
        self.channels = channels
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )

    def filters(self) -> AuditFilters:
        if not self.is_valid():
            return AuditFilters()
        person = self.cleaned_data["person"].strip()
        return AuditFilters(
            object_type="worker" if person and not self.channels else "",
            object_id=person,
            actor=self.cleaned_data["actor"].strip(),
            action=self.cleaned_data["action"],
            date_from=self.cleaned_data["date_from"],
            date_to=self.cleaned_data["date_to"],
        )
