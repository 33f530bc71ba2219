"""Attacks and the Content-Security-Policy in a real browser: the picker payload of issue 11 runs
nothing, and the main pages of every kind raise no CSP violation."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from payung.coverage.summary import refresh_registry_coverage
from payung.regions.models import Level, Region
from payung.schemes.services.bills import bill_issue
from tests.conftest import make_worker
from tests.coverage.helpers import labour_force, participation
from tests.schemes.builders import active_member, make_scheme

from .login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = "x%27)%3Balert(1)%3B//"


class Watch:
    """Every dialog (alert, confirm) and every CSP complaint or script error a page gives."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        self.violations: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.violations.append(f"script error: {error}"))

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            self.violations.append(text)


def test_the_picker_payload_runs_nothing(page, live_server, bob):
    # A village whose name is itself a payload: the picker must treat it as text.
    Region.objects.create(
        code="13.02.07.2003",
        name="Kapalo');alert(2);//",
        level=Level.VILLAGE,
        kind="nagari",
        parent_id="13.02.07",
        search_name="kapalo');alert(2);//",
    )
    watch = Watch(page)
    log_in(page, live_server, "bob")

    response = page.goto(f"{live_server.url}/wilayah/cari/?q=Gunung+Talang&target={PAYLOAD}")
    assert response.status == 400
    page.goto(
        f"{live_server.url}/wilayah/cari/?picker_q=Gunung+Talang&target=village_code%22%20onfocus=%22alert(3)"
    )
    page.goto(f"{live_server.url}/pekerja/baru/")
    page.locator("#picker_village_code").fill("kapalo")
    page.get_by_role("button", name="Kapalo").click()
    expect(page.locator("#id_village_code")).to_have_value("13.02.07.2003")
    expect(page.locator("#picker_village_code")).to_have_value("13.02.07.2003 Kapalo');alert(2);//")
    page.wait_for_timeout(300)
    assert watch.dialogs == []
    assert watch.violations == []


def test_the_main_pages_raise_no_csp_violation(page, live_server, alice, tmp_path):
    today = timezone.localdate()
    worker = make_worker("13.02.07.2001", name="Rosmiati Koto", phone="081234567890", dtsen_decile=1)
    scheme = make_scheme(alice, year=today.year)
    active_member(alice, scheme, worker, today=today)
    bill_issue(actor=alice, scheme=scheme, month=today.replace(day=1), today=today)
    labour_force(tmp_path, "13.02,2025,226964,215500", "13.02.07,2025,100000,95000")
    participation(tmp_path, *[f"13.02.07,2025-{m:02d},BPU,{9000 + 100 * m}" for m in range(1, 7)])
    refresh_registry_coverage(regency_codes=["13.02"])

    watch = Watch(page)
    log_in(page, live_server, "alice")  # enrols the second factor through the screens
    for path in (
        "/",
        "/pekerja/",
        f"/pekerja/{worker.pk}/",
        "/pekerja/baru/",
        "/wilayah/",
        "/wilayah/13.02/",
        "/iuran/",
        "/skema/",
        f"/skema/{scheme.pk}/",
        f"/kepesertaan/skema/{scheme.pk}/",
        f"/tagihan/skema/{scheme.pk}/",
        "/impor/",
        "/cakupan/?region=13.02&month=2025-06",
        "/akun/keamanan/",
        "/akun/kata-sandi/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/cakupan/?region=13.02&month=2025-06")
    expect(page.locator("#trend-chart")).to_have_attribute("data-ready", "1")
    page.goto(f"{live_server.url}/skema/")
    expect(page.locator("[data-width]").first).to_be_attached()
    assert page.evaluate("document.querySelector('[data-width]').style.width").endswith("%")
    page.goto(f"{live_server.url}/pekerja/baru/")
    page.locator("#picker_village_code").fill("cupak")
    page.get_by_role("button", name="Cupak").click()
    expect(page.locator("#id_village_code")).to_have_value("13.02.07.2002")
    assert watch.violations == [], watch.violations
    assert watch.dialogs == []
