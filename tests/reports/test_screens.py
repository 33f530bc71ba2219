"""The rakor screens: a viewer makes a pack in the background and downloads it, the archive keeps
every pack with who and when, other regencies see nothing, bad periods make nothing."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from payung.reports.models import ReportPack, Status

from .conftest import pdf_text, xlsx_sheets

pytestmark = pytest.mark.django_db
ARCHIVE = "/laporan/"


def ask(client, **values):
    data = {"region": "13.02", "year": "2025", "month": "", "format": "pdf", **values}
    return client.post("/laporan/buat/", data)


def test_the_coverage_dashboard_links_to_the_regions_rakor_packs(client, alice, solok):
    client.force_login(alice)
    page = client.get("/cakupan/", {"region": "13.02", "month": "2025-06"}).content.decode()
    assert 'href="/laporan/?region=13.02"' in page


def test_a_viewer_makes_a_pack_follows_it_and_downloads_it(client, vera, solok, tmp_path):
    client.force_login(vera)
    response = ask(client)
    pack = ReportPack.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/laporan/{pack.pk}/"
    assert (pack.status, pack.progress, pack.user, pack.month.isoformat()) == (
        Status.DONE,
        100,
        vera,
        "2025-06-01",
    )
    page = client.get(f"/laporan/{pack.pk}/").content.decode()
    assert "Bahan rakor selesai dibuat." in page and "hx-get" not in page
    download = client.get(f"/laporan/{pack.pk}/unduh/")
    assert download["Content-Type"] == "application/pdf"
    path = tmp_path / "pack.pdf"
    path.write_bytes(b"".join(download.streaming_content))
    text = re.sub(r"\s+", " ", pdf_text(path))
    assert "mencapai 13,85 % (31.442 dari 226.964 angkatan kerja)" in text
    assert "Rosmiati" not in text and "1302075203850001" not in text
    assert f"oleh {vera.username}" in text  # who generated it, in the sources


def test_the_xlsx_pack_downloads_with_its_sheets(client, alice, solok, tmp_path):
    client.force_login(alice)
    pack = ReportPack.objects.get(pk=int(ask(client, format="xlsx")["Location"].split("/")[2]))
    download = client.get(f"/laporan/{pack.pk}/unduh/")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    path = tmp_path / "pack.xlsx"
    path.write_bytes(b"".join(download.streaming_content))
    trend = xlsx_sheets(path)["Tren bulanan dan proyeksi"]
    assert any(row[1] == 31_442 and row[3] == 226_964 for row in trend)


def test_a_running_pack_is_polled_until_it_is_done(client, alice, solok):
    pack = ReportPack.objects.create(
        region_id="13.02",
        year=2025,
        month="2025-06-01",
        format="pdf",
        user=alice,
        user_name="alice",
        status=Status.RUNNING,
        phase="Klaim",
        progress=60,
        heartbeat_at=timezone.now(),
    )
    client.force_login(alice)
    partial = client.get(f"/laporan/{pack.pk}/", {"partial": "1"}).content.decode()
    assert f'hx-get="/laporan/{pack.pk}/?partial=1"' in partial and 'data-width="60"' in partial
    assert "Klaim" in partial and "<html" not in partial
    assert client.get(f"/laporan/{pack.pk}/unduh/").status_code == 404  # no file yet


def test_the_archive_keeps_every_pack_with_who_and_when(client, alice, vera, solok):
    client.force_login(alice)
    ask(client)
    ask(client, month="2025-03")
    client.force_login(vera)
    ask(client, format="xlsx")
    first, second, third = ReportPack.objects.order_by("pk")
    assert len({first.file.name, second.file.name, third.file.name}) == 3  # a new pack never overwrites
    assert first.size > 0 and second.month.isoformat() == "2025-03-01"
    page = client.get(ARCHIVE, {"region": "13.02", "year": "2025"}).content.decode()
    for pack in (first, second, third):
        assert f'href="/laporan/{pack.pk}/unduh/"' in page
        download = client.get(f"/laporan/{pack.pk}/unduh/")  # downloadable again
        assert len(b"".join(download.streaming_content)) == pack.size
    assert page.count(">alice<") == 2 and page.count(f">{vera.username}<") == 1
    assert "Maret 2025" in page and "Juni 2025" in page


def test_another_regency_sees_nothing_of_solok(client, alice, charlie, solok):
    client.force_login(alice)
    ask(client)
    pack = ReportPack.objects.get()
    client.force_login(charlie)
    assert client.get(ARCHIVE, {"region": "13.02"}).status_code == 404
    assert ask(client).status_code == 404
    assert client.get(f"/laporan/{pack.pk}/").status_code == 404
    assert client.get(f"/laporan/{pack.pk}/unduh/").status_code == 404
    assert ReportPack.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"year": "2031"}, "Tahun 2031 belum berjalan"),
        ({"month": "2024-11"}, "Bulan 2024-11 di luar tahun 2025."),
        ({"year": "2023"}, "Belum ada data Kabupaten Solok untuk tahun 2023"),
        ({"format": "docx"}, "Format docx tidak dikenal"),
    ],
)
def test_a_bad_period_gives_a_clear_message_and_makes_nothing(client, alice, solok, values, message):
    client.force_login(alice)
    response = ask(client, **values)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert message in page
    assert ReportPack.objects.count() == 0


def test_a_pack_whose_worker_went_silent_fails_with_a_true_message(client, alice, solok):
    import datetime as dt

    pack = ReportPack.objects.create(
        region_id="13.02",
        year=2025,
        month="2025-06-01",
        format="pdf",
        user=alice,
        status=Status.RUNNING,
        heartbeat_at=timezone.now() - dt.timedelta(minutes=11),
    )
    client.force_login(alice)
    page = client.get(f"/laporan/{pack.pk}/").content.decode()
    pack.refresh_from_db()
    assert pack.status == Status.FAILED and "Proses pembuatan terhenti" in page and "hx-get" not in page
