"""`payung national_matches`: the national double-funding list read back, this instance's workers only."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from payung.national.rollup import rollup
from tests.national.builders import make_package

from .helpers import KEY, YEAR, build_solok

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_result(regions, tmp_path):
    """Solok's own package and two others: Kota Solok funding two Solok workers for some months,
    and Enrekang funding only its own people; the job run on them (DuckDB)."""
    _, people = build_solok()
    with override_settings(PAYUNG_NATIONAL_KEY=KEY, PAYUNG_INSTANCE_NAME="Payung Kabupaten Solok"):
        call_command("national_export", "--out", str(tmp_path / "solok"), "--year", str(YEAR))
    key = KEY.encode()
    make_package(
        tmp_path / "kota",
        "ffffffff-kota-solok",
        "13.03",
        [
            (people["active"].nik, [5, 6, 7, 8]),
            (people["lapsed"].nik, [2, 3]),
            (people["proposed"].nik, [1, 2]),
            ("1371010101900001", [1, 2]),
        ],
        funder_type="CSR",
        scheme_id=41,
        key=key,
        name="Payung Kota Solok",
        year=YEAR,
    )
    make_package(
        tmp_path / "enrekang",
        "00000000-enrekang",
        "73.16",
        [("7316010101900002", [1, 2, 3])],
        key=key,
        year=YEAR,
    )
    rollup([tmp_path / "solok", tmp_path / "kota", tmp_path / "enrekang"], tmp_path / "out", engine="duckdb")
    return tmp_path / "out", people


def matches(path, capsys, *extra):
    with override_settings(PAYUNG_NATIONAL_KEY=KEY):
        call_command("national_matches", str(path), *extra)
    return capsys.readouterr().out


def test_this_instance_sees_its_own_workers_funded_twice_with_the_months_and_the_other_funder(
    national_result, capsys
):
    out, people = national_result
    found = json.loads(matches(out, capsys, "--json"))
    seen = {(m["worker_id"], m["programme"]): m for m in found["matches"]}
    active, lapsed = people["active"], people["lapsed"]
    assert sorted(seen) == sorted(
        [(active.id, "JKK"), (active.id, "JKM"), (lapsed.id, "JKK"), (lapsed.id, "JKM")]
    )
    assert seen[(active.id, "JKK")]["months"] == ["2025-05", "2025-06"]  # Solok holds Jan-Jun only
    assert seen[(lapsed.id, "JKM")]["months"] == ["2025-02"]
    match = seen[(active.id, "JKK")]
    assert (match["other_instance_name"], match["other_funder_type"], match["other_funder_region"]) == (
        "Payung Kota Solok",
        "CSR",
        "13.03",
    )
    assert match["scheme_name"] == "Perlindungan Pekerja Rentan Solok"
    assert match["nik_masked"] != active.nik and active.nik not in json.dumps(found)
    # The proposed membership was never exported, so it is no match; the other instance's own worker is not shown.
    assert found["workers"] == 2 and found["rows_without_worker_here"] == 0
    assert found["by_other_instance"] == {
        "ffffffff-kota-solok": {"name": "Payung Kota Solok", "workers": 2, "programme_months": 6}
    }


def test_the_text_lists_each_worker_with_the_months_shortened(national_result, capsys):
    out, people = national_result
    text = matches(out / "double_funding.csv", capsys)
    assert f"worker #{people['active'].id} " in text and "JKK 2025-05..2025-06" in text
    assert "also funded by Payung Kota Solok (CSR 13.03)" in text
    assert people["active"].nik not in text and people["active"].name not in text
    assert "with Payung Kota Solok (ffffffff-kota-solok): 2 workers, 6 programme-months" in text


def test_another_instance_sees_nothing_of_this_one(national_result, capsys, tmp_path):
    """The list read by an installation that is not a party (here: this database under another id)."""
    from payung.nationalexport.models import Instance

    out, _ = national_result
    Instance.objects.update(id="11111111-1111-1111-1111-111111111111")
    assert "No worker of this instance" in matches(out, capsys)


def test_a_file_that_is_not_a_list_is_refused(regions, tmp_path):
    (tmp_path / "x.csv").write_text("a,b\n1,2\n")
    with override_settings(PAYUNG_NATIONAL_KEY=KEY), pytest.raises(CommandError) as refused:
        call_command("national_matches", str(tmp_path / "x.csv"))
    assert refused.value.returncode == 2 and "not a double-funding list" in str(refused.value)
