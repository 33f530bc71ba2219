"""Pieces every export of personal data uses: the purpose asked first, and the file response."""

from __future__ import annotations

import os

from django.http import FileResponse
from django.shortcuts import render

from .forms import PurposeForm


def export_purpose(request) -> tuple[str | None, PurposeForm]:
    """The purpose given for an export (from the query string), or None and the form asking for it."""
    form = PurposeForm(request.GET if "purpose" in request.GET else None)
    return (form.cleaned_data["purpose"] if form.is_valid() else None), form


def purpose_page(request, form: PurposeForm, *, title: str):
    """The page asking why personal data is being downloaded; it sends back the same query with a purpose."""
    hidden = [(key, value) for key, values in request.GET.lists() if key != "purpose" for value in values]
    return render(request, "audit/export_purpose.html", {"form": form, "title": title, "hidden": hidden})


def file_response(path: str, filename: str) -> FileResponse:
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=filename)  # noqa: SIM115
    os.unlink(path)  # the open handle keeps the data readable until the response is sent
    return response
