"""Importing BPS denominators and BPJS participation reports: Solok's figure, and bad input refused whole."""

import datetime as dt
import json

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError

from payung.coverage.importing import CoverageImportError, import_participation
from payung.coverage.models import CoverageMonth, LabourForceStat, ParticipationReport

from .helpers import labour_force, participation, write_csv

pytestmark = pytest.mark.django_db


def solok_rows():
    # June 2025 as the Wakil Bupati gave it: 31,442 participants of 226,964 in the labour force.
    return (
        "13.02,2025-06,PU,18200",
        "13.02,2025-06,BPU,11642",
        "13.02,2025-06,JAKON,1300",
        "13.02,2025-06,PMI,300",
    )


def test_it_reproduces_the_solok_figure_from_imported_rows(regions, tmp_path, capsys):
    labour_force(tmp_path, "13.02,2025,226964,215500")
    participation(tmp_path, *solok_rows())
    call_command("coverage", "13.02", "--month", "2025-06", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result == {
        "region": "13.02",
        "month": "2025-06",
        "participants": 31_442,
        "denominator": 226_964,
        "denominator_kind": "labour_force",
        "coverage_pct": 13.85,
        "uncovered": 195_522,
        "target_pct": None,
        "target_year": None,
    }


def test_the_employed_population_is_the_other_denominator(regions, tmp_path, capsys):
    labour_force(tmp_path, "13.02,2025,226964,215500")
    participation(tmp_path, *solok_rows())
    call_command("coverage", "13.02", "--month", "2025-06", "--denominator", "employed", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["denominator"] == 215_500
    assert result["denominator_kind"] == "employed"
    assert result["coverage_pct"] == 14.59


def test_an_xlsx_file_imports_like_a_csv_with_thousands_dots(regions, tmp_path):
    path = tmp_path / "bps.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Region Code", "Year", "Labour Force", "Employed"])
    sheet.write_row(1, 0, ["13.02", 2025, "226.964", 215500])
    book.close()
    call_command("import_labour_force", str(path))
    stat = LabourForceStat.objects.get(region_id="13.02", year=2025)
    assert (stat.labour_force, stat.employed) == (226_964, 215_500)


def test_reimporting_a_month_replaces_it(regions, tmp_path):
    participation(tmp_path, "13.02,2025-06,PU,100")
    result = participation(tmp_path, "13.02,2025-06,PU,120")
    assert (result.created, result.updated) == (0, 1)
    assert ParticipationReport.objects.get().active == 120
    assert CoverageMonth.objects.get(region_id="13.02").participants == 120


def test_bad_rows_are_all_named_and_nothing_is_imported(regions, tmp_path):
    next_month = (dt.date.today().replace(day=1) + dt.timedelta(days=70)).strftime("%Y-%m")
    path = write_csv(
        tmp_path / "bad.csv",
        "region_code,month,segment,active",
        [
            "13.02,2025-06,PU,100",
            "99.99,2025-06,PU,5",
            f"13.02,{next_month},BPU,5",
            "13.02,2025-07,BPU,-3",
            "13.02,2025-07,PBI,3",
            "13.02,2025-13,PU,3",
        ],
    )
    with pytest.raises(CoverageImportError) as caught:
        import_participation(path=path)
    problems = {(p.row, p.field) for p in caught.value.problems}
    assert problems == {(3, "region_code"), (4, "month"), (5, "active"), (6, "segment"), (7, "month")}
    assert "unknown region code '99.99'" in str(caught.value)
    assert "is in the future" in str(caught.value)
    assert "negative count" in str(caught.value)
    assert ParticipationReport.objects.count() == 0
    assert CoverageMonth.objects.count() == 0


