"""payung scheme_plan: the JSON the issue specifies, nothing saved, bad input refused."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from payung.schemes.models import FundingScheme, Membership
from tests.conftest import make_worker

pytestmark = pytest.mark.django_db


def run(*args) -> dict:
    out = StringIO()
    call_command("scheme_plan", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_the_selection_as_json_and_saves_nothing(regions):
    for i in range(3):
        make_worker("13.02.07.2001", name=f"Koto {i}", dtsen_decile=1)
    make_worker("13.02.07.2002", name="Cupak", dtsen_decile=2)
    make_worker("13.02.07.2002", name="Cupak Kaya", dtsen_decile=7)

    result = run(
        "--region",
        "13.02",
        "--year",
        "2026",
        "--budget",
        "1.000.000",
        "--programmes",
        "JKK,JKM",
        "--months",
        "12",
        "--deciles",
        "1-3",
        "--per-village",
        "2",
        "--funder-type",
        "APBD",
        "--json",
    )

    citations = result.pop("citations")
    # Every amount says which rule versions priced it (the BPU JKK and JKM amounts, with sources).
    assert citations and all(c["source"] and c["effective_from"] and c["confidence"] for c in citations)
    assert {c["rule"].split(".")[0] for c in citations} >= {"bpu"}
    assert result == {
        "selected": 3,
        "cost": 3 * 12 * 16_800,
        "budget": 1_000_000,
        "unused": 1_000_000 - 3 * 12 * 16_800,
        "by_decile": {"1": 2, "2": 1},
        "by_village": {"13.02.07.2001": 2, "13.02.07.2002": 1},
    }
    assert not FundingScheme.objects.exists() and not Membership.objects.exists()


def test_months_are_the_last_months_of_the_year(regions):
    make_worker(dtsen_decile=1)
    result = run(
        "--region",
        "13.02",
        "--year",
        "2026",
        "--budget",
        "1000000",
        "--programmes",
        "JKK,JKM,JHT",
        "--months",
        "3",
        "--json",
    )
    assert result["cost"] == 3 * 36_800


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--budget", "0"), "lebih dari nol"),
        (("--budget", "-5000"), "tidak boleh negatif"),
        (("--budget", "1500000.50"), "tanpa sen"),
        (("--budget", str(2**63)), "paling banyak"),
        (("--income", "1000000.5"), "tanpa sen"),
        (("--per-village", str(2**63)), "whole number"),
        (("--year", "9" * 30), "whole number"),
        (("--deciles", "1-99999999999999999999"), "1 sampai 10"),
        (("--year", "2045"), "di luar periode perencanaan"),
        (("--programmes", "JKK,JKM,JP"), "tidak tersedia untuk segmen BPU"),
        (("--months", "13"), "1-12"),
        (("--region", "99.99"), "not in the region table"),
        (("--deciles", "0-3"), "1 sampai 10"),
        (("--funder-type", "BANK"), "tidak dikenal"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(regions, args, message):
    base = {
        "--region": "13.02",
        "--year": "2026",
        "--budget": "1000000",
        "--programmes": "JKK,JKM",
        "--months": "12",
    }
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    with pytest.raises(CommandError, match=message):
        call_command("scheme_plan", *[x for kv in base.items() for x in kv], "--json", stdout=StringIO())


def test_a_scheme_with_bad_terms_is_refused_and_nothing_saved(alice):
    from payung.schemes.services.schemes import SchemeInput, scheme_create
    from payung.schemes.validation import SchemeInvalid

    from .builders import TODAY

    base = dict(
        name="X",
        funder_type="APBD",
        funder_region="13.02",
        year=2026,
        budget=1_000_000,
        programmes=("JKK", "JKM"),
    )
    cases = [
        (dict(budget=0), "lebih dari nol"),
        (dict(budget=-1), "lebih dari nol"),
        (dict(year=1999), "di luar periode perencanaan"),
        (dict(programmes=("JKK", "JP")), "JP tidak tersedia untuk segmen BPU"),
        (dict(programmes=()), "paling sedikit satu program"),
        (dict(first_month=7, months=12), "di dalam tahun anggaran"),
        (dict(funder_type="APBDES"), "tingkat desa"),
        (dict(funder_region="13.02.07.2001"), "provinsi atau kabupaten"),
        (dict(areas=("73.16",)), "di luar wilayah penyandang dana"),
        (dict(min_age=70, max_age=65), "Rentang usia"),
    ]
    for change, message in cases:
        with pytest.raises(SchemeInvalid, match=message):
            scheme_create(actor=alice, data=SchemeInput(**{**base, **change}), today=TODAY)
    assert not FundingScheme.objects.exists()
    scheme = scheme_create(
        actor=alice, data=SchemeInput(**{**base, "segment": "PU", "programmes": ("JKK", "JP")}), today=TODAY
    )
    assert scheme.programmes == ["JKK", "JP"]
