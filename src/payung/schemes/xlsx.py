"""Every table of the lifecycle's screens as an XLSX download (written by lib/xlsx.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from payung.audit.views import file_response
from payung.lib.xlsx import write_xlsx_file

__all__ = ["file_response", "xlsx_response"]


def xlsx_response(filename: str, sheet_name: str, headers: Sequence[str], rows: Iterable[Sequence[object]]):
    return file_response(write_xlsx_file(sheet_name, headers, rows), filename)
