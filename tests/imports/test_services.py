import datetime as dt

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile

from payung.audit.models import AuditEvent
from payung.imports import checks, writer
from payung.imports.models import ImportJob, Status
from payung.imports.services import (
    ImportRefused,
    column_mapping_save,
    import_job_cancel,
    import_job_choose_header,
    import_job_confirm,
    import_job_create,
    import_path,
    run,
)
from payung.registry.models import Worker

from .files import FEMALE, HEADER, csv_file, guided_csv, person

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def write(tmp_path):
    def make(data: bytes, name: str = "daftar.csv"):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return make


def cli(path, *, dry_run=False, valid_only=False, **kwargs):
    return import_path(path, dry_run=dry_run, valid_only=valid_only, today=TODAY, **kwargs)


def codes(outcome):
    return [(p["row"], p["code"]) for p in outcome.problems()]


def test_a_dry_run_counts_every_row_and_writes_nothing(regions, write):
    outcome = cli(write(csv_file(person(1), person(2, sex=FEMALE))), dry_run=True)
    job = outcome.job
    assert (job.status, job.rows, job.valid, job.invalid, job.new) == (Status.CHECKED, 2, 2, 0, 2)
    assert Worker.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_it_imports_a_clean_file_and_audits_each_worker(regions, write):
    outcome = cli(write(csv_file(person(1), person(2, sex=FEMALE, phone="+62 812 3456 7890"))))
    assert outcome.job.status == Status.DONE
    assert outcome.job.created == 2
    worker = Worker.objects.get(name="Pekerja 2")
    assert (worker.sex, worker.phone, worker.district_code, worker.regency_code) == (
        "P",
        "081234567890",
        "13.02.07",
        "13.02",
    )
    assert worker.birth_date == dt.date(1980, 3, 12)
    assert worker.occupation_id == "petani"
    events = AuditEvent.objects.filter(object_type="worker", action="create")
    assert sorted(events.values_list("object_id", flat=True)) == sorted(
        str(pk) for pk in Worker.objects.values_list("pk", flat=True)
    )
    event = events.get(object_id=str(worker.pk))
    assert event.source == "cli"
    assert event.changes["nik"] == [None, worker.nik]
    assert event.changes["has_disability"] == [None, "tidak"]
    assert event.note.startswith(f"impor #{outcome.job.pk}")


def test_a_large_import_audits_each_creation_by_nik_and_the_row_of_the_kept_file(regions, write, monkeypatch):
    monkeypatch.setattr(writer, "FULL_AUDIT_MAX", 1)
    outcome = cli(write(csv_file(person(1), person(2, sex=FEMALE)), name='da"ftar.csv'))
    assert outcome.job.created == 2
    events = AuditEvent.objects.filter(object_type="worker", action="create")
    assert events.count() == 2
    for row, worker in ((4, Worker.objects.get(name="Pekerja 1")), (5, Worker.objects.get(name="Pekerja 2"))):
        event = events.get(object_id=str(worker.pk))
        assert event.source == "cli"
        assert event.changes == {
            "nik": [None, worker.nik],
            "sumber": [None, f'impor #{outcome.job.pk} da"ftar.csv, baris {row}'],
        }
        assert event.note == f'impor #{outcome.job.pk} da"ftar.csv'
    with outcome.job.file.open("rb") as kept:  # the values behind the rows
        assert kept.read() == csv_file(person(1), person(2, sex=FEMALE))


def test_a_nik_registered_while_the_import_runs_rolls_everything_back(regions, write, monkeypatch):
    real = writer.write_plan

    def meanwhile(rows, **kwargs):
        first = rows.sort("_row").row(0, named=True)
        Worker.objects.create(
            nik=first["nik"],
            name="Orang Lain",
            sex=first["sex"],
            birth_date=first["birth_date"],
            village_id=first["village"],
            district_code=first["village"][:8],
            regency_code=first["village"][:5],
            province_code=first["village"][:2],
            occupation_id="petani",
        )
        return real(rows, **kwargs)

    monkeypatch.setattr("payung.imports.running.write_plan", meanwhile)
    outcome = cli(write(csv_file(person(1), person(2))))
    assert (outcome.job.status, outcome.job.file_error_code) == (Status.FAILED, "registry_changed")
    assert Worker.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_importing_the_same_file_twice_changes_nothing(regions, write):
    path = write(csv_file(person(1), person(2)))
    cli(path)
    before = list(Worker.objects.values_list("pk", "updated_at"))
    again = cli(path).job
    assert (again.created, again.written_updates, again.unchanged) == (0, 0, 2)
    assert list(Worker.objects.values_list("pk", "updated_at")) == before
    assert AuditEvent.objects.count() == 2


