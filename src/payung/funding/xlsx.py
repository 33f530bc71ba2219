"""Every table of the funding screens as an XLSX download (constant memory, formula-safe text)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from payung.audit.views import file_response
from payung.lib.xlsx import write_xlsx

__all__ = ["file_response", "write_xlsx", "xlsx_response"]


def xlsx_response(filename: str, sheet_name: str, headers: Sequence[str], rows: Iterable[Sequence[object]]):
    return file_response(write_xlsx(sheet_name, headers, rows), filename)
