"""Fixtures shared by the lifecycle's tests."""

from __future__ import annotations

import pytest

from payung.schemes.services.memberships import membership_propose, memberships_submit
from tests.conftest import make_worker
from tests.schemes.builders import TODAY, approve, make_scheme


@pytest.fixture
def submitted(alice):
    scheme = make_scheme(alice)
    scheme = approve(alice, scheme)
    workers = [
        make_worker(name=n, dtsen_decile=1, phone="081200000001") for n in ("Rosmiati", "Zainal", "Yusri")
    ]
    for worker in workers:
        membership_propose(actor=alice, scheme=scheme, worker=worker, today=TODAY)
    memberships_submit(actor=alice, scheme=scheme)
    return scheme, workers