def test_one_invalid_row_means_nothing_is_written(regions, write):
    outcome = cli(write(csv_file(person(1), person(2).replace(";L;", ";X;"))))
    assert outcome.job.status == Status.REJECTED
    assert codes(outcome) == [(5, "sex_invalid")]
    assert Worker.objects.count() == 0


def test_valid_only_writes_the_valid_rows(regions, write):
    outcome = cli(write(csv_file(person(1), person(2).replace(";L;", ";X;"))), valid_only=True)
    assert outcome.job.status == Status.DONE
    assert (outcome.job.created, outcome.job.invalid) == (1, 1)
    assert list(Worker.objects.values_list("name", flat=True)) == ["Pekerja 1"]


def test_the_same_nik_twice_rejects_the_later_row_naming_the_earlier(regions, write):
    outcome = cli(write(csv_file(person(1), person(2), person(1, name="Orang Lain"))), dry_run=True)
    [problem] = outcome.problems()
    assert (problem["row"], problem["code"], problem["column"]) == (6, "duplicate_in_file", "NIK")
    assert "baris 4" in problem["message"]


def test_the_nik_must_agree_with_birth_date_and_sex(regions, write):
    wrong_date = person(1).replace("12/03/1980", "13/03/1980")
    wrong_sex = person(2).replace(";L;", ";P;")
    outcome = cli(write(csv_file(wrong_date, wrong_sex)), dry_run=True)
    assert codes(outcome) == [(4, "nik_birth_date_mismatch"), (5, "nik_sex_mismatch")]


def test_a_registered_worker_gets_only_its_empty_fields_filled(regions, write, worker_factory):
    worker = worker_factory(
        name="Pekerja 1", sex="L", birth_date=dt.date(1980, 3, 12), phone="", dtsen_decile=2
    )
    line = person(1, phone="081299998888", decile="5").replace(person(1).split(";")[0], worker.nik)
    outcome = cli(write(csv_file(line)))
    assert (outcome.job.new, outcome.job.updated, outcome.job.written_updates) == (0, 1, 1)
    worker.refresh_from_db()
    assert worker.phone == "081299998888"
    assert worker.dtsen_decile == 2  # kept: the registry had a value
    event = AuditEvent.objects.get(action="update", object_id=str(worker.pk))
    assert event.changes == {"phone": ["", "081299998888"]}
    assert [w["code"] for w in outcome.job.warning_list] == ["registry_kept"]


def test_a_different_name_or_birth_date_is_a_conflict_shown_side_by_side(regions, write, worker_factory):
    worker = worker_factory(name="Siti Rahma", sex=FEMALE, birth_date=dt.date(1985, 3, 12))
    line = ";".join([worker.nik, "Siti Aminah", "P", "12/03/1985", "13.02.07.2001", "Petani", "1", ""])
    outcome = cli(write(csv_file(line)), dry_run=True)
    assert codes(outcome) == [(4, "registry_conflict")]
    [conflict] = outcome.job.conflicts
    assert conflict["registry"]["name"] == "Siti Rahma"
    assert conflict["file"]["name"] == "Siti Aminah"
    assert conflict["worker_id"] == worker.pk


def test_the_same_name_written_differently_is_not_a_conflict(regions, write, worker_factory):
    worker = worker_factory(name="Siti Rahma", sex=FEMALE, birth_date=dt.date(1985, 3, 12))
    line = ";".join([worker.nik, "SITI  RAHMA", "P", "12/03/1985", "13.02.07.2001", "Petani", "1", ""])
    assert cli(write(csv_file(line)), dry_run=True).problems() == []


def upload(user, data: bytes, **kwargs) -> ImportJob:
    return import_job_create(actor=user, file=ContentFile(data), name="daftar.csv", start=False, **kwargs)


