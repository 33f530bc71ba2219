"""Editing a worker in a real browser: the form opens filled in (birth date included) and saves."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from payung.registry.models import Worker

from .test_main_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_edits_a_worker_and_the_change_is_saved(page, live_server, bob, worker_factory):
    worker = worker_factory("13.02.07.2001", name="Rosmiati Koto", birth_date=dt.date(1985, 3, 12))
    log_in(page, live_server, "bob")
    page.goto(f"{live_server.url}/pekerja/{worker.pk}/ubah/")

    expect(page.get_by_label("Tanggal lahir")).to_have_value("1985-03-12")
    page.get_by_label("Desil DTSEN").fill("3")
    page.get_by_role("button", name="Simpan").click()

    expect(page.get_by_text("Perubahan tersimpan")).to_be_visible()
    worker.refresh_from_db()
    assert worker.dtsen_decile == 3
    assert worker.birth_date == dt.date(1985, 3, 12)
    assert Worker.objects.count() == 1
