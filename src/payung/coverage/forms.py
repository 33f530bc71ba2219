"""The target form (labels in Indonesian)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from payung.tariffs.forms import BootstrapForm

from .models import DenominatorKind, TargetKind, TargetMode


class TargetForm(BootstrapForm):
    region = forms.CharField(widget=forms.HiddenInput)
    year = forms.IntegerField(label=_("Tahun target"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Jenis"), choices=TargetKind.choices)
    denominator_kind = forms.ChoiceField(label=_("Penyebut"), choices=DenominatorKind.choices)
    mode = forms.ChoiceField(label=_("Bentuk"), choices=TargetMode.choices)
    percent = forms.DecimalField(
        label=_("Target cakupan (%)"), required=False, max_digits=5, decimal_places=2
    )
    increase_pct = forms.DecimalField(label=_("Kenaikan (%)"), required=False, max_digits=6, decimal_places=2)
    base_year = forms.IntegerField(label=_("Tahun dasar"), required=False, min_value=2000, max_value=2100)
    source = forms.CharField(label=_("Sumber (dokumen)"), required=False, max_length=200)
