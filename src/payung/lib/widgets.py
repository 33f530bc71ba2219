"""Form widgets shared by every app.

Browsers read and write ``<input type="date">`` only as ISO ``yyyy-mm-dd``, whatever the page's
language. Django renders a date in the active locale's first input format (``dd-mm-yyyy`` in
Bahasa Indonesia), which the browser drops: the field opens empty and the save is refused.
"""

from __future__ import annotations

from django import forms

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """The date picker, pre-filled in the one format browsers accept."""

    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)


class BootstrapForm(forms.Form):
    """Bootstrap's classes on every widget; `compact` forms use the small ones (a 360 px phone)."""

    compact = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        select, control = (
            ("form-select form-select-sm", "form-control form-control-sm")
            if self.compact
            else (
                "form-select",
                "form-control",
            )
        )
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", select)
            else:
                widget.attrs.setdefault("class", control)
