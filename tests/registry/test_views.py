from payung.audit.models import AuditEvent
from payung.registry.models import Worker


def form_data(worker, **changes):
    data = {
        "nik": worker.nik,
        "name": worker.name,
        "sex": worker.sex,
        "birth_date": worker.birth_date.isoformat(),
        "village_code": worker.village_id,
        "occupation_code": worker.occupation_id,
        "occupation_note": "",
        "dtsen_decile": worker.dtsen_decile or "",
        "monthly_income": worker.monthly_income or "",
        "phone": worker.phone,
        "kk_number": worker.kk_number,
    }
    data.update(changes)
    return data


def test_an_edit_is_saved_and_shown_in_the_history_with_screen_labels(client, bob, worker_factory):
    worker = worker_factory("13.02.07.2001", dtsen_decile=4)
    client.force_login(bob)
    response = client.post(f"/pekerja/{worker.pk}/ubah/", form_data(worker, dtsen_decile=1))
    assert response.status_code == 302
    page = client.get(f"/pekerja/{worker.pk}/").content.decode()
    assert "Desil DTSEN: 4 → <strong>1</strong>" in page
    assert "bob" in page


def test_a_bad_edit_shows_the_message_at_the_field_and_saves_nothing(client, bob, worker_factory):
    worker = worker_factory("13.02.07.2001", dtsen_decile=4)
    client.force_login(bob)
    response = client.post(f"/pekerja/{worker.pk}/ubah/", form_data(worker, dtsen_decile=11))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-field="dtsen_decile">Desil DTSEN harus antara 1 (termiskin) dan 10' in page
    # A negative income is refused by the money parser before the worker checks run.
    page = client.post(f"/pekerja/{worker.pk}/ubah/", form_data(worker, monthly_income=-5)).content.decode()
    assert 'data-field="monthly_income">Jumlah tidak boleh negatif' in page
    assert Worker.objects.get(pk=worker.pk).dtsen_decile == 4
    assert not AuditEvent.objects.filter(action="update").exists()


def test_an_operator_cannot_move_a_worker_outside_its_area(client, bob, worker_factory):
    worker = worker_factory("13.02.07.2001")
    client.force_login(bob)
    page = client.post(
        f"/pekerja/{worker.pk}/ubah/", form_data(worker, village_code="13.02.10.2001")
    ).content.decode()
    assert "tidak ditemukan di wilayah kerja Anda" in page
    assert Worker.objects.get(pk=worker.pk).village_id == "13.02.07.2001"


def test_a_viewer_cannot_open_the_forms(client, vera, worker_factory):
    worker = worker_factory("13.02.07.2001")
    client.force_login(vera)
    assert client.get("/pekerja/baru/").status_code == 403
    assert client.get(f"/pekerja/{worker.pk}/ubah/").status_code == 403
    assert "Riwayat perubahan" not in client.get(f"/pekerja/{worker.pk}/").content.decode()


def test_the_list_filters_by_region_occupation_and_decile(client, alice, worker_factory):
    from payung.registry.models import Occupation

    worker_factory("13.02.07.2001", name="Ani Satu", dtsen_decile=1)
    worker_factory("13.02.10.2001", name="Budi Dua", dtsen_decile=1, sex="L")
    worker_factory(
        "13.02.10.2001", name="Cici Tiga", dtsen_decile=2, occupation=Occupation.objects.get(code="nelayan")
    )
    client.force_login(alice)

    def names(**params):
        page = client.get("/pekerja/", params, headers={"HX-Request": "true"}).content.decode()
        return [n for n in ("Ani Satu", "Budi Dua", "Cici Tiga") if n in page]

    assert names(region="13.02.10") == ["Budi Dua", "Cici Tiga"]
    assert names(decile=1) == ["Ani Satu", "Budi Dua"]
    assert names(occupation="nelayan") == ["Cici Tiga"]
    assert names(q="tiga") == ["Cici Tiga"]


def test_pages_walk_forward_and_back_by_cursor(client, alice, worker_factory):
    for i in range(120):
        worker_factory("13.02.07.2001", name=f"Pekerja {i:03d}")
    client.force_login(alice)
    first = client.get("/pekerja/")
    page = first.context["page"]
    assert [w.name for w in page.items][:2] == ["Pekerja 000", "Pekerja 001"] and page.prev_cursor is None
    second = client.get("/pekerja/", {"after": page.next_cursor}).context["page"]
    assert second.items[0].name == "Pekerja 050"
    third = client.get("/pekerja/", {"after": second.next_cursor}).context["page"]
    assert [w.name for w in third.items][-1] == "Pekerja 119" and third.next_cursor is None
    back = client.get("/pekerja/", {"before": third.prev_cursor}).context["page"]
    assert [w.pk for w in back.items] == [w.pk for w in second.items]
