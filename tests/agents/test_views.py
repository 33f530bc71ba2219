"""The agent screens: registration on the phone form, scoping of pages and downloads, management."""

from __future__ import annotations

import datetime as dt

import fastexcel
import pytest
from django.utils import timezone

from payung.agents.models import Agent, AgentStatus, Recruit
from payung.audit.models import AuditEvent, PersonalDataAccess
from payung.lib import dates
from payung.rules import Month
from payung.schemes.models import Membership
from tests.api.test_workers_api import api_for
from tests.conftest import make_user

from .builders import add_agent, recruit_input, register


def rows_of(data: bytes) -> list[list]:
    frame = fastexcel.read_excel(data).load_sheet(0, header_row=None, dtypes="string").to_polars()
    return [list(row) for row in frame.iter_rows()]


pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    day = dt.date(2026, 1, 5)
    monkeypatch.setattr(dates, "today", lambda: day)
    monkeypatch.setattr(dates, "now", lambda: timezone.make_aware(dt.datetime(2026, 1, 5, 9, 0)))
    return day


@pytest.fixture
def agent(alice, today):
    return add_agent(alice, "agen.gt", code="PRS-GT-01")


@pytest.fixture
def other(alice, today):
    return add_agent(alice, "agen.kb", "13.02.10", code="PRS-KB-01")


def _form(data):
    return {
        "nik": data.nik,
        "name": data.name,
        "sex": "",
        "birth_date": "",
        "village_code": data.village_code,
        "occupation_code": data.occupation_code,
        "phone": data.phone,
        "declared_income": "1.000.000",
        "start_month": str(data.start_month),
    }


def test_the_phone_form_prefills_from_the_nik_shows_the_contribution_then_saves(client, agent):
    client.force_login(agent.user)
    data = recruit_input()
    quoted = client.post("/agen/daftar/", {**_form(data), "action": "quote"})
    page = quoted.content.decode()
    assert quoted.status_code == 200 and 'data-testid="monthly-contribution"' in page
    assert "Rp16.800" in page and 'value="1990-04-02"' in page
    assert not Recruit.objects.exists()
    saved = client.post("/agen/daftar/", {**_form(data), "action": "save"})
    assert saved.status_code == 302
    recruit = Recruit.objects.get()
    assert (
        recruit.agent == agent
        and recruit.worker.birth_date == dt.date(1990, 4, 2)
        and recruit.worker.sex == "P"
    )
    assert data.name in client.get("/agen/").content.decode()


def test_a_matched_nik_shows_the_agent_only_what_it_typed(client, agent):
    from tests.conftest import make_worker

    existing = make_worker(
        "13.02.07.2002", name="Nama Di Registri", birth_date=dt.date(1990, 4, 2), phone="081299990000"
    )
    register(agent.user, nik=existing.nik, name="Nama Ketikan Agen")
    client.force_login(agent.user)
    page = client.get("/agen/").content.decode()
    assert "Nama Ketikan Agen" in page and "Nama Di Registri" not in page and "081299990000" not in page
    download = client.get("/agen/peserta.xlsx", {"purpose": "Penagihan iuran bulanan"})
    names = [row[2] for row in rows_of(b"".join(download.streaming_content))[1:]]
    assert names == ["Nama Ketikan Agen"]


def test_bad_input_on_the_form_names_the_field_and_saves_nothing(client, agent):
    client.force_login(agent.user)
    data = recruit_input(birth=dt.date(2013, 5, 5))
    response = client.post("/agen/daftar/", {**_form(data), "action": "save"})
    assert response.status_code == 200
    assert 'data-field="birth_date"' in response.content.decode()
    negative = client.post(
        "/agen/daftar/", {**_form(recruit_input()), "declared_income": "-5", "action": "save"}
    )
    assert 'data-field="declared_income"' in negative.content.decode()
    assert not Recruit.objects.exists() and not Membership.objects.exists()


