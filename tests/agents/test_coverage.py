"""Agents' recruits in coverage: split by funder (MANDIRI) and their share of the target."""

from __future__ import annotations

import datetime as dt

import pytest

from payung.coverage.dashboard import _funding_table
from payung.coverage.models import LabourForceStat
from payung.coverage.outbox import refresh_pending
from payung.coverage.selectors import figure_for
from payung.schemes.services.memberships import membership_activate, memberships_submit

from .builders import add_agent, register

pytestmark = pytest.mark.django_db


def test_active_recruits_count_under_mandiri_and_the_dashboard_shows_the_agents_share(alice):
    agent = add_agent(alice, "agen.gt")
    recruit = register(agent.user)
    memberships_submit(actor=alice, scheme=recruit.membership.scheme)
    membership_activate(actor=alice, membership=recruit.membership, kpj_number="KPJ5500001")
    refresh_pending()
    LabourForceStat.objects.create(
        region_id="13.02", province_code="13", year=2026, labour_force=200, employed=190
    )
    figure = figure_for("13.02", dt.date(2026, 2, 1), "labour_force")
    assert figure.funders == {"MANDIRI": 1}
    rows = {str(label): value for label, value in _funding_table(figure).rows}
    assert rows["BPU didanai Mandiri (agen Perisai) (Payung)"] == 1
    assert str(rows["Sumbangan agen Perisai terhadap cakupan (poin persen)"]) == "0.50"