def test_an_operator_imports_only_into_villages_of_their_regions(regions, bob):
    job = upload(bob, csv_file(person(1), person(2, village="73.16.01.2001")))
    outcome = run(job, today=TODAY)
    assert codes(outcome) == [(5, "village_unknown")]
    assert "wilayah kerja Anda" in outcome.problems()[0]["message"]


def test_an_operator_cannot_touch_a_worker_registered_elsewhere(regions, charlie, worker_factory):
    worker = worker_factory(
        village="13.02.07.2001", name="Pekerja 1", sex="L", birth_date=dt.date(1980, 3, 12)
    )
    line = ";".join([worker.nik, "Pekerja 1", "L", "12/03/1980", "73.16.01.2001", "Petani", "1", ""])
    outcome = run(upload(charlie, csv_file(line)), today=TODAY)
    assert codes(outcome) == [(4, "nik_registered_elsewhere")]
    assert "Pekerja 1" not in outcome.problems()[0]["message"]


def test_village_names_resolve_within_the_district_chosen_for_the_file(regions, bob):
    line = person(1).replace("13.02.07.2001", "Desa Cupak")
    outcome = run(upload(bob, csv_file(line), district_code="13.02.07"), today=TODAY)
    assert outcome.problems() == []
    assert outcome.plan.rows.get_column("village").to_list() == ["13.02.07.2002"]


def test_a_crash_midway_leaves_the_registry_as_it_was(regions, write, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer, "_update", boom)
    outcome = cli(write(csv_file(person(1), person(2))))
    assert outcome.job.status == Status.FAILED
    assert outcome.job.file_error_code == "crashed"
    assert Worker.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_cancel_asked_while_the_import_checks_stops_it_and_writes_nothing(regions, bob, monkeypatch):
    job = upload(bob, csv_file(person(1), person(2)))
    job.dry_run = False
    job.save()
    original = checks._check_villages

    def cancel_then_check(*args, **kwargs):  # the operator presses "Batalkan" while the rows are checked
        import_job_cancel(actor=bob, job=ImportJob.objects.get(pk=job.pk))
        return original(*args, **kwargs)

    monkeypatch.setattr(checks, "_check_villages", cancel_then_check)
    outcome = run(job, today=TODAY)
    assert outcome.job.status == Status.CANCELLED
    assert Worker.objects.count() == 0
    job.refresh_from_db()
    assert (job.status, job.cancel_requested) == (Status.CANCELLED, False)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.4 fake", "not_spreadsheet"),
        (b"", "empty_file"),
        (b"Nama;Alamat\nBudi;Jl\n", "no_nik_column"),
    ],
)
def test_an_unreadable_file_fails_with_one_clear_message(regions, write, data, code):
    outcome = cli(write(data, "daftar.xlsx"))
    assert outcome.job.status == Status.FAILED
    assert outcome.job.file_error_code == code
    assert outcome.job.file_error
    assert Worker.objects.count() == 0


def test_a_file_over_the_limit_is_refused(regions, write, settings):
    settings.PAYUNG_MAX_UPLOAD_BYTES = 100
    outcome = cli(write(csv_file(person(1), person(2), person(3))))
    assert outcome.job.file_error_code == "file_too_large"


def test_the_error_report_holds_the_rows_an_error_column_and_no_formulas(regions, write, tmp_path):
    import fastexcel

    evil = person(2, name='=HYPERLINK("http://x")').replace(";L;", ";X;")
    report = tmp_path / "laporan.xlsx"
    cli(write(csv_file(person(1), evil)), dry_run=True, report_path=report)
    frame = fastexcel.read_excel(report.read_bytes()).load_sheet(0, dtypes="string").to_polars()
    assert frame.columns[-3:] == ["Baris Asal", "Kesalahan", "Peringatan"]
    assert frame.get_column("Baris Asal").to_list() == ["4", "5"]
    assert frame.get_column("Nama").to_list()[1].startswith("'=")
    assert "Jenis kelamin" in frame.get_column("Kesalahan").to_list()[1]
    assert frame.get_column("Kesalahan").to_list()[0] is None


def test_a_fixed_report_can_be_uploaded_again(regions, write, tmp_path):
    report = tmp_path / "laporan.xlsx"
    cli(write(csv_file(person(1), person(2, phone="+6281234567890"))), dry_run=True, report_path=report)
    outcome = cli(report)
    assert outcome.job.status == Status.DONE
    assert outcome.job.created == 2
    assert Worker.objects.get(name="Pekerja 2").phone == "081234567890"


