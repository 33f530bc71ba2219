import json

import pytest
from django.core.management import call_command

from payung.imports.models import ImportJob, Source
from payung.registry.models import Worker

from .files import csv_file, person


def run_cli(capsys, *args):
    with pytest.raises(SystemExit) as exited:
        call_command("import_workers", *map(str, args))
    return exited.value.code, capsys.readouterr().out


@pytest.fixture
def path(tmp_path):
    def make(data: bytes, name: str = "daftar.csv"):
        target = tmp_path / name
        target.write_bytes(data)
        return target

    return make


def test_exit_0_and_json_for_a_clean_file(regions, path, capsys):
    code, out = run_cli(capsys, path(csv_file(person(1), person(2))), "--json")
    result = json.loads(out)
    assert code == 0
    assert {
        k: result[k]
        for k in ("rows", "valid", "invalid", "created", "updated", "unchanged", "warnings", "errors")
    } == {
        "rows": 2,
        "valid": 2,
        "invalid": 0,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "warnings": 0,
        "errors": [],
    }
    assert Worker.objects.count() == 2
    job = ImportJob.objects.get()
    assert (job.source, job.user, job.original_name) == (Source.CLI, None, "daftar.csv")


def test_exit_1_when_rows_are_rejected_and_nothing_is_written(regions, path, capsys):
    bad = person(2).replace("12/03/1980", "kemarin")
    code, out = run_cli(capsys, path(csv_file(person(1), bad)), "--json")
    result = json.loads(out)
    assert code == 1
    assert result["errors"] == [
        {
            "row": 5,
            "column": "Tgl Lahir",
            "code": "date_invalid",
            "message": "Tanggal tidak dikenali: kemarin. Gunakan format hh/bb/tttt, mis. 12/03/1980.",
        }
    ]
    assert (result["created"], result["written"]) == (0, False)
    assert Worker.objects.count() == 0


def test_valid_only_still_exits_1_but_writes_the_valid_rows(regions, path, capsys):
    bad = person(2).replace("12/03/1980", "kemarin")
    code, out = run_cli(capsys, path(csv_file(person(1), bad)), "--json", "--valid-only")
    assert code == 1
    assert json.loads(out)["created"] == 1
    assert Worker.objects.count() == 1


def test_dry_run_reports_what_would_happen(regions, path, capsys):
    code, out = run_cli(capsys, path(csv_file(person(1))), "--json", "--dry-run")
    assert code == 0
    assert json.loads(out)["created"] == 1
    assert Worker.objects.count() == 0


def test_exit_2_when_the_file_cannot_be_read(regions, path, capsys):
    code, out = run_cli(capsys, path(b"\x89PNG\r\n\x1a\n" + bytes(64), "foto.xlsx"), "--json")
    assert code == 2
    assert json.loads(out)["error"]["code"] == "not_spreadsheet"
    code, _ = run_cli(capsys, "/tidak/ada.xlsx")
    assert code == 2


def test_error_report_is_written_where_asked(regions, path, tmp_path, capsys):
    report = tmp_path / "OUT.xlsx"
    code, _ = run_cli(
        capsys, path(csv_file(person(1).replace(";L;", ";?;"))), "--error-report", report, "--dry-run"
    )
    assert code == 1
    assert report.read_bytes()[:2] == b"PK"


def test_human_output_names_row_column_and_reason(regions, path, capsys):
    code, out = run_cli(capsys, path(csv_file(person(1).replace(";L;", ";?;"))))
    assert code == 1
    assert "baris 4, kolom JK: Jenis kelamin tidak dikenali" in out


def test_district_lets_villages_be_named(regions, path, capsys):
    line = person(1).replace("13.02.07.2001", "Koto Gaek Guguak")
    code, out = run_cli(capsys, path(csv_file(line)), "--json", "--district", "13.02.07")
    assert code == 0, out
    assert Worker.objects.get().village_id == "13.02.07.2001"


def test_an_unknown_district_is_refused_before_reading(regions, path, capsys):
    code, out = run_cli(capsys, path(csv_file(person(1))), "--json", "--district", "99.99.99")
    assert code == 2
    assert json.loads(out)["error"]["code"] == "district_unknown"
