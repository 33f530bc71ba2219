"""Form and API fields for whole-Rupiah amounts, both reading input through `parse_rupiah`.

A number field would read `1.500.000` as 1.5 or refuse it, and a huge value would reach the database
and fail there (a 500). These fields give the same clear message as the CLI and imports.
"""

from __future__ import annotations

from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from payung.lib.money import MAX_RUPIAH, RupiahError, dotted, parse_rupiah


class RupiahField(forms.Field):
    """A whole Rupiah amount typed as `1.500.000`, `1500000`, `Rp 1.500.000,-` or `1,5 juta`."""

    widget = forms.TextInput

    def __init__(self, *, min_value: int = 0, max_value: int = MAX_RUPIAH, **kwargs) -> None:
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "numeric")
        return attrs

    def prepare_value(self, value):
        # An amount shown back in the form reads the Indonesian way and parses again as the same amount.
        return dotted(value) if isinstance(value, int) and not isinstance(value, bool) else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_rupiah(value, minimum=self.min_value, maximum=self.max_value)
        except RupiahError as error:
            raise forms.ValidationError(error.message, code=error.code) from None


@extend_schema_field(OpenApiTypes.INT)
class RupiahSerializerField(serializers.Field):
    """The API's whole-Rupiah field: a JSON integer, or text as a person writes it."""

    def __init__(self, *, min_value: int = 0, max_value: int = MAX_RUPIAH, **kwargs) -> None:
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return parse_rupiah(data, minimum=self.min_value, maximum=self.max_value)
        except RupiahError as error:
            raise serializers.ValidationError(error.message, code=error.code) from None

    def to_representation(self, value):
        return value
