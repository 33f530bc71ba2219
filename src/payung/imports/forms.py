from django import forms
from django.utils.translation import gettext_lazy as _

from payung.lib.sheets.headers import FIELDS
from payung.lib.sheets.normalise import LABELS

FIELD_CHOICES = [("", _("(abaikan kolom ini)"))] + [(f, LABELS.get(f, f)) for f in FIELDS]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas daftar pekerja (.xlsx, .xls, .ods, .csv)"))
    district = forms.ChoiceField(
        label=_("Kecamatan (jika desa ditulis dengan nama)"),
        required=False,
    )
    valid_only = forms.BooleanField(label=_("Impor hanya baris yang valid"), required=False)

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("— tidak ada: desa ditulis dengan kode —"))] + [
            (d.code, f"{d.code} {d.name}") for d in districts
        ]


class ColumnsForm(forms.Form):
    """One select per unrecognised header: which field it holds."""

    def __init__(self, *args, headers=(), initial_fields=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_fields = initial_fields or {}
        self.headers = list(headers)
        for index, header in enumerate(self.headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header,
                choices=FIELD_CHOICES,
                required=False,
                initial=initial_fields.get(header, ""),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def mapping(self) -> dict[str, str]:
        return {header: self.cleaned_data.get(f"col_{i}", "") for i, header in enumerate(self.headers)}