def test_an_agent_sees_only_its_own_recruits_in_pages_downloads_and_the_api(client, agent, other):
    mine = register(agent.user, name="Milik Saya")
    theirs = register(other.user, village="13.02.10.2001", name="Milik Agen Lain")
    client.force_login(agent.user)
    page = client.get("/agen/").content.decode()
    assert "Milik Saya" in page and "Milik Agen Lain" not in page
    assert client.get(f"/agen/peserta/{theirs.pk}/iuran/").status_code == 404
    assert client.get(f"/agen/peserta/{mine.pk}/iuran/").status_code == 200
    assert client.get(f"/agen/{other.code}/").status_code == 404
    download = client.get("/agen/peserta.xlsx", {"purpose": "Penagihan iuran bulanan", "agent": other.code})
    assert [row[2] for row in rows_of(b"".join(download.streaming_content))[1:]] == []
    download = client.get("/agen/peserta.xlsx", {"purpose": "Penagihan iuran bulanan"})
    assert [row[2] for row in rows_of(b"".join(download.streaming_content))[1:]] == ["Milik Saya"]
    assert PersonalDataAccess.objects.filter(actor=agent.user).exists()
    # The agent's region scope is empty: the registry, the schemes and the API show it nobody.
    assert "Milik" not in client.get("/pekerja/").content.decode()
    body = api_for(agent.user).get("/api/v1/workers/").json()
    assert body["results"] == []
    assert client.get("/agen/tambah/").status_code == 403


def test_the_agent_list_ranks_the_agents_of_the_area_and_downloads(client, alice, agent, other):
    for _ in range(2):
        register(agent.user)
    register(other.user, village="13.02.10.2001")
    client.force_login(alice)
    page = client.get("/agen/", {"month": "2026-01"}).content.decode()
    assert page.index("PRS-GT-01") < page.index("PRS-KB-01")
    filtered = client.get("/agen/", {"district": "13.02.10", "month": "2026-01"}).content.decode()
    assert "PRS-KB-01" in filtered and "PRS-GT-01" not in filtered
    download = client.get("/agen/", {"month": "2026-01", "format": "xlsx"})
    codes = [row[0] for row in rows_of(download.content) if row[0] in ("PRS-GT-01", "PRS-KB-01")]
    assert codes == ["PRS-GT-01", "PRS-KB-01"]
    statement = client.get(f"/agen/{agent.code}/", {"month": "2026-01", "format": "xlsx"})
    assert statement.status_code == 200


def test_admins_of_another_regency_and_viewers_see_no_agent(client, agent, regions):
    outsider = make_user("eko", "regency_admin", ("73.16",))
    client.force_login(outsider)
    assert client.get(f"/agen/{agent.code}/").status_code == 404
    viewer = make_user("vina", "viewer", ("13.02",))
    client.force_login(viewer)
    assert client.get("/agen/").status_code == 403


def test_a_bpjs_officer_of_the_area_adds_suspends_and_reassigns_an_agent(client, regions, today):
    officer = make_user("petugas", "bpjs_officer", ("13.02",))
    client.force_login(officer)
    response = client.post(
        "/agen/tambah/",
        {
            "username": "agen.baru",
            "first_name": "Agen",
            "last_name": "Baru",
            "password": "sandi-agen-baru-99",
            "area_code": "13.02.07",
            "host_kind": "cooperative",
            "host_name": "Koperasi Tani",
            "start_date": "2026-01-05",
        },
    )
    assert response.status_code == 302
    agent = Agent.objects.get(user__username="agen.baru")
    assert agent.user.role == "agent" and list(agent.user.regions.values_list("code", flat=True)) == [
        "13.02.07"
    ]
    client.post(f"/agen/{agent.code}/ubah/", {"action": "suspend", "why": "Tidak menyetor"})
    agent.refresh_from_db()
    assert agent.status == AgentStatus.INACTIVE and not agent.user.is_active
    client.post(f"/agen/{agent.code}/ubah/", {"action": "reassign", "area_code": "13.02.10"})
    agent.refresh_from_db()
    assert agent.area_id == "13.02.10" and agent.district_code == "13.02.10"
    assert AuditEvent.objects.filter(object_type="agent", object_id=str(agent.pk)).count() == 3
    assert AuditEvent.objects.filter(object_type="user", object_id=str(agent.user.pk)).count() >= 3


def test_a_collection_form_refuses_a_negative_amount_with_a_message(client, agent):
    recruit = register(agent.user)
    client.force_login(agent.user)
    response = client.post(
        f"/agen/peserta/{recruit.pk}/iuran/",
        {
            "month": str(Month(2026, 1)),
            "amount": "-16800",
            "method": "cash",
            "collected_on": "2026-01-05",
        },
    )
    assert response.status_code == 200 and 'data-field="amount"' in response.content.decode()
    assert not recruit.collections.exists()
