"""Shared test builders: a small region tree and the personas of two regencies.

Each test builds what it asserts on. Personas (after healthchecks' Alice/Bob/Charlie):
- alice: regency admin of Kabupaten Solok (13.02)
- bob: operator of Kecamatan Gunung Talang (13.02.07) in Solok
- charlie: operator in Kabupaten Enrekang (73.16): must see nothing of Solok
- dina: BPJS officer serving Enrekang and Sinjai (73.16, 73.07)
- vera: viewer for Solok (sees masked data)
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil

import pytest
from django.test import Client

from payung.accounts.models import Role, User
from payung.accounts.testing import login_verified
from payung.lib.nik import FEMALE, MALE, make_nik
from payung.regions.loading import region_kind
from payung.regions.models import Region
from payung.registry.models import Occupation, Worker
from payung.registry.occupations import OCCUPATIONS

TREE = {
    "13": "Sumatera Barat",
    "13.02": "Kabupaten Solok",
    "13.02.07": "Gunung Talang",
    "13.02.07.2001": "Koto Gaek Guguak",
    "13.02.07.2002": "Cupak",
    "13.02.10": "Kubung",
    "13.02.10.2001": "Koto Baru",
    "73": "Sulawesi Selatan",
    "73.16": "Kabupaten Enrekang",
    "73.16.01": "Maiwa",
    "73.16.01.2001": "Bangkala",
    "73.07": "Kabupaten Sinjai",
    "73.07.01": "Sinjai Barat",
    "73.07.01.2001": "Gunung Perak",
}


def build_regions(tree: dict[str, str] = TREE) -> None:
    for code in sorted(tree, key=lambda c: (c.count("."), c)):
        level = code.count(".") + 1
        Region.objects.get_or_create(
            code=code,
            defaults={
                "name": tree[code],
                "level": level,
                "kind": region_kind(code, tree[code]),
                "parent_id": code.rsplit(".", 1)[0] if level > 1 else None,
                "search_name": tree[code].lower(),
            },
        )


def ensure_occupations() -> None:
    """The data migration loads them; a transactional test's flush removes them, so put them back."""
    for spec in OCCUPATIONS:
        Occupation.objects.get_or_create(
            code=spec.code,
            defaults={"name": spec.name, "risk_class": spec.risk_class, "transport": spec.transport},
        )


@pytest.fixture
def regions(db):
    build_regions()
    ensure_occupations()
    return TREE


class VerifiedClient(Client):
    """The test client whose force_login also passes the second factor (accounts.testing): the
    tests of every screen log in as a user who has enrolled an authenticator would."""

    def force_login(self, user, backend=None):
        login_verified(super(), user)


@pytest.fixture
def client():
    return VerifiedClient()


@pytest.fixture
def password_only_client():
    """A client that logs in with the password alone (for the tests of the second factor)."""
    return Client()


def make_user(username: str, role: str, regions: tuple[str, ...] = (), **extra) -> User:
    user = User.objects.create_user(username=username, password="rahasia-uji-123", role=role, **extra)
    user.regions.set(regions)
    return user


@pytest.fixture
def alice(regions):
    return make_user("alice", Role.REGENCY_ADMIN, ("13.02",))


@pytest.fixture
def bob(regions):
    return make_user("bob", Role.OPERATOR, ("13.02.07",))


@pytest.fixture
def charlie(regions):
    return make_user("charlie", Role.OPERATOR, ("73.16",))


@pytest.fixture
def dina(regions):
    return make_user("dina", Role.BPJS_OFFICER, ("73.16", "73.07"))


@pytest.fixture
def vera(regions):
    return make_user("vera", Role.VIEWER, ("13.02",))


_serials = itertools.count(1)


def make_worker(
    village: str = "13.02.07.2001",
    *,
    name: str = "Siti Rahma",
    sex: str = FEMALE,
    birth_date: dt.date = dt.date(1985, 3, 12),
    **fields,
) -> Worker:
    district = village.rsplit(".", 1)[0]
    nik = fields.pop("nik", None) or make_nik(
        district_code=district, birth_date=birth_date, sex=sex, serial=next(_serials)
    )
    return Worker.objects.create(
        nik=nik,
        name=name,
        sex=sex,
        birth_date=birth_date,
        village_id=village,
        district_code=district,
        regency_code=village[:5],
        province_code=village[:2],
        occupation=fields.pop("occupation", None) or Occupation.objects.get(code="petani"),
        **fields,
    )


@pytest.fixture
def worker_factory(regions):
    return make_worker


__all__ = ["MALE", "FEMALE", "make_worker", "make_user", "build_regions"]


# Real-browser tests: Playwright driving Debian's Chromium (no browser download), pages in id-ID.
# One browser per test process, shared by every test directory that drives it.


CHROMIUM = os.environ.get("PAYUNG_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(
                f"Chromium not found at {CHROMIUM}: CI must run the browser tests (apt-get install chromium)"
            )
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
