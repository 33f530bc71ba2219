import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from payung.imports.models import ColumnMapping, ImportJob, Status
from payung.registry.models import Worker

from .files import HEADER, csv_file, guided_csv, person


def upload(client, data: bytes, **extra):
    return client.post(reverse("imports:start"), {"file": SimpleUploadedFile("daftar.csv", data), **extra})


def test_an_operator_uploads_checks_and_imports(client, bob):
    client.force_login(bob)
    response = upload(client, csv_file(person(1), person(2)))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("imports:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Status.CHECKED  # the immediate task backend ran the dry run
    page = client.get(response.url).content.decode()
    assert "Impor sekarang" in page
    assert Worker.objects.count() == 0
    client.post(reverse("imports:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Status.DONE
    assert Worker.objects.count() == 2
    assert "Impor selesai" in client.get(reverse("imports:detail", args=[job.pk])).content.decode()


def test_rows_with_errors_are_listed_and_the_report_can_be_downloaded(client, bob):
    client.force_login(bob)
    upload(client, csv_file(person(1), person(2).replace(";L;", ";X;")))
    job = ImportJob.objects.get()
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "Jenis kelamin tidak dikenali" in page
    assert "Impor hanya 1 baris yang valid" in page
    report = client.get(reverse("imports:report", args=[job.pk]))
    assert report.status_code == 200
    assert b"".join(report.streaming_content)[:2] == b"PK"
    client.post(reverse("imports:confirm", args=[job.pk]))
    assert Worker.objects.count() == 0  # refused: invalid rows and valid-only not chosen
    client.post(reverse("imports:confirm", args=[job.pk]), {"valid_only": "1"})
    assert Worker.objects.count() == 1


def test_the_status_fragment_polls_while_running_and_stops_after(client, bob):
    client.force_login(bob)
    upload(client, csv_file(person(1)))
    job = ImportJob.objects.get()
    job.status = Status.IMPORTING
    job.save()
    fragment = client.get(reverse("imports:status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    assert "progress-bar" in fragment
    job.status = Status.DONE
    job.save()
    assert "every 1s" not in client.get(reverse("imports:status", args=[job.pk])).content.decode()


def test_an_unrecognised_column_can_be_mapped_and_is_remembered(client, bob):
    client.force_login(bob)
    upload(client, csv_file(person(1, phone="081234567890")).replace(b"No HP", b"Kontak"))
    job = ImportJob.objects.get()
    assert "Kontak" in client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    client.post(reverse("imports:columns", args=[job.pk]), {"col_0": "phone"})
    assert ColumnMapping.objects.get(user=bob).field == "phone"
    job.refresh_from_db()
    assert job.layout["unrecognised"] == []


def test_someone_elses_import_is_not_found(client, bob, charlie):
    client.force_login(bob)
    upload(client, csv_file(person(1)))
    job = ImportJob.objects.get()
    client.force_login(charlie)
    assert client.get(reverse("imports:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("imports:original", args=[job.pk])).status_code == 404
    assert "daftar.csv" not in client.get(reverse("imports:history")).content.decode()


def test_a_viewer_may_not_import(client, vera):
    client.force_login(vera)
    assert client.get(reverse("imports:start")).status_code == 403


def test_history_lists_who_when_file_and_counts(client, bob):
    client.force_login(bob)
    upload(client, csv_file(person(1), person(2)))
    page = client.get(reverse("imports:history")).content.decode()
    assert "daftar.csv" in page
    assert "bob" in page


@pytest.mark.parametrize("data", [b"%PDF-1.4", b""])
def test_a_bad_file_shows_one_clear_message(client, bob, data):
    client.force_login(bob)
    response = upload(client, data)
    if response.status_code == 200:  # Django refuses an empty upload in the form itself
        assert "kosong" in response.content.decode().lower() or "file" in response.content.decode().lower()
        return
    page = client.get(response.url).content.decode()
    assert "Berkas tidak dapat diproses" in page


def test_cancel_before_import_marks_the_job_cancelled(client, bob):
    client.force_login(bob)
    upload(client, csv_file(person(1)))
    job = ImportJob.objects.get()
    client.post(reverse("imports:cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Status.CANCELLED


def test_a_file_over_the_limit_is_refused_at_upload(client, bob, settings):
    settings.PAYUNG_MAX_UPLOAD_BYTES = 10
    client.force_login(bob)
    response = upload(client, csv_file(person(1)))
    assert response.status_code == 200
    assert "terlalu besar" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_dry_run_previews_the_first_rows_as_understood(client, bob):
    client.force_login(bob)
    upload(client, csv_file(person(1, phone="+62 812 3456 7890")))
    job = ImportJob.objects.get()
    assert job.preview[0]["row"] == 4
    assert job.preview[0]["phone"] == "081234567890"
    assert job.preview[0]["birth_date"] == "12-03-1980"
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "081234567890" in page
    assert "Pratinjau" in page


def test_a_nik_column_with_an_unknown_header_can_be_mapped_by_hand(client, bob):
    client.force_login(bob)
    upload(client, csv_file(person(1), person(2)).replace(b"NIK;", b"No. Induk Warga;"))
    job = ImportJob.objects.get()
    assert (job.status, job.file_error_code) == (Status.FAILED, "no_nik_column")
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "No. Induk Warga" in page
    headers = [item["header"] for item in job.layout["unrecognised"]]
    client.post(reverse("imports:columns", args=[job.pk]), {f"col_{headers.index('No. Induk Warga')}": "nik"})
    job.refresh_from_db()
    assert (job.status, job.valid) == (Status.CHECKED, 2), (job.rows, job.errors[:3], job.layout)


def test_the_history_of_a_worker_from_a_large_import_names_the_job_file_and_row(client, bob, monkeypatch):
    from payung.imports import writer

    monkeypatch.setattr(writer, "FULL_AUDIT_MAX", 1)
    client.force_login(bob)
    upload(client, csv_file(person(1), person(2)))
    job = ImportJob.objects.get()
    client.post(reverse("imports:confirm", args=[job.pk]))
    worker = Worker.objects.get(name="Pekerja 2")
    page = client.get(reverse("registry:detail", args=[worker.pk])).content.decode()
    assert f"impor #{job.pk} daftar.csv, baris 5" in page
    assert "Dibuat" in page


def test_the_operator_chooses_the_header_row_and_the_file_is_checked_again_with_it(client, bob):
    client.force_login(bob)
    upload(client, guided_csv(person(1), person(2)))
    job = ImportJob.objects.get()
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "Baris judul kolom: 2 (ditemukan otomatis)." in page
    assert '<option value="5">Baris 5: NIK · Nama · JK · Tgl Lahir …</option>' in page
    assert "Baris 3: 16 angka · sesuai KTP · L atau P · hh/bb/tttt …" in page
    response = client.post(reverse("imports:header_row", args=[job.pk]), {"header_row": "5"}, follow=True)
    assert "Berkas diperiksa lagi dengan baris 5 sebagai judul kolom." in response.content.decode()
    assert "Baris judul kolom: 5 (dipilih)." in response.content.decode()
    job.refresh_from_db()
    assert (job.header_row, job.status, job.rows, job.valid) == (5, Status.CHECKED, 2, 2)
    client.post(reverse("imports:confirm", args=[job.pk]))
    assert Worker.objects.count() == 2


@pytest.mark.parametrize("value", ["16", "0", "lima"])
def test_a_header_row_outside_the_first_15_is_refused_with_a_clear_message(client, bob, value):
    client.force_login(bob)
    upload(client, guided_csv(person(1)))
    job = ImportJob.objects.get()
    response = client.post(reverse("imports:header_row", args=[job.pk]), {"header_row": value}, follow=True)
    assert "Baris judul kolom harus nomor 1 sampai 15." in response.content.decode()
    job.refresh_from_db()
    assert (job.header_row, job.status) == (None, Status.CHECKED)


def test_without_a_nik_header_the_operator_picks_the_header_row_then_its_nik_column(client, bob):
    client.force_login(bob)
    header = HEADER.replace("NIK", "Nomor Induk Warga")  # the guide above says "No. Induk Warga"
    upload(client, guided_csv(person(1), person(2), header=header).replace(b"NIK;", b"No. Induk Warga;"))
    job = ImportJob.objects.get()
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "baris yang paling mirip judul kolom: 2." in page
    assert "«No. Induk Warga»" in page
    assert 'data-testid="header-row"' in page
    client.post(reverse("imports:header_row", args=[job.pk]), {"header_row": "5"})
    job.refresh_from_db()
    assert (job.status, job.file_error_code) == (Status.FAILED, "no_nik_in_header_row")
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "Baris judul kolom: 5 (dipilih)." in page
    assert "«Nomor Induk Warga»" in page  # the column picker shows the chosen row's headers
    assert "«No. Induk Warga»" not in page
    client.post(reverse("imports:columns", args=[job.pk]), {"col_0": "nik"})
    job.refresh_from_db()
    assert (job.status, job.header_row, job.layout["header_row"], job.valid) == (Status.CHECKED, 5, 5, 2)


def test_someone_else_cannot_choose_the_header_row_of_a_job(client, bob, charlie):
    client.force_login(bob)
    upload(client, guided_csv(person(1)))
    job = ImportJob.objects.get()
    client.force_login(charlie)
    assert client.post(reverse("imports:header_row", args=[job.pk]), {"header_row": "5"}).status_code == 404
    job.refresh_from_db()
    assert job.header_row is None


def test_a_file_with_nothing_valid_offers_no_import_and_the_history_says_so(client, bob):
    client.force_login(bob)
    wrong = [person(i).replace(";L;", ";X;") for i in range(1, 21)]  # 20 rows, every sex unreadable
    upload(client, csv_file(*wrong))
    job = ImportJob.objects.get()
    assert (job.status, job.rows, job.invalid, job.valid) == (Status.CHECKED, 20, 20, 0)
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "Impor sekarang" not in page
    assert reverse("imports:confirm", args=[job.pk]) not in page
    assert "semua 20 baris salah" in page
    history = client.get(reverse("imports:history")).content.decode()
    assert "Semua baris salah" in history
    assert "Siap diimpor" not in history


def test_the_history_tells_a_file_with_some_wrong_rows_from_a_clean_one(client, bob):
    client.force_login(bob)
    upload(client, csv_file(person(1), person(2).replace(";L;", ";X;")))
    upload(client, csv_file(person(3)))
    history = client.get(reverse("imports:history")).content.decode()
    assert "Ada baris salah" in history
    assert "Siap diimpor" in history


def test_a_refused_file_is_not_kept_and_not_offered_for_download(client, bob, media):
    client.force_login(bob)
    upload(client, b"%PDF-1.7 bukan daftar")
    job = ImportJob.objects.get()
    assert (job.status, job.file_error_code, bool(job.file), job.sha256 != "") == (
        Status.FAILED,
        "not_spreadsheet",
        False,
        True,
    )
    assert not any(path.is_file() for path in (media / "imports").rglob("*"))
    assert client.get(reverse("imports:original", args=[job.pk])).status_code == 404
    assert (
        reverse("imports:original", args=[job.pk])
        not in client.get(reverse("imports:history")).content.decode()
    )


def test_the_upload_page_still_checks_the_csrf_token(bob):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    response = upload(client, csv_file(person(1)))
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_an_upload_past_the_limit_is_answered_in_words_and_nothing_of_it_kept(client, bob, settings, media):
    settings.PAYUNG_MAX_UPLOAD_BYTES = 2048
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload spooled to disk, as a big one would be
    client.force_login(bob)
    response = upload(client, csv_file(*(person(i) for i in range(1, 200))))
    assert response.status_code == 200
    assert "Berkas terlalu besar: batasnya 0 MB" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert not (media / "imports").exists()
