import pytest
from django.db import DatabaseError, transaction

from payung.registry.models import Worker

from ..conftest import make_worker


@pytest.mark.parametrize(
    "nik", ["130207120380000", "13020712038000011", "13020712038O0001", "1302071203 80001", "١٣٠٢٠٧١٢٠٣٨٠٠٠٠"]
)
def test_the_database_itself_refuses_a_nik_that_is_not_16_digits(regions, nik):
    # The check constraint, or on PostgreSQL for 17 characters the column's own length.
    with pytest.raises(DatabaseError, match="worker_nik_16_digits|too long"), transaction.atomic():
        make_worker(nik=nik)
    assert not Worker.objects.exists()


def test_the_database_takes_a_nik_of_16_digits(regions):
    assert make_worker(nik="1302071203800001").pk
