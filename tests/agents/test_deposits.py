"""Deposits matched to collections: the named references first, then the oldest received by the
deposit's day; the statement traces each deposit to its collections and lists what is not deposited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from payung.agents.collections import CollectionInvalid, collection_record, deposit_record, month_due
from payung.agents.models import Deposit, DepositCover
from payung.agents.statement import statement_for
from payung.audit.models import AuditEvent
from payung.rules import Month

from .builders import add_agent, register

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 2, 20)


@pytest.fixture
def agent(alice):
    return add_agent(alice, "agen.gt", code="PRS-GT-01")


def collect(agent, recruit, month, day, reference=""):
    return collection_record(
        actor=agent.user,
        recruit=recruit,
        month=month,
        amount=month_due(recruit, month),
        method="transfer" if reference else "cash",
        reference=reference,
        collected_on=day,
        today=TODAY,
    )


def deposit(agent, amount, day, reference="BPJS-1", covers=""):
    return deposit_record(
        actor=agent.user, amount=amount, deposited_on=day, reference=reference, covers=covers, today=TODAY
    )


def covered(deposit_row):
    return [(c.collection_id, c.amount) for c in deposit_row.covers.order_by("id")]


@pytest.fixture
def three(agent):
    """Rp16.800 each: A's January (10th), B's January (12th), A's February (15 January, paid ahead)."""
    a, b = register(agent.user), register(agent.user)
    return [
        collect(agent, a, Month(2026, 1), dt.date(2026, 1, 10)),
        collect(agent, b, Month(2026, 1), dt.date(2026, 1, 12), reference="TRF-B1"),
        collect(agent, a, Month(2026, 2), dt.date(2026, 1, 15), reference="TRF-A2"),
    ]


def test_a_deposit_covers_the_oldest_collections_first_and_the_rest_of_one_later(agent, three):
    first = deposit(agent, 20_000, dt.date(2026, 1, 20))
    assert covered(first) == [(three[0].pk, 16_800), (three[1].pk, 3_200)]
    second = deposit(agent, 13_600, dt.date(2026, 2, 2), reference="BPJS-2")
    assert covered(second) == [(three[1].pk, 13_600)]
    event = AuditEvent.objects.get(object_type="deposit", object_id=str(second.pk))
    assert event.changes["covers"][1] == f"#{three[1].pk}:13600"


def test_a_deposit_covers_the_collections_named_by_reference_first(agent, three):
    row = deposit(agent, 20_000, dt.date(2026, 1, 20), covers="TRF-A2")
    assert covered(row) == [(three[2].pk, 16_800), (three[0].pk, 3_200)]


def test_an_unknown_reference_is_refused_and_nothing_is_saved(agent, three):
    with pytest.raises(CollectionInvalid) as error:
        deposit(agent, 16_800, dt.date(2026, 1, 20), covers="TRF-A2, TRF-XX")
    assert "TRF-XX" in error.value.errors["covers"][0]
    assert not Deposit.objects.exists() and not DepositCover.objects.exists()


def test_a_deposit_covers_only_what_was_received_by_its_day(agent, three):
    with pytest.raises(CollectionInvalid) as error:
        deposit(agent, 33_601, dt.date(2026, 1, 12))  # two collections (Rp33.600) received by the 12th
    assert "amount" in error.value.errors
    assert not Deposit.objects.exists()


def test_the_statement_traces_deposits_to_collections_and_lists_what_is_not_deposited(agent, three):
    deposit(agent, 20_000, dt.date(2026, 1, 20))
    deposit(agent, 13_600, dt.date(2026, 2, 2), reference="BPJS-2")
    january = statement_for(agent, Month(2026, 1))
    assert [t.deposit.reference for t in january.deposits] == ["BPJS-1"]
    assert [(c.collection_id, c.amount) for c in january.deposits[0].covers] == [
        (three[0].pk, 16_800),
        (three[1].pk, 3_200),
    ]
    assert [(r.collection.pk, r.remaining) for r in january.undeposited] == [
        (three[1].pk, 13_600),
        (three[2].pk, 16_800),
    ]
    assert january.undeposited_total == january.collected - january.deposited == 30_400
    february = statement_for(agent, Month(2026, 2))
    assert [(r.collection.pk, r.remaining) for r in february.undeposited] == [(three[2].pk, 16_800)]
    assert sum(c.amount for t in february.deposits for c in t.covers) == february.deposited == 13_600


def test_the_agent_page_and_the_cli_show_the_trace(client, alice, agent, three, capsys):
    deposit(agent, 20_000, dt.date(2026, 1, 20))
    client.force_login(alice)
    page = client.get("/agen/PRS-GT-01/?month=2026-01").content.decode()
    assert f"iuran #{three[0].pk}" in page and "BPJS-1" in page and "TRF-A2" in page
    call_command("agent_statement", "--agent", "agen.gt", "--month", "2026-01")
    out = capsys.readouterr().out
    assert f"covers collection #{three[1].pk} 2026-01" in out and "Rp3.200" in out
    assert f"collection #{three[2].pk} 2026-02" in out and "undeposited at the month's end Rp30.400" in out


def test_the_statement_download_and_the_deposit_form_carry_the_matching(
    client, alice, agent, three, monkeypatch
):
    from payung.lib import dates

    from .test_views import rows_of

    monkeypatch.setattr(dates, "today", lambda: TODAY)
    client.force_login(agent.user)
    response = client.post(
        "/agen/setoran/",
        {"amount": "16.800", "deposited_on": "2026-01-20", "reference": "BPJS-9", "covers": "TRF-B1"},
    )
    assert response.status_code == 302
    assert covered(Deposit.objects.get(reference="BPJS-9")) == [(three[1].pk, 16_800)]
    refused = client.post(
        "/agen/setoran/",
        {"amount": "100", "deposited_on": "2026-01-20", "reference": "BPJS-10", "covers": "NOPE"},
    )
    assert refused.status_code == 200 and "NOPE" in refused.content.decode()
    client.force_login(alice)
    rows = rows_of(client.get("/agen/PRS-GT-01/?month=2026-01&format=xlsx").content)
    labels = [row[0] for row in rows]
    assert f"  mencakup iuran #{three[1].pk} 2026-01 #{three[1].recruit_id}" in labels
    assert "Belum disetor (akhir bulan)" in labels
