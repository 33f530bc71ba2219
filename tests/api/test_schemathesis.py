"""Schemathesis against a live server: every operation of the OpenAPI description, fuzzed with a token of
each role. No answer may be a 5xx or differ from what the description promises, no role may get a record
outside its scope, and the viewer may never get a full NIK.

The examples are bounded and derandomised (the same cases on every run), so CI is repeatable; a failure
prints the request that broke it.
"""

from __future__ import annotations

import re

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from payung.accounts.models import Role
from payung.api.tokens import token_create
from tests.conftest import build_regions, ensure_occupations, make_user, make_worker

pytestmark = [pytest.mark.django_db(transaction=True)]

# Examples per operation and role: enough to walk every parameter, few enough for a CI run.
EXAMPLES = 6
# Addresses whose answers are the public region tree or the description itself, the same for everyone.
PUBLIC = ("/api/v1/regions/", "/api/schema/")
NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")

# (username, role, regions): one token per role, Solok's people and Enrekang's kept apart.
ROLES = [
    ("fuzz_admin", Role.REGENCY_ADMIN, ("13.02",)),
    ("fuzz_operator", Role.OPERATOR, ("13.02.07",)),
    ("fuzz_officer", Role.BPJS_OFFICER, ("73.16",)),
    ("fuzz_viewer", Role.VIEWER, ("13.02",)),
    ("fuzz_agent", Role.AGENT, ("73.16.01",)),
]


@pytest.fixture
def people():
    """Two workers on either side of the Solok/Enrekang line, with names nobody else has."""
    build_regions()
    ensure_occupations()
    solok = make_worker("13.02.07.2001", name="Warga Solok Penguji")
    enrekang = make_worker("73.16.01.2001", name="Warga Enrekang Penguji")
    return {"13.02": solok, "73.16": enrekang}


@pytest.fixture
def described(live_server, people):
    response = requests.get(f"{live_server.url}/api/schema/", params={"format": "json"}, timeout=30)
    response.raise_for_status()
    return schemathesis.openapi.from_dict(response.json())


def _outside(regions: tuple[str, ...], people) -> list:
    return [
        worker
        for code, worker in people.items()
        if not any(code.startswith(r) or r.startswith(code) for r in regions)
    ]


def _leaks(body: str, path: str, role: str, outsiders: list) -> list[str]:
    if path.startswith(PUBLIC):
        return []
    found = []
    for worker in outsiders:
        if worker.nik in body or worker.name in body:
            found.append(f"{worker.name} (outside the scope) in the answer")
    if role == Role.VIEWER and NIK.search(body):
        found.append("a full NIK in a viewer's answer")
    return found


@pytest.mark.parametrize(("username", "role", "regions"), ROLES, ids=[r[0] for r in ROLES])
def test_every_operation_answers_as_described_and_within_the_scope(
    described, live_server, people, username, role, regions
):
    user = make_user(username, role, regions)
    _token, key = token_create(user=user, name="fuzz")
    headers = {"Authorization": f"Token {key}", "Accept-Language": "id"}
    outsiders = _outside(regions, people)
    problems: list[str] = []
    operations = [result.ok() for result in described.get_all_operations()]
    assert operations, "the description holds no operation"
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call(base_url=live_server.url, headers=headers, timeout=30)
            where = f"{case.method} {case.formatted_path}"
            if response.status_code >= 500:
                problems.append(f"{where}: {response.status_code}")
                return
            try:
                # A request the description allows may still be refused by a rule (a wrong password, a
                # NIK already registered): only what the answer looks like is checked, not acceptance.
                case.validate_response(response, excluded_checks=[positive_data_acceptance])
            except BaseExceptionGroup as failures:  # schemathesis raises every failed check together
                problems.extend(f"{where}: {type(f).__name__}: {f}" for f in failures.exceptions)
            except AssertionError as failure:
                problems.append(f"{where}: {type(failure).__name__}: {failure}")
            # A file (the registration XLSX) is bytes: read as text with what does not decode replaced.
            body = response.content.decode("utf-8", errors="replace")
            problems.extend(f"{where}: {leak}" for leak in _leaks(body, case.path, role, outsiders))

        check()
    assert sorted({problem.split("\n")[0] + " " + problem[-300:] for problem in problems}) == []


def test_the_fuzzer_would_see_a_leak_and_a_viewers_full_nik(people):
    """The leak check itself: a worker outside the scope by name or NIK, and a viewer's full NIK."""
    enrekang = people["73.16"]
    outsiders = _outside(("13.02",), people)
    assert outsiders == [enrekang]
    assert _leaks(f'{{"nik": "{enrekang.nik}"}}', "/api/v1/workers/", Role.OPERATOR, outsiders)
    assert _leaks('{"name": "Warga Enrekang Penguji"}', "/api/v1/workers/", Role.OPERATOR, outsiders)
    assert _leaks('{"nik": "1302074503850001"}', "/api/v1/workers/", Role.VIEWER, [])
    assert _leaks('{"nik": "130207**********"}', "/api/v1/workers/", Role.VIEWER, []) == []
    assert _leaks('{"name": "Warga Enrekang Penguji"}', "/api/v1/regions/", Role.OPERATOR, outsiders) == []