def test_the_command_refuses_a_bad_labour_force_file_with_a_clear_message(regions, tmp_path):
    path = write_csv(
        tmp_path / "bps.csv",
        "region_code,year,labour_force,employed",
        ["13.02,2025,226964,215500", "13.02,2025,1,1", "13.02.07,2024,100,200", "13.02.10,2024,,5"],
    )
    with pytest.raises(CommandError) as caught:
        call_command("import_labour_force", str(path))
    message = str(caught.value)
    assert "row 3, region_code: 13.02 2025 also on row 2" in message
    assert "row 4, employed: employed 200 is more than the labour force 100" in message
    assert "row 5, labour_force: required" in message
    assert LabourForceStat.objects.count() == 0


def test_a_missing_column_is_named(regions, tmp_path):
    path = write_csv(tmp_path / "bps.csv", "region_code,year,labour_force", ["13.02,2025,5"])
    with pytest.raises(CommandError, match="missing column\\(s\\) employed"):
        call_command("import_labour_force", str(path))


def test_a_denominator_smaller_than_the_participants_is_a_warning_naming_the_region(regions, tmp_path):
    participation(tmp_path, "13.02,2025-06,PU,5000")
    result = labour_force(tmp_path, "13.02,2025,4000,3500")
    assert len(result.warnings) == 2
    assert (
        "13.02 Kabupaten Solok 2025: labour force 4,000 is smaller than the 5,000 participants"
        in result.warnings[0]
    )
    assert LabourForceStat.objects.filter(region_id="13.02").exists()


def test_the_coverage_command_warns_above_100_percent_and_rejects_bad_arguments(regions, tmp_path, capsys):
    participation(tmp_path, "13.02,2025-06,PU,5000")
    labour_force(tmp_path, "13.02,2025,4000,3500")
    call_command("coverage", "13.02", "--month", "2025-06", "--json")
    captured = capsys.readouterr()
    assert json.loads(captured.out)["coverage_pct"] == 125.0
    assert "Kabupaten Solok" in captured.err
    with pytest.raises(CommandError, match="unknown region code"):
        call_command("coverage", "99.99", "--month", "2025-06")
    with pytest.raises(CommandError, match="in the future"):
        call_command("coverage", "13.02", "--month", "2999-01")


def test_an_xlsx_report_with_real_date_cells_and_a_semicolon_csv_import(regions, tmp_path):
    path = tmp_path / "bpjs.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    dates = book.add_format({"num_format": "mmm yyyy"})
    sheet.write_row(0, 0, ["Region Code", "Month (YYYY-MM)", "Segment", "Active"])
    sheet.write_string(1, 0, "13.02")
    sheet.write_datetime(1, 1, dt.datetime(2025, 6, 1), dates)
    sheet.write_row(1, 2, ["bpu", 11642])
    book.close()
    import_participation(path=path)
    assert ParticipationReport.objects.get().month == dt.date(2025, 6, 1)
    semicolons = write_csv(
        tmp_path / "pu.csv", "region_code;month;segment;active", ["13.02;2025-06;PU;18.200"]
    )
    import_participation(path=semicolons)
    assert ParticipationReport.objects.get(segment="PU").active == 18_200


def write_ods(path, rows):
    """A minimal OpenDocument spreadsheet (what LibreOffice saves), one table of text cells."""
    import zipfile

    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
            for value in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Data">{cells}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("content.xml", content)
        book.writestr("META-INF/manifest.xml", manifest)


def test_an_ods_report_imports_through_the_one_spreadsheet_reader(regions, tmp_path):
    path = tmp_path / "bpjs.ods"
    rows = [line.split(",") for line in solok_rows()]
    write_ods(path, [("region_code", "month", "segment", "active"), *rows])
    import_participation(path=path)
    assert ParticipationReport.objects.filter(region_id="13.02").count() == 4
    total = sum(r.active for r in ParticipationReport.objects.filter(region_id="13.02"))
    assert total == 31_442


def test_a_file_that_is_no_spreadsheet_is_refused_with_the_readers_message(regions, tmp_path):
    path = tmp_path / "laporan.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00\x01" * 200)
    with pytest.raises(CoverageImportError) as caught:
        import_participation(path=path)
    assert "bukan lembar kerja" in str(caught.value)
    assert not ParticipationReport.objects.exists()
