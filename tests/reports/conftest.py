"""Kabupaten Solok as the seed article gives it: June 2025, 31.442 participants of 226.964 in the
labour force (13,85 %), built through the coverage imports as tests/coverage does, with one
village-funded worker, a Renja target for 2025 and 2026 and a scheme drafted for 2026."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from payung.coverage.models import Target
from payung.coverage.summary import refresh_registry_coverage
from tests.coverage.helpers import labour_force, make_membership, make_scheme, participation


@pytest.fixture
def solok(regions, tmp_path, worker_factory):
    labour_force(
        tmp_path, "13.02,2025,226964,215500", "13.02.07,2025,100000,95000", "13.02.10,2025,126964,120500"
    )
    # June 2025: 9.600 + 5.300 + 16.542 = 31.442.
    participation(
        tmp_path,
        *[f"13.02.07,2025-{m:02d},BPU,{9000 + 100 * m}" for m in range(1, 7)],
        *[f"13.02.10,2025-{m:02d},BPU,{5000 + 50 * m}" for m in range(1, 7)],
        *[f"13.02.10,2025-{m:02d},PU,{16482 + 10 * m}" for m in range(1, 7)],
    )
    scheme = make_scheme("13.02.07.2001", funder_type="APBDES", name="Nagari Koto Gaek")
    worker = worker_factory("13.02.07.2001", name="Rosmiati Koto", nik="1302075203850001")
    make_membership(worker, scheme, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 1))
    refresh_registry_coverage(regency_codes=["13.02"])
    for year, percent in ((2025, "15.00"), (2026, "20.00")):
        Target.objects.create(
            region_id="13.02",
            province_code="13",
            year=year,
            kind="renja",
            percent=Decimal(percent),
            source="Renja Disnaker",
        )
    draft = make_scheme("13.02", name="Jamsostek Rentan 2026", year=2026)
    draft.status = "draft"
    draft.save(update_fields=["status"])
    return scheme


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Packs are written to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def xlsx_sheets(path) -> dict[str, list[list[object]]]:
    """Every sheet's cells read back from the file's XML, each with the type Excel stores: numbers
    as numbers (int when whole), text as text."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(path) as book:
        strings = [
            "".join(t.text or "" for t in item.iter(f"{{{ns['m']}}}t"))
            for item in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", ns)
        ]
        targets = {
            r.get("Id"): r.get("Target")
            for r in ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        }
        sheets = {}
        for sheet in ElementTree.fromstring(book.read("xl/workbook.xml")).find("m:sheets", ns):
            rows: dict[int, dict[int, object]] = {}
            xml = ElementTree.fromstring(book.read("xl/" + targets[sheet.get(rel)]))
            for cell in xml.iter(f"{{{ns['m']}}}c"):
                ref = re.match(r"([A-Z]+)(\d+)", cell.get("r"))
                column = 0
                for letter in ref.group(1):
                    column = column * 26 + ord(letter) - 64
                value = cell.find("m:v", ns)
                if value is None:
                    continue
                if cell.get("t") == "s":
                    parsed: object = strings[int(value.text)]
                else:
                    number = float(value.text)
                    parsed = int(number) if number.is_integer() else number
                rows.setdefault(int(ref.group(2)) - 1, {})[column - 1] = parsed
            width = max((max(r) + 1 for r in rows.values()), default=0)
            sheets[sheet.get("name")] = [
                [rows.get(i, {}).get(c) for c in range(width)] for i in range(max(rows, default=-1) + 1)
            ]
    return sheets


def xlsx_text(sheets: dict[str, list[list[object]]]) -> str:
    return "\n".join(
        str(cell) for rows in sheets.values() for row in rows for cell in row if cell is not None
    )
