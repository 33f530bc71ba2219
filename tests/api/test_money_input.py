"""The workers API reads monthly_income through the one money parser: bounded, whole, clear errors."""

import pytest

from payung.registry.models import Worker
from tests.api.test_workers_api import api_for

WORKER = {
    "nik": "1302075203850001",
    "name": "Siti Rahma",
    "sex": "P",
    "birth_date": "1985-03-12",
    "village_code": "13.02.07.2002",
    "occupation_code": "petani",
}


@pytest.mark.parametrize("income", [10**30, 1e26, 1500000.5, "1500000.50", "1e400"])
def test_a_huge_or_fractional_income_answers_400_not_500(bob, income):
    response = api_for(bob).post("/api/v1/workers/", {**WORKER, "monthly_income": income}, format="json")
    assert response.status_code == 400, response.content
    assert not Worker.objects.exists()


@pytest.mark.parametrize("income", [1_500_000, "1.500.000", "Rp 1.500.000,-"])
def test_an_income_as_a_number_or_as_written_is_stored_whole(bob, income):
    response = api_for(bob).post("/api/v1/workers/", {**WORKER, "monthly_income": income}, format="json")
    assert response.status_code == 201, response.content
    assert Worker.objects.get().monthly_income == 1_500_000