def test_an_operators_column_mapping_is_remembered_for_their_next_file(regions, bob):
    data = csv_file(person(1, phone="081234567890")).replace(b"No HP", b"Kontak WA Keluarga")
    first = run(upload(bob, data), today=TODAY).job
    assert first.layout["unrecognised"] == [{"index": 7, "header": "Kontak WA Keluarga"}]
    column_mapping_save(actor=bob, mapping={"Kontak WA Keluarga": "phone"})
    second = run(upload(bob, data), today=TODAY)
    assert second.job.layout["unrecognised"] == []
    assert second.plan.rows.get_column("phone").to_list() == ["081234567890"]


def test_plan_rows_keep_the_spreadsheet_row_numbers(regions, write):
    outcome = cli(write(csv_file(person(1), ";;;;;;;", person(2))), dry_run=True)
    assert outcome.plan.rows.get_column("_row").to_list() == [4, 6]
    assert outcome.plan.rows.filter(pl.col("_op") == "new").height == 2


def test_a_worker_already_covered_by_a_funder_is_flagged_with_its_name(regions, alice, write, worker_factory):
    from payung.schemes.services.memberships import membership_propose
    from tests.schemes.builders import TODAY as PLANNING_DAY
    from tests.schemes.builders import make_scheme

    worker = worker_factory(name="Pekerja 1", sex="L", birth_date=dt.date(1980, 3, 12))
    scheme = make_scheme(alice, name="UCJ APBD Solok 2026")
    membership_propose(actor=alice, scheme=scheme, worker=worker, today=PLANNING_DAY)
    line = ";".join([worker.nik, "Pekerja 1", "L", "12/03/1980", "13.02.07.2001", "Petani", "1", ""])
    outcome = cli(write(csv_file(line)), dry_run=True)
    assert [(w["code"], w["row"]) for w in outcome.job.warning_list] == [("covered_by_other_funder", 4)]
    assert "UCJ APBD Solok 2026" in outcome.job.warning_list[0]["message"]


def test_a_big_files_report_keeps_only_the_rows_with_errors(regions, write, tmp_path, monkeypatch):
    import fastexcel

    from payung.imports import report as report_module

    monkeypatch.setattr(report_module, "ALL_ROWS_LIMIT", 1)
    target = tmp_path / "laporan.xlsx"
    cli(
        write(csv_file(person(1), person(2).replace(";L;", ";X;"), person(3))),
        dry_run=True,
        report_path=target,
    )
    reader = fastexcel.read_excel(target.read_bytes())
    assert reader.sheet_names == ["Periksa", "Catatan"]
    frame = reader.load_sheet(0, dtypes="string").to_polars()
    assert frame.get_column("Baris Asal").to_list() == ["5"]


def test_a_chosen_header_row_is_kept_on_the_job_and_every_later_read_uses_it(regions, bob):
    job = run(upload(bob, guided_csv(person(1), person(2))), today=TODAY).job
    assert (job.layout["header_row"], job.rows, job.invalid) == (2, 4, 2)  # the guide and the header as rows
    assert [c["row"] for c in job.layout["candidates"]] == [1, 2, 3, 5, 6, 7]
    assert job.layout["candidates"][1] == {
        "row": 2,
        "cells": ["NIK", "Nama", "JK", "Tgl Lahir"],
        "more": True,
    }
    import_job_choose_header(actor=bob, job=job, header_row=5)  # the check runs again (tasks run at once)
    job.refresh_from_db()
    assert (job.header_row, job.layout["header_row"], job.status) == (5, 5, Status.CHECKED)
    assert (job.rows, job.valid, job.invalid) == (2, 2, 0)
    assert [item["row"] for item in job.preview] == [6, 7]
    import_job_confirm(actor=bob, job=job)
    job.refresh_from_db()
    assert (job.status, job.created) == (Status.DONE, 2)


def test_the_chosen_header_row_can_be_given_back_to_detection(regions, bob):
    job = run(upload(bob, guided_csv(person(1))), today=TODAY).job
    import_job_choose_header(actor=bob, job=job, header_row=5)
    job.refresh_from_db()
    import_job_choose_header(actor=bob, job=job, header_row=None)
    job.refresh_from_db()
    assert (job.header_row, job.layout["header_row"]) == (None, 2)


