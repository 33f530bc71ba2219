"""Personas of the tariff tests: nadia, the national admin who alone adds national rule versions."""

import pytest

from payung.accounts.models import Role
from tests.conftest import make_user


@pytest.fixture
def nadia(regions):
    return make_user("nadia", Role.NATIONAL_ADMIN)
