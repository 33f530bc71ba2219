"""Write merged_<case>.xls beside this file, one per MERGE_CASES entry (run once, then commit them).

No maintained library writes Excel 97-2003 files and LibreOffice is not on
every machine, so the files were written once with xlwt, which the project
does not install:

    pip install --target /tmp/xlwt xlwt==1.3.0
    PYTHONPATH=/tmp/xlwt .venv/bin/python -m tests.lib.sheets.files.make_xls

Each sheet is laid out cell for cell as ``builders.xlsx`` lays it out, its
merged ranges stored as Excel stores them (MERGEDCELLS records).
"""

import pathlib

import xlwt
from tests.lib.sheets.builders import HEADER, MERGE_CASES, NOTE, NOTE_RANGE

HERE = pathlib.Path(__file__).parent


def xls(
    path: pathlib.Path,
    rows: list[list[object]],
    *,
    title_rows: int = 2,
    header: list[str] = HEADER,
    merges: list[tuple[str, object]] = (),
    note_sheet: bool = False,
) -> None:
    book = xlwt.Workbook()
    if note_sheet:
        (r1, c1), (r2, c2) = (xlwt.Utils.cell_to_rowcol2(part) for part in NOTE_RANGE.split(":"))
        book.add_sheet("Petunjuk").write_merge(r1, r2, c1, c2, NOTE)
    sheet = book.add_sheet("Sheet1")
    ranges = [((i, 0), (i, len(header) - 1), f"DAFTAR CALON PESERTA {i + 1}") for i in range(title_rows)]
    for ref, value in merges:
        first, last = (xlwt.Utils.cell_to_rowcol2(part) for part in ref.split(":"))
        ranges.append((first, last, value))
    covered = {
        (r, c) for (r1, c1), (r2, c2), _ in ranges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)
    }
    cells = {(title_rows, c): text for c, text in enumerate(header)}
    cells |= {
        (r, c): value for r, row in enumerate(rows, start=title_rows + 1) for c, value in enumerate(row)
    }
    for (r, c), value in cells.items():
        if value is not None and (r, c) not in covered:
            sheet.write(r, c, float(value) if isinstance(value, int | float) else str(value))
    for (r1, c1), (r2, c2), value in ranges:
        sheet.write_merge(r1, r2, c1, c2, value)
    book.save(str(path))


def main() -> None:
    for name, case in MERGE_CASES.items():
        xls(HERE / f"merged_{name}.xls", **case)


if __name__ == "__main__":
    main()
