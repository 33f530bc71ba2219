"""Every look at a full NIK, and every export of personal data, is logged: who, whom, when, where, why."""

from __future__ import annotations

import fastexcel

from payung.audit.models import PersonalDataAccess, PersonalDataSubject
from payung.registry.exports import export_workers_xlsx
from payung.registry.models import Worker


def test_a_persons_page_logs_the_look_and_shows_who_looked(client, alice, bob, worker_factory):
    worker = worker_factory("13.02.07.2001", name="Rosmiati Koto")
    client.force_login(bob)
    client.get(f"/pekerja/{worker.pk}/")
    access = PersonalDataAccess.objects.get()
    assert (access.actor, access.actor_name, access.channel, access.full_nik) == (bob, "bob", "page", True)
    assert access.location == f"/pekerja/{worker.pk}/"
    assert list(access.subjects.values_list("worker_id", "regency_code")) == [(worker.pk, "13.02")]
    client.force_login(alice)
    page = client.get(f"/pekerja/{worker.pk}/").content.decode()
    assert "Dilihat oleh" in page and "bob" in page and "Halaman orang" in page


def test_the_list_export_asks_for_its_purpose_and_logs_one_row_for_all(client, bob, worker_factory):
    workers = [worker_factory("13.02.07.2001", name=f"Pekerja {i:02d}") for i in range(12)]
    client.force_login(bob)
    asked = client.get("/pekerja/unduh.xlsx", {"decile": ""})
    assert asked.status_code == 200 and "Tujuan pengunduhan" in asked.content.decode()
    assert 'name="decile"' in asked.content.decode()  # the filters travel with the form
    assert not PersonalDataAccess.objects.exists()
    too_short = client.get("/pekerja/unduh.xlsx", {"purpose": "x"})
    assert "Tujuan pengunduhan" in too_short.content.decode()
    response = client.get("/pekerja/unduh.xlsx", {"purpose": "verifikasi data desa"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    b"".join(response.streaming_content)
    access = PersonalDataAccess.objects.get()
    assert (access.channel, access.purpose, access.subject_count, access.full_nik) == (
        "export",
        "verifikasi data desa",
        12,
        False,
    )
    assert sorted(access.subjects.values_list("worker_id", flat=True)) == sorted(w.pk for w in workers)


def test_a_big_export_writes_its_people_in_bulk(bob, worker_factory, django_assert_max_num_queries):
    for i in range(30):
        worker_factory("13.02.07.2001", name=f"Pekerja {i:02d}")
    # 30 people, a handful of statements: the log does not grow a query per person.
    with django_assert_max_num_queries(12):
        export_workers_xlsx(Worker.objects.order_by("name", "id"), bob, purpose="rekonsiliasi data")
    assert PersonalDataSubject.objects.count() == 30


def test_the_regency_admin_reads_and_downloads_the_log_of_its_regency(
    client, alice, bob, dina, worker_factory
):
    solok = worker_factory("13.02.07.2001", name="Rosmiati Koto")
    enrekang = worker_factory("73.16.01.2001", name="Baharuddin Tahir", sex="L")
    client.force_login(bob)
    client.get(f"/pekerja/{solok.pk}/")
    client.force_login(dina)
    client.get(f"/pekerja/{enrekang.pk}/")
    client.force_login(alice)
    page = client.get("/jejak/akses/").content.decode()
    assert "bob" in page and "dina" not in page
    access = PersonalDataAccess.objects.get(actor=bob)
    detail = client.get(f"/jejak/akses/{access.pk}/").content.decode()
    assert f"pekerja {solok.pk}" in detail
    assert client.get(f"/jejak/akses/{PersonalDataAccess.objects.get(actor=dina).pk}/").status_code == 404
    response = client.get("/jejak/akses/", {"format": "xlsx"})
    frame = (
        fastexcel.read_excel(b"".join(response.streaming_content)).load_sheet(0, dtypes="string").to_polars()
    )
    assert frame["Pengguna"].to_list() == ["bob"]
    assert frame["Lewat"].to_list() == ["Halaman orang"]
    assert "bob" in client.get("/jejak/akses/", {"person": solok.pk}).content.decode()
    assert "Tidak ada catatan" in client.get("/jejak/akses/", {"person": enrekang.pk}).content.decode()
