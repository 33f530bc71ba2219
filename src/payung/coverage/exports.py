"""Dashboard tables as XLSX (in memory: the tables are aggregates, a few hundred rows)."""

from __future__ import annotations

from payung.lib.xlsx import write_xlsx_bytes


def table_xlsx(table, *, heading: str) -> bytes:
    return write_xlsx_bytes(
        table.key, table.headers, table.rows, preamble=(heading, str(table.title)), note=table.note or ""
    )