@pytest.mark.parametrize("row", [0, 16])
def test_a_header_row_outside_the_first_15_is_refused_with_a_clear_message(regions, bob, row):
    job = run(upload(bob, guided_csv(person(1))), today=TODAY).job
    with pytest.raises(ImportRefused, match=r"^Baris judul kolom harus nomor 1 sampai 15\.$"):
        import_job_choose_header(actor=bob, job=job, header_row=row)
    job.refresh_from_db()
    assert (job.header_row, job.status) == (None, Status.CHECKED)


def test_a_header_row_past_the_end_of_the_file_fails_the_check_and_offers_the_rows_again(regions, bob):
    job = run(upload(bob, csv_file(person(1))), today=TODAY).job
    import_job_choose_header(actor=bob, job=job, header_row=9)
    job.refresh_from_db()
    assert (job.status, job.file_error_code) == (Status.FAILED, "header_row_outside")
    assert job.file_error.startswith("Baris 9 tidak ada: lembar kerja ini hanya berisi 4 baris.")
    assert [c["row"] for c in job.layout["candidates"]] == [1, 3, 4]


def test_a_chosen_header_row_without_a_nik_column_offers_its_columns_to_map(regions, bob):
    header = HEADER.replace("NIK", "Nomor Induk Warga")  # the guide above says "No. Induk Warga"
    data = guided_csv(person(1), person(2), header=header).replace(b"NIK;", b"No. Induk Warga;")
    job = run(upload(bob, data), today=TODAY).job
    assert (job.file_error_code, job.layout["header_row"]) == ("no_nik_column", 2)
    import_job_choose_header(actor=bob, job=job, header_row=5)
    job.refresh_from_db()
    assert (job.file_error_code, job.layout["header_row"]) == ("no_nik_in_header_row", 5)
    assert job.layout["unrecognised"] == [{"index": 0, "header": "Nomor Induk Warga"}]
    column_mapping_save(actor=bob, mapping={"Nomor Induk Warga": "nik"})
    job = run(job, today=TODAY).job
    assert (job.status, job.layout["header_row"], job.valid) == (Status.CHECKED, 5, 2)


def test_only_the_owner_of_a_job_chooses_its_header_row(regions, bob, charlie):
    job = run(upload(bob, guided_csv(person(1))), today=TODAY).job
    with pytest.raises(PermissionDenied):
        import_job_choose_header(actor=charlie, job=job, header_row=5)
    job.refresh_from_db()
    assert job.header_row is None


def test_the_error_report_writes_dates_as_dates_not_as_text_or_excel_serials(regions, write, tmp_path):
    import io

    import fastexcel
    import xlsxwriter

    birth = dt.date(1980, 3, 15)
    serial = (birth - dt.date(1899, 12, 30)).days
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    date_cell = book.add_format({"num_format": "dd/mm/yyyy"})
    for column, text in enumerate(HEADER.split(";")):
        sheet.write_string(0, column, text)
    for row, when in enumerate([birth, serial, "15/03/1980", "32/13/1980"], start=1):
        for column, value in enumerate(person(row, birth=birth).split(";")):
            sheet.write_string(row, column, value)
        if isinstance(when, dt.date):
            sheet.write_datetime(row, 3, when, date_cell)
        elif isinstance(when, int):
            sheet.write_number(row, 3, when)  # a date typed where the column is formatted as a number
        else:
            sheet.write_string(row, 3, when)
    book.close()
    report = tmp_path / "laporan.xlsx"
    cli(write(buffer.getvalue(), name="daftar.xlsx"), dry_run=True, report_path=report)
    reader = fastexcel.read_excel(report.read_bytes())
    as_dates = reader.load_sheet(0, dtypes={"Tgl Lahir": "datetime"}).to_polars().get_column("Tgl Lahir")
    assert [d.date() if d else None for d in as_dates.to_list()] == [birth, birth, birth, None]
    as_text = reader.load_sheet(0, dtypes="string").to_polars().get_column("Tgl Lahir").to_list()
    assert as_text[3] == "32/13/1980"  # what could not be read stays as typed
