"""Files as the villages' own systems write them: OpenSID's and SIAK's published samples, a DTSEN list.

The samples are OpenSID's own files (docs/imports.md, "Known layouts"), their identities made valid for
the test tree: contoh_penduduk.xlsx for a village of Gunung Talang (13.02.07), format_siak.xls for
Desa NGGAPRANG of Kecamatan GAWANGAN, which the tests add to Kabupaten Solok (13.02.11).
"""

import datetime as dt
import json
import pathlib

import fastexcel
import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from payung.accounts.roles import Role
from payung.imports.models import ColumnMapping, ImportJob, Status
from payung.lib import dates
from payung.lib.nik import FEMALE, MALE, make_nik
from payung.registry.models import Worker
from payung.rules.facts import scheme_defaults
from tests.conftest import build_regions, make_user

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "sheets"
OPENSID = FIXTURES / "contoh_penduduk.xlsx"
SIAK = FIXTURES / "format_siak.xls"
BENEFICIARIES = FIXTURES / "format_impor_program_bantuan.xlsx"
VILLAGE = "13.02.07.2001"


@pytest.fixture
def gawangan(regions):
    build_regions({"13.02.11": "Gawangan", "13.02.11.2001": "Nggaprang"})


@pytest.fixture
def village_operator(regions):
    """An operator of one village (Koto Gaek Guguak): an OpenSID export is taken as theirs."""
    return make_user("ova", Role.OPERATOR, (VILLAGE,))


def run_cli(capsys, *args):
    with pytest.raises(SystemExit) as exited:
        call_command("import_workers", *map(str, args))
    out = capsys.readouterr().out
    return exited.value.code, json.loads(out)


def sample(path: pathlib.Path, sheet: int = 0) -> pl.DataFrame:
    return fastexcel.read_excel(path.read_bytes()).load_sheet(sheet, dtypes="string").to_polars()


def ages(births: list[str]) -> list[int]:
    today = dates.today()
    born = [dt.date.fromisoformat(b[:10]) for b in births]
    return [today.year - b.year - ((today.month, today.day) < (b.month, b.day)) for b in born]


def working(births: list[str]) -> list[bool]:
    rules = scheme_defaults(dates.today())
    return [rules.min_age <= age <= rules.max_age for age in ages(births)]


# ---------------------------------------------------------------- OpenSID, population export


def test_the_opensid_sample_imports_through_the_cli_with_the_village_given(regions, capsys):
    rows = sample(OPENSID)
    expected = sum(working(rows.get_column("tanggallahir").to_list()))
    code, result = run_cli(capsys, OPENSID, "--village", VILLAGE, "--valid-only", "--json")
    assert code == 1  # children and the old are refused (the office did not opt in)
    assert (result["rows"], result["valid"], result["created"]) == (97, expected, expected)
    assert {e["code"] for e in result["errors"]} == {"under_working_age", "past_working_age"}
    assert Worker.objects.count() == expected
    job = ImportJob.objects.get()
    assert job.layout["recognised"]["label"] == "Ekspor OpenSID (penduduk)"

    # Row 2 of the file: ADINI SEPTIA LISTA, sex 2, pekerjaan_id 2 (Mengurus Rumah Tangga), KK kept.
    first = rows.row(0, named=True)
    adini = Worker.objects.get(nik=first["nik"])
    assert (adini.name, adini.sex, adini.birth_date) == ("ADINI SEPTIA LISTA", FEMALE, dt.date(1996, 3, 10))
    assert (adini.village_id, adini.occupation_id, adini.kk_number) == (
        VILLAGE,
        "mengurus_rumah_tangga",
        first["no_kk"],
    )
    # pekerjaan_id 88 (Wiraswasta) -> Pedagang; 15 (Karyawan Swasta) -> Lainnya with the Dukcapil label.
    occupation = dict(Worker.objects.values_list("nik", "occupation_id"))
    notes = dict(Worker.objects.values_list("nik", "occupation_note"))
    for row in rows.iter_rows(named=True):
        if row["nik"] in occupation and row["pekerjaan_id"] == "88":
            assert occupation[row["nik"]] == "pedagang"
        if row["nik"] in occupation and row["pekerjaan_id"] == "15":
            assert (occupation[row["nik"]], notes[row["nik"]]) == ("lainnya", "Karyawan Swasta")
        if row["nik"] in occupation:
            assert Worker.objects.get(nik=row["nik"]).sex == {"1": MALE, "2": FEMALE}[row["sex"]]


def test_the_office_may_import_children_and_the_old_too(regions, capsys):
    code, result = run_cli(
        capsys, OPENSID, "--village", VILLAGE, "--include-minors", "--include-elderly", "--json"
    )
    assert (code, result["invalid"], result["created"]) == (0, 0, 97)


