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
