"""At 360 px (a phone) no page scrolls sideways: wide tables scroll inside their own box."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from payung.claims.models import Claim
from payung.regions.loading import load_regions
from payung.registry.demo import DEMO_PASSWORD
from payung.schemes.models import FundingScheme
from tests.conftest import ensure_occupations
from tests.imports.files import csv_file, person

from .login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def demo(tmp_path, settings, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_occupations()  # an earlier transactional test's flush removed the migration's rows
    load_regions()
    ensure_occupations()  # an earlier transactional test's flush removed the migration's rows
    with override_settings(DEBUG=True):
        call_command("load_demo", "--workers-per-regency", "40")
    upload = tmp_path / "daftar.csv"
    upload.write_bytes(csv_file(*(person(9000 + i, name=f"Pekerja Impor {i}") for i in range(3))))
    with pytest.raises(SystemExit) as imported:  # the command exits with its own status
        call_command("import_workers", str(upload))
    assert imported.value.code == 0
    capsys.readouterr()
    return FundingScheme.objects.get(funder_region_id="73.16")


def test_no_page_is_wider_than_a_360_px_phone(browser, live_server, demo):
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server, "admin", password=DEMO_PASSWORD)
    pages = {
        "home": "/",
        "worker list": "/pekerja/",
        "dashboard": "/cakupan/?region=73.16",
        "scheme list": "/skema/",
        "scheme page": f"/skema/{demo.pk}/",
        "members": f"/kepesertaan/skema/{demo.pk}/",
        "bills": f"/tagihan/skema/{demo.pk}/",
        "import history": "/impor/riwayat/",
        "rule table": "/iuran/aturan/",
        "claims list": "/klaim/",
        "claims dashboard": "/klaim/dasbor/?region=73.16",
        "claim page": f"/klaim/{Claim.objects.filter(worker__isnull=False).first().pk}/",
        "claim report form": "/klaim/lapor/",
        "agents": "/agen/",
        "agent page": "/agen/PRS-7371-0001/",
    }
    widths = {}
    for name, path in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, (name, response.status)
        page.wait_for_load_state("networkidle")
        widths[name] = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert {name: width for name, width in widths.items() if width > PHONE["width"]} == {}
