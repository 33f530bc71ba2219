"""Activation, lapse and end keep the coverage summary up to date (refreshed on commit)."""

from __future__ import annotations

import datetime as dt

import pytest

from payung.coverage.models import CoverageMonth
from payung.schemes.services.memberships import membership_end
from tests.conftest import make_worker
from tests.schemes.builders import active_member, make_scheme

pytestmark = pytest.mark.django_db


def village_count(month: dt.date) -> int:
    row = CoverageMonth.objects.filter(region_id="13.02.07.2001", month=month, source="registry").first()
    return row.participants if row else 0


def test_activation_and_end_refresh_the_coverage_summary(alice, django_capture_on_commit_callbacks):
    scheme = make_scheme(alice)
    with django_capture_on_commit_callbacks(execute=True):
        membership = active_member(alice, scheme, make_worker("13.02.07.2001"))
    assert village_count(dt.date(2026, 1, 1)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        membership_end(actor=alice, membership=membership, month=dt.date(2026, 2, 1), why="Pindah")
    assert village_count(dt.date(2026, 2, 1)) == 1
    assert village_count(dt.date(2026, 3, 1)) == 0
