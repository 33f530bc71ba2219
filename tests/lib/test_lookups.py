"""`__in_list`: one JSON parameter however long the list, values prepared as the column stores them."""

from __future__ import annotations

import datetime as dt

import pytest

from payung.registry.models import Worker

from ..conftest import make_worker

pytestmark = pytest.mark.django_db


def test_in_list_matches_text_integers_keys_and_values_the_column_must_convert(regions):
    ani = make_worker(name="Ani", birth_date=dt.date(1980, 1, 2))
    budi = make_worker(name="Budi", birth_date=dt.date(1990, 5, 6))
    make_worker(name="Citra", birth_date=dt.date(2000, 7, 8))

    def names(**lookup) -> list[str]:
        return sorted(Worker.objects.filter(**lookup).values_list("name", flat=True))

    assert names(nik__in_list=[ani.nik, budi.nik, "0" * 16]) == ["Ani", "Budi"]
    assert names(pk__in_list=[ani.pk, budi.pk]) == ["Ani", "Budi"]
    assert names(village__in_list=[ani.village_id]) == ["Ani", "Budi", "Citra"]
    # Not already what the column stores: prepared one by one, as `__in` would.
    assert names(pk__in_list=[str(ani.pk), budi.pk]) == ["Ani", "Budi"]
    assert names(birth_date__in_list=[dt.date(1990, 5, 6), dt.date(1999, 1, 1)]) == ["Budi"]
    assert names(nik__in_list=[]) == []
