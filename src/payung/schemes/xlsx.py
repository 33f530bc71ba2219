"""Every table of the lifecycle's screens as an XLSX download (written by lib/xlsx.py)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from django.http import FileResponse

from payung.lib.xlsx import write_xlsx_file


def file_response(path: str, filename: str) -> FileResponse:
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=filename)  # noqa: SIM115
    os.unlink(path)  # the open handle keeps the data readable until the response is sent
    return response


def xlsx_response(filename: str, sheet_name: str, headers: Sequence[str], rows: Iterable[Sequence[object]]):
    return file_response(write_xlsx_file(sheet_name, headers, rows), filename)
