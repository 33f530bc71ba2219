"""Coverage back to the village: the protected people in OpenSID's own "peserta program bantuan" format."""

import datetime as dt
import pathlib

import fastexcel
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from payung.audit.models import PersonalDataAccess
from payung.imports.models import ImportJob, Status
from payung.lib import dates
from tests.schemes.builders import active_member, make_scheme

TEMPLATE = (
    pathlib.Path(__file__).resolve().parent.parent
    / "fixtures"
    / "sheets"
    / "format_impor_program_bantuan.xlsx"
)
VILLAGE = "13.02.07.2001"
JUNE = dt.date(2026, 6, 15)


@pytest.fixture
def covered(alice, worker_factory, monkeypatch):
    """Two protected people of Koto Gaek Guguak, one of Cupak, and one whose membership is only proposed."""
    monkeypatch.setattr(dates, "today", lambda: JUNE)  # the clock, not our code: the membership runs in 2026
    scheme = make_scheme(alice, name="UCJ APBD Solok 2026")
    siti = worker_factory(name="Siti Rahma", kk_number="1302070101260001")
    budi = worker_factory(name="Budi Santoso", sex="L", birth_date=dt.date(1985, 7, 1))
    elsewhere = worker_factory(village="13.02.07.2002", name="Rina Cupak")
    active_member(alice, scheme, siti, kpj="KPJ0000001")
    active_member(alice, scheme, budi, kpj="KPJ0000002")
    active_member(alice, scheme, elsewhere, kpj="KPJ0000003")
    return siti, budi


def template_columns() -> tuple[list[str], list[str]]:
    """OpenSID's published template: the Program sheet's labels (to ###) and the Peserta sheet's headers."""
    reader = fastexcel.read_excel(TEMPLATE.read_bytes())
    program = reader.load_sheet("Program", header_row=None, dtypes="string").to_polars()
    labels = []
    for label in program.get_column(program.columns[0]).to_list():
        if label == "###":
            break
        labels.append(label)
    peserta = reader.load_sheet("Peserta", dtypes="string").to_polars()
    return labels, peserta.columns


def download(client, kind: str, purpose: str | None = "Kirim ke OpenSID desa"):
    url = reverse("imports:village_coverage_download", args=[VILLAGE, kind, "APBD-2026"])
    return client.get(url, {"purpose": purpose} if purpose else {})


def test_the_village_page_leads_to_its_protected_people(client, alice, covered):
    client.force_login(alice)
    region_page = client.get(reverse("regions:detail", args=[VILLAGE])).content.decode()
    assert reverse("imports:village_coverage", args=[VILLAGE]) in region_page
    page = client.get(reverse("imports:village_coverage", args=[VILLAGE])).content.decode()
    assert "BPJS Ketenagakerjaan (APBD 2026)" in page
    assert '<td class="text-end">2</td>' in page


def test_the_opensid_export_reads_back_against_opensids_published_template(client, alice, covered):
    siti, budi = covered
    client.force_login(alice)
    asked = download(client, "opensid", purpose=None)
    assert asked.status_code == 200 and "Tuliskan untuk apa" in asked.content.decode()  # purpose first
    response = download(client, "opensid")
    assert response.status_code == 200
    reader = fastexcel.read_excel(b"".join(response.streaming_content))
    assert reader.sheet_names == ["Program", "Peserta"]

    labels, columns = template_columns()
    program = reader.load_sheet("Program", header_row=None, dtypes="string").to_polars().rows()
    assert [row[0] for row in program] == [*labels, "###"]
    values = dict(program)
    assert values["Nama Program"] == "BPJS Ketenagakerjaan (APBD 2026)"
    assert (values["Sasaran Program"], values["Asal Dana"]) == ("1", "Kab/Kota")
    assert (values["Rentang Waktu (Awal)"], values["Rentang Waktu (Akhir)"]) == ("2026-01-01", "2026-12-31")

    peserta = reader.load_sheet("Peserta", dtypes="string").to_polars()
    assert peserta.columns == columns
    rows = [row for row in peserta.rows(named=True) if row["Peserta"] != "###"]
    assert [(r["Peserta"], r["NIK"], r["Nama"], r["No. Peserta"], r["Tanggal Lahir"]) for r in rows] == [
        (budi.nik, budi.nik, "Budi Santoso", "KPJ0000002", "1985-07-01"),
        (siti.nik, siti.nik, "Siti Rahma", "KPJ0000001", siti.birth_date.isoformat()),
    ]
    assert peserta.rows()[-1][0] == "###"  # where OpenSID's reader stops

    access = PersonalDataAccess.objects.get()
    assert (access.actor, access.purpose, access.subject_count, access.full_nik) == (
        alice,
        "Kirim ke OpenSID desa",
        2,
        True,
    )


def test_the_plain_xlsx_carries_the_family_card(client, alice, covered):
    siti, _ = covered
    client.force_login(alice)
    reader = fastexcel.read_excel(b"".join(download(client, "xlsx").streaming_content))
    frame = reader.load_sheet(0, header_row=3, dtypes="string").to_polars()
    assert frame.columns[:3] == ["NIK", "Nama", "No KK"]
    assert frame.filter(frame["Nama"] == "Siti Rahma").row(0)[:3] == (
        siti.nik,
        "Siti Rahma",
        "1302070101260001",
    )


def test_our_export_is_read_back_by_our_own_import_as_an_opensid_beneficiary_list(client, alice, covered):
    client.force_login(alice)
    data = b"".join(download(client, "opensid").streaming_content)
    client.post(
        reverse("imports:start"),
        {"file": SimpleUploadedFile("peserta.xlsx", data), "village": VILLAGE},
    )
    job = ImportJob.objects.get()
    assert job.status == Status.CHECKED
    assert job.layout["recognised"]["label"] == "Ekspor OpenSID (peserta bantuan)"
    assert (job.rows, job.unchanged, job.invalid) == (2, 2, 0)


def test_someone_outside_the_village_gets_nothing(client, charlie, vera, covered):
    for user in (charlie, vera):
        client.force_login(user)
        assert client.get(reverse("imports:village_coverage", args=[VILLAGE])).status_code == 404
        assert download(client, "opensid").status_code == 404
    assert not PersonalDataAccess.objects.exists()
