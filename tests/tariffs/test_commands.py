"""`payung contribution` and `payung benefit`: JSON out, clear errors."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from payung.tariffs.services import RuleVersionInput, rule_version_add


def run(command, *args):
    out = StringIO()
    call_command(command, *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def contribution(*args):
    return run("contribution", *args)


@pytest.mark.django_db
def test_jkk_and_jkm_at_one_million_cost_16800():
    result = contribution(
        "--segment", "BPU", "--programmes", "JKK,JKM", "--income", "1000000", "--month", "2025-06"
    )
    assert result["total"] == 16_800
    assert [(line["programme"], line["amount"]) for line in result["lines"]] == [
        ("JKK", 10_000),
        ("JKM", 6_800),
    ]
    jkk = result["lines"][0]
    assert jkk["rate"] == "0.01"
    assert jkk["basis"] == 1_000_000
    assert jkk["discount"] == 0
    assert "PP 44/2015" in jkk["source"]


@pytest.mark.django_db
def test_with_jht_the_total_is_36800():
    result = contribution(
        "--segment", "BPU", "--programmes", "JKK,JKM,JHT", "--income", "1000000", "--month", "2025-06"
    )
    assert result["total"] == 36_800


@pytest.mark.django_db
def test_a_self_paying_ojek_driver_pays_8400_in_february_2026_but_16800_when_apbd_pays():
    common = ("--segment", "BPU", "--programmes", "JKK,JKM", "--income", "1000000", "--month", "2026-02")
    mandiri = contribution(*common, "--funder-type", "MANDIRI", "--sector", "transportasi")
    apbd = contribution(*common, "--funder-type", "APBD", "--sector", "transportasi")
    assert mandiri["total"] == 8_400
    assert [line["discount"] for line in mandiri["lines"]] == [5_000, 3_400]
    assert "PP 50/2025" in mandiri["lines"][0]["source"]
    assert apbd["total"] == 16_800


@pytest.mark.django_db
def test_workers_and_months_give_the_cost_of_the_whole_request():
    result = contribution(
        "--segment",
        "BPU",
        "--programmes",
        "JKK,JKM",
        "--income",
        "1000000",
        "--month",
        "2026-03",
        "--funder-type",
        "CSR",
        "--workers",
        "100",
        "--months",
        "2",
    )
    # March 2026 at full rate, April 2026 at half (other sectors' discount starts in April)
    assert result["per_month"] == [
        {"month": "2026-03", "per_worker": 16_800, "total": 1_680_000},
        {"month": "2026-04", "per_worker": 8_400, "total": 840_000},
    ]
    assert result["total"] == 2_520_000
    assert sum(line["amount"] for line in result["lines"]) == result["total"]
    assert (result["workers"], result["months"]) == (100, 2)


@pytest.mark.django_db
def test_pu_shows_employer_and_worker_shares_and_the_jp_cap():
    result = contribution(
        "--segment",
        "PU",
        "--programmes",
        "JKK,JKM,JHT,JP,JKP",
        "--income",
        "20000000",
        "--month",
        "2026-03",
        "--risk-class",
        "3",
    )
    jp = next(line for line in result["lines"] if line["programme"] == "JP")
    assert jp["basis"] == 11_086_300
    assert (jp["employer_amount"], jp["worker_amount"]) == (221_726, 110_863)
    assert result["employer_total"] + result["worker_total"] == result["total"]


@pytest.mark.django_db
def test_an_admin_added_jp_cap_is_used_from_its_month(nadia):
    rule_version_add(
        actor=nadia,
        data=RuleVersionInput(
            rule="pu.jp.wage_cap",
            effective_from=date(2027, 3, 1),
            value=Decimal(11_600_000),
            source="surat BPJS 2027",
        ),
    )
    common = ("--segment", "PU", "--programmes", "JP", "--income", "20000000")
    assert contribution(*common, "--month", "2027-02")["lines"][0]["basis"] == 11_086_300
    march = contribution(*common, "--month", "2027-03")["lines"][0]
    assert march["basis"] == 11_600_000
    assert "surat BPJS 2027" in march["source"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--segment", "BPU", "--programmes", "JKK,JP", "--income", "1000000", "--month", "2026-02"),
            "JP is not available",
        ),
        (
            ("--segment", "BPU", "--programmes", "JKK,XYZ", "--income", "1000000", "--month", "2026-02"),
            "unknown XYZ",
        ),
        (
            ("--segment", "BPU", "--programmes", "JKK", "--income", "satu juta", "--month", "2026-02"),
            "--income",
        ),
        (("--segment", "BPU", "--programmes", "JKK", "--income", "0", "--month", "2026-02"), "--income"),
        (("--segment", "BPU", "--programmes", "JKK", "--income", "1000000", "--month", "02-2026"), "YYYY-MM"),
        (
            ("--segment", "PU", "--programmes", "JKK", "--income", "1000000", "--month", "2026-02"),
            "risk class",
        ),
        (
            (
                "--segment",
                "PU",
                "--programmes",
                "JKK",
                "--income",
                "1000000",
                "--month",
                "2026-02",
                "--risk-class",
                "7",
            ),
            "1-5",
        ),
        (
            ("--segment", "PU", "--programmes", "JKP", "--income", "1000000", "--month", "2020-02"),
            "not in force",
        ),
        (
            (
                "--segment",
                "BPU",
                "--programmes",
                "JKK",
                "--income",
                "1000000",
                "--month",
                "2026-02",
                "--workers",
                "0",
            ),
            "--workers",
        ),
    ],
)
def test_bad_input_is_a_clear_command_error(args, message):
    with pytest.raises(CommandError, match=message):
        contribution(*args)


@pytest.mark.django_db
def test_benefit_jkm_death_is_42_million_with_sources():
    result = run("benefit", "--kind", "jkm_death", "--date", "2026-05-01")
    assert result["total"] == 42_000_000
    assert {line["component"]: line["amount"] for line in result["lines"]} == {
        "lump_sum": 20_000_000,
        "periodic": 12_000_000,
        "funeral": 10_000_000,
    }
    assert all("PP 82/2019" in line["source"] for line in result["lines"])


@pytest.mark.django_db
def test_benefit_jkk_death_with_two_children_at_school():
    result = run(
        "benefit",
        "--kind",
        "jkk_death",
        "--date",
        "2026-05-01",
        "--wage",
        "1.000.000",
        "--children",
        "SMA,PT",
        "--contribution-months",
        "40",
    )
    assert result["total"] == 48_000_000 + 10_000_000 + 12_000_000 + 3_000_000 + 12_000_000
    assert result["lines"][0]["factor"] == "48"


@pytest.mark.django_db
def test_benefit_temporary_incapacity_and_jht():
    stmb = run(
        "benefit",
        "--kind",
        "jkk_temporary_incapacity",
        "--wage",
        "2000000",
        "--incapacity-months",
        "14",
        "--date",
        "2026-01-10",
    )
    assert stmb["total"] == 24_000_000 + 2_000_000
    jht = run(
        "benefit",
        "--kind",
        "jht_payout",
        "--jht-balance",
        "9000000",
        "--jht-reason",
        "stopped_working",
        "--date",
        "2026-01-10",
    )
    assert jht["total"] == 9_000_000
    assert jht["payable_from"] == "2026-02-10"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--kind", "jkk_death"), "monthly wage"),
        (("--kind", "scholarship", "--children", "SMA"), "masa iur"),
        (("--kind", "scholarship", "--children", "KULIAH", "--contribution-months", "40"), "unknown KULIAH"),
        (("--kind", "jkm_death", "--date", "1 Mei 2026"), "YYYY-MM-DD"),
        (
            (
                "--kind",
                "jht_payout",
                "--jht-balance",
                "100",
                "--jht-reason",
                "partial_housing",
                "--contribution-months",
                "12",
            ),
            "at least 120 months",
        ),
    ],
)
def test_benefit_bad_input_is_a_clear_command_error(args, message):
    with pytest.raises(CommandError, match=message):
        run("benefit", *args)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("command", "flag", "value"),
    [
        ("contribution", "--income", "1500000.50"),
        ("benefit", "--wage", "5000000.5"),
        ("contribution", "--income", "1e26"),
        ("contribution", "--income", str(2**63)),
    ],
)
def test_money_flags_refuse_fractions_and_huge_values_with_the_way_to_write_them(command, flag, value):
    args = {
        "contribution": ["--segment", "BPU", "--programmes", "JKK,JKM", "--month", "2025-06"],
        "benefit": ["--kind", "jkk_death", "--date", "2025-06-01"],
    }[command]
    with pytest.raises(CommandError) as caught:
        run(command, *args, flag, value)
    message = str(caught.value)
    assert message.startswith(f"{flag}:")
    assert "Tulis " in message or "paling banyak" in message


@pytest.mark.django_db
def test_money_flags_read_thousands_dots_and_zero_cents():
    result = contribution(
        "--segment", "BPU", "--programmes", "JKK,JKM", "--income", "Rp 1.000.000,00", "--month", "2025-06"
    )
    assert result["income"] == 1_000_000
    benefit = run("benefit", "--kind", "jkk_death", "--date", "2025-06-01", "--wage", "5.000.000")
    assert benefit["lines"][0]["basis"] == 5_000_000