def test_an_opensid_export_without_a_village_asks_for_one(regions, capsys):
    code, result = run_cli(capsys, OPENSID, "--json")
    assert code == 2
    assert result["error"]["code"] == "no_village_column"
    assert Worker.objects.count() == 0


@pytest.mark.parametrize(
    ("flag", "value", "error"),
    [("--village", "13.02.07.9999", "village_unknown"), ("--regency", "99.99", "regency_unknown")],
)
def test_an_unknown_village_or_regency_is_exit_2(regions, capsys, flag, value, error):
    code, result = run_cli(capsys, OPENSID, flag, value, "--json")
    assert code == 2
    assert result["error"]["code"] == error
    assert ImportJob.objects.count() == 0


def test_an_unknown_occupation_code_is_a_row_error_naming_it(regions, tmp_path, capsys):
    nik = make_nik(district_code="13.02.07", birth_date=dt.date(1980, 3, 12), sex=MALE, serial=1)
    header = "nama,no_kk,nik,sex,tempatlahir,tanggallahir,pekerjaan_id,kk_level,cacat_id"
    target = tmp_path / "penduduk.csv"
    target.write_text(f"{header}\nBUDI,,{nik},1,SOLOK,1980-03-12,99,1,9\n")
    code, result = run_cli(capsys, target, "--village", VILLAGE, "--json")
    assert code == 1
    assert sorted((e["column"], e["code"], e["message"]) for e in result["errors"]) == [
        (
            "cacat_id",
            "code_unknown",
            "Isian 9 tidak ada dalam daftar kode disabilitas Dukcapil; periksa isian ini.",
        ),
        (
            "pekerjaan_id",
            "code_unknown",
            "Isian 99 tidak ada dalam daftar kode pekerjaan Dukcapil; periksa isian ini.",
        ),
    ]


def test_the_opensid_sample_imports_through_the_pages_for_a_village_operator(client, village_operator):
    client.force_login(village_operator)
    response = client.post(
        reverse("imports:start"), {"file": SimpleUploadedFile(OPENSID.name, OPENSID.read_bytes())}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.village_id) == (Status.CHECKED, VILLAGE)  # their only village, unasked
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "Tata letak dikenali: Ekspor OpenSID (penduduk)" in page
    for header, label in (
        ("pekerjaan_id", "Pekerjaan"),
        ("cacat_id", "Disabilitas"),
        ("sex", "Jenis Kelamin"),
    ):
        assert f"<td>«{header}»</td><td>{label}</td>" in page
    assert "kode pekerjaan" in page
    client.post(reverse("imports:confirm", args=[job.pk]), {"valid_only": "1"})
    job.refresh_from_db()
    assert job.status == Status.DONE
    assert Worker.objects.filter(village_id=VILLAGE).count() == job.valid == job.created > 80


def test_the_operator_overrides_a_column_the_layout_mapped(client, village_operator):
    client.force_login(village_operator)
    client.post(reverse("imports:start"), {"file": SimpleUploadedFile(OPENSID.name, OPENSID.read_bytes())})
    job = ImportJob.objects.get()
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "«pekerjaan_id»" in page
    headers = [item["header"] for item in job.layout["unrecognised"]]
    mapped = [m["header"] for m in job.layout["recognised"]["mappings"]]
    choices = {f"col_{i}": "" for i, _ in enumerate(headers)}
    for i, header in enumerate(mapped, start=len(headers)):
        choices[f"col_{i}"] = (
            ""
            if header == "pekerjaan_id"
            else next(m["field"] for m in job.layout["recognised"]["mappings"] if m["header"] == header)
        )
    client.post(reverse("imports:columns", args=[job.pk]), choices)
    # The override is remembered, not the columns left as the layout read them.
    remembered = dict(ColumnMapping.objects.values_list("header", "field"))
    assert remembered["pekerjaan_id"] == ""
    assert not set(remembered) & (set(mapped) - {"pekerjaan_id"})
    job.refresh_from_db()
    assert job.layout["recognised"]["label"] == "Ekspor OpenSID (penduduk)"
    assert "occupation" not in {m["field"] for m in job.layout["recognised"]["mappings"]}


def test_a_district_operator_is_asked_the_village_on_the_page(client, bob):
    client.force_login(bob)
    client.post(reverse("imports:start"), {"file": SimpleUploadedFile(OPENSID.name, OPENSID.read_bytes())})
    job = ImportJob.objects.get()
    assert (job.status, job.file_error_code) == (Status.FAILED, "no_village_column")
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert 'data-testid="village-form"' in page
    client.post(reverse("imports:village", args=[job.pk]), {"village": "13.02.07.2002"})
    job.refresh_from_db()
    assert (job.status, job.village_id) == (Status.CHECKED, "13.02.07.2002")
    # A village outside the operator's district is not offered, and refused if posted.
    client.post(reverse("imports:village", args=[job.pk]), {"village": "13.02.10.2001"})
    job.refresh_from_db()
    assert job.village_id == "13.02.07.2002"


