"""A worker's history names fields and values as the screen does, and leaves out fields empty on both sides."""

import datetime as dt

import pytest

from payung.registry.services import worker_register, worker_update
from tests.registry.test_services import siti

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 21)


def test_the_history_shows_labels_dates_and_numbers_not_codes_and_skips_empty_fields(client, alice):
    worker = worker_register(actor=alice, data=siti(phone=""), today=TODAY)
    worker_update(
        actor=alice,
        worker=worker,
        data=siti(phone="", occupation_code="buruh_tani", monthly_income=1_250_000),
        today=TODAY,
    )
    client.force_login(alice)
    page = client.get(f"/pekerja/{worker.pk}/").content.decode()
    history = page[page.index("Riwayat perubahan") :]
    assert "Pekerjaan: Petani/Pekebun → <strong>Buruh Tani</strong>" in history
    assert "(Rp): 900.000 → <strong>1.250.000</strong>" in history
    assert "12 Maret 1985" in history and "1985-03-12" not in history
    assert "Perempuan" in history  # the sex as its label, not "P"
    assert "petani" not in history and "buruh_tani" not in history and "occupation_id" not in history
    assert "Nomor HP" not in history and "Nomor KK" not in history  # empty before and after: left out
