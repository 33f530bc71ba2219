"""The worker form reads the monthly income through the one money parser (payung.lib.money)."""

from payung.registry.models import Worker
from tests.registry.test_views import form_data


def test_a_fraction_of_a_rupiah_is_refused_at_the_field_not_read_as_thousands(client, bob, worker_factory):
    worker = worker_factory("13.02.07.2001", monthly_income=900_000)
    client.force_login(bob)
    response = client.post(f"/pekerja/{worker.pk}/ubah/", form_data(worker, monthly_income="1500000.50"))
    assert response.status_code == 200
    assert "Rupiah ditulis tanpa sen" in response.content.decode()
    assert Worker.objects.get(pk=worker.pk).monthly_income == 900_000


def test_an_income_with_thousands_dots_is_saved_whole(client, bob, worker_factory):
    worker = worker_factory("13.02.07.2001", monthly_income=900_000)
    client.force_login(bob)
    response = client.post(f"/pekerja/{worker.pk}/ubah/", form_data(worker, monthly_income="Rp 1.500.000,-"))
    assert response.status_code == 302
    assert Worker.objects.get(pk=worker.pk).monthly_income == 1_500_000
