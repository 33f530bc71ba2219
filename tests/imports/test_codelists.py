"""Every entry of the Dukcapil code lists means something in Payung, and an unknown code is an error."""

import pytest

from payung.imports import codelists
from payung.lib.sheets.errors import row_problem
from payung.lib.sheets.parsers import code_key, parse_coded
from payung.registry.models import Occupation
from payung.registry.occupations import NOT_WORKING_CODES, OCCUPATIONS

# OpenSID's reference tables as its seeder writes them (Data_awal_seeder.php, v2410.0.0): id -> label.
OPENSID_SIZES = {"sex": 2, "occupation": 89, "disability": 7, "marital_status": 4, "education": 10}


@pytest.mark.parametrize("name", sorted(OPENSID_SIZES))
def test_each_opensid_table_is_complete_with_ids_one_to_n(name):
    codes = codelists.CODE_LISTS[name]
    assert [entry.code for entry in codes.entries] == [str(i) for i in range(1, OPENSID_SIZES[name] + 1)]


@pytest.mark.parametrize("entry", codelists.OCCUPATION.entries, ids=lambda e: f"{e.code}-{e.label}")
def test_every_dukcapil_occupation_maps_to_an_occupation_of_the_registry(db, entry):
    lookup = codelists.OCCUPATION.lookup()
    assert lookup[code_key(entry.code)] == (entry.value, entry.label)
    assert lookup[code_key(entry.label.title())] == (entry.value, entry.label)  # SIAK writes it in title case
    assert Occupation.objects.filter(code=entry.value).exists()


def test_people_without_work_keep_what_they_are_so_schemes_can_leave_them_out(db):
    lookup = codelists.OCCUPATION.lookup()
    assert [lookup[k][0] for k in ("1", "2", "3", "4")] == [
        "belum_bekerja",
        "mengurus_rumah_tangga",
        "pelajar",
        "pensiunan",
    ]
    assert {o.code for o in OCCUPATIONS} >= set(NOT_WORKING_CODES)
    names = dict(Occupation.objects.filter(code__in=NOT_WORKING_CODES).values_list("code", "name"))
    assert names == {
        "belum_bekerja": "Belum/Tidak Bekerja",
        "pelajar": "Pelajar/Mahasiswa",
        "mengurus_rumah_tangga": "Mengurus Rumah Tangga",
        "pensiunan": "Pensiunan",
    }


@pytest.mark.parametrize("name", sorted(codelists.CODE_LISTS))
def test_every_entry_of_every_list_is_found_by_code_label_and_spelling(name):
    codes = codelists.CODE_LISTS[name]
    lookup = codes.lookup()
    for entry in codes.entries:
        for text in (entry.code, entry.label, entry.label.lower(), *entry.spellings):
            assert parse_coded(text, lookup, codes.title).value == entry.value, text
    assert codes.source


def test_siak_labels_are_read_as_the_opensid_codes():
    def value(name, text):
        codes = codelists.CODE_LISTS[name]
        return parse_coded(text, codes.lookup(), codes.title).value

    assert value("sex", "Laki-Laki") == "L"
    assert value("sex", "Perempuan") == "P"
    assert value("occupation", "Karyawan Swasta") == "lainnya"
    assert value("occupation", "Belum/Tidak Bekerja") == "belum_bekerja"
    assert value("disability", "Cacat Rungu/Wicara") is True
    assert value("disability", "TIDAK CACAT") is False  # not "yes" for containing the word
    assert value("marital_status", "Cerai Mati") == "4"
    assert value("education", "SLTA/Sederajat") == "5"
    assert value("life_status", "Pindah Dalam Negeri") == codelists.MOVED
    assert value("life_status", "Tidak Valid") == codelists.NOT_VALID
    assert value("occupation", "07") == "lainnya"  # a padded id
    assert value("occupation", "88.0") == "pedagang"  # a number cell


def test_an_unknown_code_is_a_row_error_naming_it():
    codes = codelists.OCCUPATION
    parsed = parse_coded("99", codes.lookup(), codes.title)
    assert parsed.value is None
    assert parsed.error == row_problem("code_unknown", value="99", codes="kode pekerjaan")
    assert (
        parsed.error.message == "Isian 99 tidak ada dalam daftar kode pekerjaan Dukcapil; periksa isian ini."
    )
