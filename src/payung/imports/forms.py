from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from payung.lib.sheets.headers import FIELDS
from payung.lib.sheets.normalise import LABELS
from payung.lib.sheets.reader import HEADER_SEARCH_ROWS

FIELD_CHOICES = [("", _("(abaikan kolom ini)"))] + [(f, LABELS.get(f, f)) for f in FIELDS]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas daftar pekerja (.xlsx, .xls, .ods, .csv)"))
    district = forms.ChoiceField(
        label=_("Kecamatan (jika desa ditulis dengan nama)"),
        required=False,
    )
    village = forms.ChoiceField(
        label=_("Desa untuk seluruh berkas (jika berkas tidak berisi kolom desa, mis. ekspor OpenSID)"),
        required=False,
    )
    include_minors = forms.BooleanField(label=_("Impor juga anak di bawah usia kerja"), required=False)
    include_elderly = forms.BooleanField(label=_("Impor juga penduduk di atas usia kerja"), required=False)
    valid_only = forms.BooleanField(label=_("Impor hanya baris yang valid"), required=False)

    def __init__(self, *args, districts=(), villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("— tidak ada: desa ditulis dengan kode —"))] + [
            (d.code, f"{d.code} {d.name}") for d in districts
        ]
        self.fields["village"].choices = village_choices(villages)


def village_choices(villages) -> list[tuple[str, str]]:
    return [("", _("— berkas berisi kolom desa —"))] + [(v.code, f"{v.code} {v.name}") for v in villages]


class VillageForm(forms.Form):
    """The village of a file without a village column, chosen after its check asked for it."""

    village = forms.ChoiceField(label=_("Desa untuk seluruh berkas"))

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = village_choices(villages)[1:]
        self.fields["village"].widget.attrs["class"] = "form-select form-select-sm"


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


HEADER_ROW_RANGE = format_lazy(_("Baris judul kolom harus nomor 1 sampai {limit}."), limit=HEADER_SEARCH_ROWS)


class HeaderRowForm(forms.Form):
    """Which of the first rows holds the column titles; empty lets Payung find it."""

    header_row = forms.IntegerField(
        label=_("Pakai baris"),
        required=False,
        min_value=1,
        max_value=HEADER_SEARCH_ROWS,
        error_messages={
            "invalid": HEADER_ROW_RANGE,
            "min_value": HEADER_ROW_RANGE,
            "max_value": HEADER_ROW_RANGE,
        },
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("otomatis: Payung mencari sendiri"))]
        for candidate in candidates:
            cells = " · ".join(candidate["cells"]) + (" …" if candidate.get("more") else "")
            choices.append(
                (candidate["row"], _("Baris %(row)s: %(cells)s") % {"row": candidate["row"], "cells": cells})
            )
        self.fields["header_row"].widget.choices = choices
