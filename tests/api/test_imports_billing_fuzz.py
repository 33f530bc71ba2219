"""Schemathesis on the import, bill and payment operations with real records behind them: the general
fuzz (test_schemathesis.py) meets no scheme, bill or import job, so every id it sends answers 404. Here
the path parameters are a real job, scheme and bill of Solok, so the answers with data are checked
against the description too, and no role gets a person outside its regions."""

from __future__ import annotations

import datetime as dt

import pytest
import requests
import schemathesis
from django.core.files.base import ContentFile
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from payung.accounts.models import Role
from payung.api.tokens import token_create
from payung.imports.services import import_job_create
from payung.schemes.services.bills import bill_issue, payment_record
from tests.api.test_schemathesis import EXAMPLES, _leaks, _outside
from tests.conftest import build_regions, ensure_occupations, make_user, make_worker
from tests.imports.files import csv_file, person
from tests.schemes.builders import TODAY, active_member, make_scheme

pytestmark = [pytest.mark.django_db(transaction=True)]

OURS = ("/api/v1/imports/", "/api/v1/schemes/{scheme_id}/bills/")
ROLES = [
    ("lifecycle_admin", Role.REGENCY_ADMIN, ("13.02",)),
    ("lifecycle_operator", Role.OPERATOR, ("13.02.07",)),
    ("lifecycle_viewer", Role.VIEWER, ("13.02",)),
    ("lifecycle_outsider", Role.OPERATOR, ("73.16",)),
]


@pytest.fixture
def lifecycle(settings, tmp_path):
    """A Solok scheme with a member, a paid-in-part bill, and an import job of Solok's operator; an
    Enrekang worker whose name must never reach a Solok role."""
    settings.MEDIA_ROOT = tmp_path / "media"
    build_regions()
    ensure_occupations()
    admin = make_user("lifecycle_admin", Role.REGENCY_ADMIN, ("13.02",))
    operator = make_user("lifecycle_operator", Role.OPERATOR, ("13.02.07",))
    scheme = make_scheme(admin)
    solok = make_worker("13.02.07.2001", name="Warga Solok Penguji")
    enrekang = make_worker("73.16.01.2001", name="Warga Enrekang Penguji")
    active_member(admin, scheme, solok)
    bill = bill_issue(actor=admin, scheme=scheme, month=dt.date(2026, 1, 1), today=TODAY)
    payment_record(actor=admin, bill=bill, amount=1_000, paid_on=dt.date(2026, 1, 10), reference="SP2D-1")
    listing = csv_file(person(1), person(2).replace(";L;", ";X;"))
    job = import_job_create(actor=operator, file=ContentFile(listing, name="daftar.csv"), name="daftar.csv")
    return {
        "ids": {"scheme_id": scheme.pk, "bill_id": bill.pk, "job_id": job.pk},
        "people": {"13.02": solok, "73.16": enrekang},
        "users": {"lifecycle_admin": admin, "lifecycle_operator": operator},
    }


@pytest.mark.parametrize(("username", "role", "regions"), ROLES, ids=[r[0] for r in ROLES])
def test_the_lifecycle_operations_answer_as_described_with_real_records(
    live_server, lifecycle, username, role, regions
):
    user = lifecycle["users"].get(username) or make_user(username, role, regions)
    _token, key = token_create(user=user, name="fuzz")
    headers = {"Authorization": f"Token {key}", "Accept-Language": "id"}
    described = schemathesis.openapi.from_dict(
        requests.get(f"{live_server.url}/api/schema/", params={"format": "json"}, timeout=30).json()
    )
    outsiders = _outside(regions, lifecycle["people"])
    operations = [r.ok() for r in described.get_all_operations() if r.ok().path.startswith(OURS)]
    assert len(operations) == 11
    problems: list[str] = []
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
            for name in case.path_parameters or {}:
                case.path_parameters[name] = lifecycle["ids"][name]
            response = case.call(base_url=live_server.url, headers=headers, timeout=30)
            where = f"{case.method} {case.formatted_path}"
            if response.status_code >= 500:
                problems.append(f"{where}: {response.status_code}")
                return
            try:
                case.validate_response(response, excluded_checks=[positive_data_acceptance])
            except BaseExceptionGroup as failures:
                problems.extend(f"{where}: {type(f).__name__}: {f}" for f in failures.exceptions)
            except AssertionError as failure:
                problems.append(f"{where}: {type(failure).__name__}: {failure}")
            # The report is a zipped workbook: read as text only what is text.
            text = response.content.decode("utf-8", "replace")
            problems.extend(f"{where}: {leak}" for leak in _leaks(text, case.path, role, outsiders))

        check()
    assert sorted({problem.split("\n")[0] + " " + problem[-300:] for problem in problems}) == []
