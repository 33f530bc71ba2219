"""An agent on a 360 px phone: register a worker, see the contribution before saving, save, find them."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from payung.agents.models import Recruit
from payung.lib import dates
from payung.lib.nik import FEMALE, make_nik
from tests.agents.builders import PASSWORD, add_agent

from .login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def test_an_agent_registers_a_worker_on_a_phone(browser, live_server, alice):
    agent = add_agent(alice, "agen.hp", start=dates.today())
    nik = make_nik(district_code="13.02.07", birth_date=dt.date(1991, 7, 9), sex=FEMALE, serial=4321)
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server, agent.user.username, password=PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/agen/")
    page.get_by_test_id("register-link").click()

    page.get_by_label("NIK").fill(nik)
    page.get_by_label("Nama lengkap").fill("Wahyuni Rahman")
    page.get_by_label("Desa/kelurahan").select_option(label="Koto Gaek Guguak")
    page.get_by_label("Pekerjaan").select_option(label="Pedagang")
    page.get_by_label("Nomor HP").fill("0812 3456 7890")
    page.get_by_label("Penghasilan per bulan (Rp)").fill("1.500.000")
    page.get_by_label("Ikut JHT (Jaminan Hari Tua)").check()
    page.get_by_role("button", name="Hitung iuran").click()

    # Sex and birth date came from the NIK, the contribution is shown, nothing is saved yet.
    expect(page.get_by_label("Tanggal lahir")).to_have_value("1991-07-09")
    expect(page.get_by_label("Jenis kelamin")).to_have_value("P")
    contribution = page.get_by_test_id("monthly-contribution")
    expect(contribution).to_contain_text("Rp")
    assert Recruit.objects.count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    save = page.get_by_role("button", name="Simpan peserta")
    assert save.bounding_box()["height"] >= 44  # a thumb-sized target
    save.click()

    expect(page.get_by_text("Wahyuni Rahman tersimpan")).to_be_visible()
    expect(page.get_by_test_id("recruit-list")).to_contain_text("Wahyuni Rahman")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    recruit = Recruit.objects.get()
    assert recruit.agent == agent and recruit.membership.programmes == ["JKK", "JKM", "JHT"]
    context.close()