# ---------------------------------------------------------------- OpenSID, beneficiaries


def test_the_opensid_beneficiary_template_is_recognised_and_the_sex_taken_from_the_nik(regions, capsys):
    code, result = run_cli(capsys, BENEFICIARIES, "--village", VILLAGE, "--json")
    assert (code, result["created"]) == (0, 2)
    job = ImportJob.objects.get()
    assert job.layout["recognised"]["key"] == "opensid_peserta"
    ahlul = Worker.objects.get(name="AHLUL")
    assert (ahlul.sex, ahlul.birth_date, ahlul.village_id) == (MALE, dt.date(1970, 5, 20), VILLAGE)


# ---------------------------------------------------------------- SIAK


def test_the_siak_sample_imports_through_the_cli_by_names_in_the_regency(gawangan, capsys):
    rows = sample(SIAK)
    code, result = run_cli(capsys, SIAK, "--regency", "13.02", "--valid-only", "--json")
    assert code == 1
    by_row = {e["row"]: e for e in result["errors"]}
    # Row 18: the dead person, refused with the reason.
    assert rows.row(16, named=True)["Status"] == "Mati"
    assert by_row[18]["code"] == "person_dead"
    assert by_row[18]["message"].startswith("Penduduk ini tercatat meninggal (Status: Mati)")
    assert by_row[11]["code"] == "duplicate_in_file"  # SIAK's sample lists one NIK twice
    alive = [
        i + 2
        for i, (ok, status) in enumerate(
            zip(working(rows.get_column("Tanggal Lahir").to_list()), rows.get_column("Status"), strict=True)
        )
        if ok and status != "Mati" and i + 2 != 11
    ]
    assert result["created"] == len(alive) == Worker.objects.count()
    assert set(Worker.objects.values_list("village_id", flat=True)) == {"13.02.11.2001"}
    job = ImportJob.objects.get()
    warned = {(w["row"], w["code"]) for w in job.warning_list}
    assert {(4, "record_not_valid"), (7, "record_not_valid"), (17, "person_moved")} <= warned
    assert job.layout["recognised"]["label"] == "Ekspor SIAK (Dukcapil)"
    sumini = Worker.objects.get(name="SUMINI")
    assert (sumini.sex, sumini.occupation_id, sumini.has_disability) == (
        FEMALE,
        "mengurus_rumah_tangga",
        False,
    )
    widya = Worker.objects.get(name="WIDYAWATI")
    assert (widya.occupation_id, widya.occupation_note) == ("lainnya", "Karyawan Swasta")


def test_the_siak_sample_imports_through_the_pages_for_the_regency_admin(client, alice, gawangan):
    client.force_login(alice)
    client.post(reverse("imports:start"), {"file": SimpleUploadedFile(SIAK.name, SIAK.read_bytes())})
    job = ImportJob.objects.get()
    assert (job.status, job.regency_id) == (Status.CHECKED, "13.02")  # her regency, unasked
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "Tata letak dikenali: Ekspor SIAK (Dukcapil)" in page
    assert "<td>«Desa/Kel»</td><td>Desa/Kelurahan</td>" in page
    assert "tercatat meninggal" in page
    client.post(reverse("imports:confirm", args=[job.pk]), {"valid_only": "1"})
    job.refresh_from_db()
    assert job.status == Status.DONE and job.created == Worker.objects.count() > 0
    assert not Worker.objects.filter(name="SUMINI", birth_date=dt.date(1991, 9, 6)).exists()


def test_a_dead_member_is_refused_and_their_membership_flagged_for_ending(gawangan, alice, capsys, tmp_path):
    from payung.schemes.services.memberships import membership_propose
    from tests.schemes.builders import TODAY as PLANNING_DAY
    from tests.schemes.builders import make_scheme

    rows = sample(SIAK)
    dead = rows.row(16, named=True)
    worker = Worker.objects.create(
        nik=dead["NIK"],
        name=dead["Nama Penduduk"],
        sex=MALE,
        birth_date=dt.date(1991, 9, 6),
        village_id="13.02.11.2001",
        district_code="13.02.11",
        regency_code="13.02",
        province_code="13",
        occupation_id="pedagang",
    )
    membership_propose(
        actor=alice, scheme=make_scheme(alice, name="UCJ APBD Solok 2026"), worker=worker, today=PLANNING_DAY
    )
    code, result = run_cli(capsys, SIAK, "--regency", "13.02", "--dry-run", "--json")
    error = next(e for e in result["errors"] if e["row"] == 18)
    assert error["code"] == "person_dead"
    assert "masih tercatat sebagai peserta UCJ APBD Solok 2026" in error["message"]
    assert ImportJob.objects.get().layout["endings"] == [
        {"row": 18, "nik": dead["NIK"], "scheme": "UCJ APBD Solok 2026"}
    ]


