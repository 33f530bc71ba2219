"""The worker's page shows the person's memberships (scheme, programmes, KPJ, status, months) and its
history holds every membership change next to the changes of the person."""

from __future__ import annotations

import datetime as dt

import pytest

from payung.schemes.services.bills import bill_issue, memberships_lapse_unpaid
from tests.conftest import make_worker
from tests.schemes.builders import TODAY, active_member, make_scheme

pytestmark = pytest.mark.django_db


def test_the_worker_page_lists_memberships_and_their_changes(client, alice, bob):
    scheme = make_scheme(alice, name="UCJ Solok 2026", lapse_after_months=1)
    person = make_worker(name="Siti Rahma")
    active_member(alice, scheme, person, kpj="KPJ12345678")
    bill_issue(actor=alice, scheme=scheme, month=dt.date(2026, 1, 1), today=TODAY)
    memberships_lapse_unpaid(scheme=scheme, today=dt.date(2026, 1, 20), actor=alice)
    client.force_login(bob)
    response = client.get(f"/pekerja/{person.pk}/")
    page = response.content.decode()
    section = page[page.index('data-testid="worker-memberships"') :]
    assert "UCJ Solok 2026" in section and "KPJ12345678" in section and "JKK+JKM" in section
    assert "Nonaktif (tunggakan)" in section
    history = response.context["history"]
    membership_rows = [e for e in history if e.object_type == "membership"]
    # proposed, submitted, active, lapsed: each change of the membership is in the person's history.
    assert len(membership_rows) == 4
    assert {e.subject for e in membership_rows} == {"UCJ Solok 2026"}
    assert [e.at for e in history] == sorted((e.at for e in history), reverse=True)


def test_a_person_without_memberships_says_so(client, bob):
    person = make_worker()
    client.force_login(bob)
    page = client.get(f"/pekerja/{person.pk}/").content.decode()
    assert "Belum pernah menjadi peserta" in page


def test_memberships_outside_the_users_regions_are_not_shown(client, alice, regions):
    from payung.accounts.models import Role
    from tests.conftest import make_user

    scheme = make_scheme(alice, name="UCJ Solok 2026")
    person = make_worker()
    active_member(alice, scheme, person, kpj="KPJ999")
    # An operator of Kubung sees no Gunung Talang worker at all: 404, like a missing one.
    kubung = make_user("kubung", Role.OPERATOR, ("13.02.10",))
    client.force_login(kubung)
    assert client.get(f"/pekerja/{person.pk}/").status_code == 404
