"""Two operators selecting the same worker at the same moment end with exactly one membership.

Needs PostgreSQL (real concurrent transactions); SQLite serialises writers, so it is skipped there.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from payung.registry.models import Worker
from payung.schemes.models import Membership, MembershipMonth
from payung.schemes.services.memberships import MembershipConflict, MembershipInvalid, membership_propose
from tests.conftest import make_worker
from tests.schemes.builders import TODAY, make_scheme

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency of the one-funder constraint is tested on PostgreSQL")


def test_two_schemes_proposing_the_same_worker_at_once_end_with_exactly_one_membership(alice):
    worker = make_worker(name="Rebutan", dtsen_decile=1)
    schemes = [
        make_scheme(alice, name="APBD Solok"),
        make_scheme(alice, name="Nagari Koto Gaek", funder_type="APBDES", funder_region="13.02.07.2001"),
    ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def propose(scheme):
        try:
            barrier.wait(timeout=10)
            membership_propose(
                actor=alice, scheme=scheme, worker=Worker.objects.get(pk=worker.pk), today=TODAY
            )
            outcomes.append("ok")
        except MembershipConflict as conflict:
            outcomes.append(f"conflict: {conflict}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=propose, args=(s,)) for s in schemes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(o.split(":")[0] for o in outcomes) == ["conflict", "ok"]
    assert Membership.objects.filter(worker=worker).count() == 1
    assert MembershipMonth.objects.filter(worker=worker).count() == 24


def test_many_concurrent_proposals_never_break_the_rule(alice):
    workers = [make_worker(name=f"W{i}", dtsen_decile=1) for i in range(3)]
    schemes = [make_scheme(alice, name=f"Skema {i}") for i in range(4)]
    barrier = threading.Barrier(len(schemes))

    def propose_all(scheme):
        barrier.wait(timeout=10)
        for worker in workers:
            try:
                membership_propose(
                    actor=alice, scheme=scheme, worker=Worker.objects.get(pk=worker.pk), today=TODAY
                )
            except MembershipConflict:
                pass
        connections.close_all()

    threads = [threading.Thread(target=propose_all, args=(s,)) for s in schemes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for worker in workers:
        assert Membership.objects.filter(worker=worker).count() == 1


def test_two_operators_adding_the_same_worker_to_one_scheme_end_with_one_membership(alice):
    worker = make_worker(name="Sama", dtsen_decile=1)
    scheme = make_scheme(alice)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def propose():
        try:
            barrier.wait(timeout=10)
            membership_propose(
                actor=alice, scheme=scheme, worker=Worker.objects.get(pk=worker.pk), today=TODAY
            )
            outcomes.append("ok")
        except MembershipInvalid:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=propose) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["ok", "refused"]
    assert Membership.objects.filter(worker=worker).count() == 1
