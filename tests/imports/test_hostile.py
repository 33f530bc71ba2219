"""Hostile files and values through the whole import, on SQLite and PostgreSQL alike.

Each file gets its own answer; a value the database could not store (a number past 2^63, a name longer
than its column, a NUL byte) is a row error of the dry run, never a crash of the import.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from payung.imports.models import Status
from payung.imports.services import import_path
from payung.registry.models import Worker

from .files import HEADER, csv_file, person

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def check(regions, tmp_path):
    def run(data: bytes, *, dry_run: bool = True, valid_only: bool = False):
        path = tmp_path / "daftar.csv"
        path.write_bytes(data)
        return import_path(path, dry_run=dry_run, valid_only=valid_only, today=TODAY)

    return run


def _junk_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"):
            archive.writestr(name, "sampah")
    return buffer.getvalue()


def _utf16() -> bytes:
    return ("\n".join([HEADER, person(1), person(2)]) + "\n").encode("utf-16")


# file -> (status, file error code, rows): what the operator is told, and whether an import is offered.
FILES = {
    "header, no rows": (b"NIK,Nama\n", Status.FAILED, "no_rows", 0),
    "header without a line end": (b"NIK,Nama", Status.FAILED, "no_rows", 0),
    "header only": ((HEADER + "\n").encode(), Status.FAILED, "no_rows", 0),
    "50 MB without a newline": (b"A" * (50 * 1024 * 1024), Status.FAILED, "no_line_end", 0),
    "a header row 50 MB long": (b"NIK,Nama," + b"A" * (50 * 1024 * 1024), Status.FAILED, "no_line_end", 0),
    "200,000 columns": (
        (",".join(["NIK", *(f"k{i}" for i in range(200_000))]) + "\n1\n").encode(),
        Status.FAILED,
        "too_many_columns",
        0,
    ),
    "zip of junk entries": (_junk_workbook(), Status.FAILED, "corrupt_workbook", 0),
    "invalid UTF-8": (
        (HEADER + "\n" + person(1) + "\n").encode() + b"1302071203800002;Bud\xc3\xa9 \xff;L\n",
        Status.FAILED,
        "broken_utf8",
        0,
    ),
    "UTF-16 with BOM": (_utf16(), Status.CHECKED, "", 2),
}


@pytest.mark.parametrize("name", list(FILES))
def test_each_hostile_file_gets_its_own_answer_and_no_import_button_unless_rows_are_valid(check, name):
    data, status, code, rows = FILES[name]
    job = check(data).job
    assert (job.status, job.file_error_code, job.rows) == (status, code, rows)
    assert job.can_import is (rows > 0)
    if code:
        assert job.file_error and "sistem" not in job.file_error
        assert not job.file, "a refused file is not kept beyond the answer"


def income_file(*incomes: str) -> bytes:
    header = HEADER + ";Penghasilan"
    lines = [f"{person(i + 1)};{income}" for i, income in enumerate(incomes)]
    return ("\n".join([header, *lines]) + "\n").encode()


HUGE = ["1e26", "9223372036854775807", "9223372036854775808", "1e400", "1.000.000.000.000.000"]


def test_numbers_past_what_the_database_holds_are_row_errors_not_a_system_error(check):
    outcome = check(income_file("1.500.000", *HUGE))
    job = outcome.job
    assert (job.status, job.rows, job.valid, job.invalid) == (Status.CHECKED, 6, 1, 5)
    problems = {p["row"]: p["code"] for p in outcome.problems()}
    assert problems == {
        3: "income_invalid",  # 1e26: scientific notation, refused by the money parser
        4: "income_implausible",
        5: "income_implausible",
        6: "income_invalid",
        7: "income_implausible",
    }


def test_an_implausible_income_is_refused_above_the_setting_and_taken_below_it(check, settings):
    settings.PAYUNG_MAX_MONTHLY_INCOME = 20_000_000
    outcome = check(income_file("20.000.000", "20.000.001"))
    assert [(p["row"], p["code"]) for p in outcome.problems()] == [(3, "income_implausible")]
    assert "Rp20.000.000" in outcome.problems()[0]["message"]


def test_valid_rows_import_beside_huge_numbers_on_this_database(check):
    job = check(income_file("1.500.000", *HUGE), dry_run=False, valid_only=True).job
    assert (job.status, job.created) == (Status.DONE, 1)
    assert Worker.objects.get().monthly_income == 1_500_000


def test_a_name_longer_than_its_column_is_a_row_error_of_the_dry_run(check):
    long_name = person(2, name="A" * 10_000)
    outcome = check(csv_file(person(1), long_name, title=False))
    assert [(p["row"], p["code"]) for p in outcome.problems()] == [(3, "text_too_long")]
    assert "10000 karakter, batasnya 150" in outcome.problems()[0]["message"]
    job = check(csv_file(person(1), long_name, title=False), dry_run=False, valid_only=True).job
    assert (job.status, job.created) == (Status.DONE, 1)


def test_a_nul_byte_after_the_first_64_kb_is_a_row_error_of_the_dry_run(check):
    rows = [person(i) for i in range(1, 1500)]
    rows.append(person(1500, name="Siti\x00Aminah"))
    data = csv_file(*rows, title=False)
    assert data.index(b"\x00") > 64 * 1024
    outcome = check(data)
    assert [(p["row"], p["code"]) for p in outcome.problems()] == [(1501, "text_control_chars")]
    assert "U+0000" in outcome.problems()[0]["message"]
    job = check(data, dry_run=False, valid_only=True).job
    assert (job.status, job.created) == (Status.DONE, 1499)


def test_a_long_unknown_occupation_is_refused_as_its_note_would_not_fit(check):
    outcome = check(csv_file(person(1, occupation="Penjual " + "x" * 200), title=False))
    assert [p["code"] for p in outcome.problems()] == ["text_too_long"]


@pytest.mark.parametrize("value", HUGE)
def test_a_huge_number_in_any_number_column_is_a_row_error(check, value):
    header = "NIK;Nama;JK;Tgl Lahir;Kode Desa;Pekerjaan;Desil;No HP;No KK;Penghasilan"
    good = person(1).split(";")
    rows = []
    for column in (0, 3, 6, 7, 8, 9):  # NIK, birth date, decile, phone, KK, income
        cells = [*good, "", ""]
        cells[column] = value
        rows.append(";".join(cells))
    outcome = check(("\n".join([header, *rows]) + "\n").encode())
    assert (outcome.job.status, outcome.job.invalid) == (Status.CHECKED, 6)
    assert {p["row"] for p in outcome.problems()} == {2, 3, 4, 5, 6, 7}