def test_a_file_of_another_village_is_refused_for_an_operator_of_one_village(
    client, village_operator, gawangan
):
    client.force_login(village_operator)
    client.post(reverse("imports:start"), {"file": SimpleUploadedFile(SIAK.name, SIAK.read_bytes())})
    job = ImportJob.objects.get()
    assert (job.status, job.file_error_code) == (Status.FAILED, "other_village_file")
    assert job.file_error == (
        "Berkas ini berisi penduduk desa lain, bukan Desa Koto Gaek Guguak; "
        "Anda hanya dapat mengimpor penduduk Desa Koto Gaek Guguak."
    )
    assert Worker.objects.count() == 0


# ---------------------------------------------------------------- names inside a regency


def test_village_names_are_found_in_the_regency_tolerating_prefixes_and_ambiguous_ones_list_candidates(
    regions, tmp_path, capsys
):
    build_regions({"13.02.10.2002": "Cupak"})  # a second Cupak, in Kubung
    lines = ["NIK;Nama;JK;Tgl Lahir;Kecamatan;Desa/Kel;Pekerjaan"]
    for serial, (district, village) in enumerate(
        [
            ("KEC. GUNUNG TALANG", "DESA KOTO GAEK  GUGUAK"),
            ("gunung talang", "KEL. Cupak"),
            ("", "Cupak"),
            ("", "Atlantis"),
        ],
        start=1,
    ):
        nik = make_nik(district_code="13.02.07", birth_date=dt.date(1980, 3, 12), sex=MALE, serial=serial)
        lines.append(f"{nik};Pekerja {serial};L;12/03/1980;{district};{village};Petani")
    target = tmp_path / "daftar.csv"
    target.write_text("\n".join(lines) + "\n")
    code, result = run_cli(capsys, target, "--regency", "13.02", "--dry-run", "--json")
    assert code == 1
    assert [(e["row"], e["code"], e["message"]) for e in result["errors"]] == [
        (
            4,
            "village_ambiguous_among",
            "Nama desa Cupak ada lebih dari satu: 13.02.07.2002 Cupak, Kec. Gunung Talang; "
            "13.02.10.2002 Cupak, Kec. Kubung. Gunakan kode desa.",
        ),
        (5, "village_unknown", "Desa/kelurahan tidak ditemukan: Atlantis."),
    ]
    assert result["valid"] == 2


# ---------------------------------------------------------------- DTSEN


def test_a_dtsen_decile_list_completes_registered_workers_only(regions, worker_factory, tmp_path, capsys):
    worker = worker_factory(name="Siti Rahma")
    stranger = make_nik(district_code="13.02.07", birth_date=dt.date(1980, 3, 12), sex=MALE, serial=77)
    target = tmp_path / "desil.csv"
    target.write_text(f"NIK,Desil Kesejahteraan\n{worker.nik},3\n{stranger},1\n")
    code, result = run_cli(capsys, target, "--valid-only", "--json")
    assert (code, result["updated"]) == (1, 1)
    assert [(e["row"], e["code"]) for e in result["errors"]] == [(3, "not_registered")]
    worker.refresh_from_db()
    assert worker.dtsen_decile == 3
    assert ImportJob.objects.get().layout["recognised"]["label"] == "Daftar desil DTSEN"


def test_an_ambiguous_name_within_the_chosen_district_lists_its_candidates_too(regions, tmp_path, capsys):
    build_regions({"13.02.07.2003": "Cupak"})  # two villages called Cupak in Gunung Talang
    nik = make_nik(district_code="13.02.07", birth_date=dt.date(1980, 3, 12), sex=MALE, serial=1)
    target = tmp_path / "daftar.csv"
    target.write_text(f"NIK;Nama;JK;Tgl Lahir;Desa\n{nik};Budi;L;12/03/1980;Desa Cupak\n")
    code, result = run_cli(capsys, target, "--district", "13.02.07", "--dry-run", "--json")
    assert code == 1
    assert [e["message"] for e in result["errors"]] == [
        "Nama desa Desa Cupak ada lebih dari satu: 13.02.07.2002 Cupak, Kec. Gunung Talang; "
        "13.02.07.2003 Cupak, Kec. Gunung Talang. Gunakan kode desa."
    ]
