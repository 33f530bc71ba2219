"""The coverage API: the dashboard's figures, scoped like the dashboard, aggregates only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from payung.accounts.models import Role
from payung.coverage.services import TargetInput, target_set
from payung.coverage.summary import refresh_registry_coverage
from tests.conftest import make_user
from tests.coverage.helpers import labour_force, make_membership, make_scheme, participation

from .helpers import api_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/coverage/"


@pytest.fixture
def solok(regions, tmp_path, worker_factory):
    """Solok's BPS figures and six months of BPJS reports, and one village-funded Payung member."""
    labour_force(
        tmp_path, "13.02,2025,226964,215500", "13.02.07,2025,100000,95000", "13.02.10,2025,126964,120500"
    )
    participation(
        tmp_path,
        *[f"13.02.07,2025-{m:02d},BPU,{9000 + 100 * m}" for m in range(1, 7)],
        *[f"13.02.10,2025-{m:02d},BPU,{5000 + 50 * m}" for m in range(1, 7)],
        *[f"13.02.10,2025-{m:02d},PU,{16000 + 10 * m}" for m in range(1, 7)],
    )
    scheme = make_scheme("13.02.07.2001", funder_type="APBDES", name="Nagari Koto Gaek")
    worker = worker_factory("13.02.07.2001", name="Rosmiati Koto", nik="1302075203850001")
    make_membership(worker, scheme, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 1))
    refresh_registry_coverage(regency_codes=["13.02"])


def test_a_regions_figure_equals_the_dashboards(client, alice, solok):
    client.force_login(alice)
    board = client.get("/cakupan/", {"region": "13.02", "month": "2025-06"}).context["board"]
    body = api_for(alice).get("/api/v1/coverage/13.02/", {"month": "2025-06"}).json()
    headline = board.headline
    assert (body["participants"], body["denominator"], body["uncovered"]) == (
        headline.participants,
        headline.denominator,
        headline.uncovered,
    )
    assert body["participants"] == 9600 + 5300 + 16060
    assert Decimal(str(body["coverage_pct"])) == headline.coverage_pct
    assert body["segments"] == {"BPU": 9600 + 5300, "PU": 16060}
    assert body["funders"] == {"APBDES": 1} == headline.funders
    assert body["bpu_outside_payung"] == 14899
    assert (body["source"], body["lower_bound"], body["month"]) == ("bpjs_report", False, "2025-06")
    by_code = {child["code"]: child for child in body["children"]}
    assert {code: child["participants"] for code, child in by_code.items()} == {
        figure.code: figure.participants for figure in board.children
    }
    assert by_code["13.02.07"]["coverage_pct"] == 9.6


def test_the_month_defaults_to_the_latest_report_and_the_denominator_can_be_the_employed(alice, solok):
    body = api_for(alice).get(f"{URL}13.02/", {"denominator": "employed"}).json()
    assert body["month"] == "2025-06"
    assert (body["denominator_kind"], body["denominator"]) == ("employed", 215500)


def test_another_regency_is_404_exactly_like_an_unknown_code(charlie, solok):
    api = api_for(charlie)
    outside = api.get(f"{URL}13.02/")
    unknown = api.get(f"{URL}99.99/")
    assert outside.status_code == unknown.status_code == 404
    assert (
        outside.json()
        == unknown.json()
        == {"error": {"code": "not_found", "message": "Tidak ditemukan.", "fields": {}}}
    )
    for tail in ("series/", "targets/", "villages/"):
        assert api.get(f"{URL}13.02/{tail}").status_code == 404
    assert api.get(f"{URL}73.16/").status_code == 200


def test_an_operator_sees_his_district_and_not_the_regency_above(bob, solok):
    api = api_for(bob)
    assert api.get(f"{URL}13.02.07/", {"month": "2025-06"}).json()["participants"] == 9600
    assert api.get(f"{URL}13.02/").status_code == 404


def test_an_agent_without_region_scope_gets_404_and_no_token_gets_401(regions, solok):
    agent = make_user("agen", Role.AGENT, ("13.02.07",))
    assert api_for(agent).get(f"{URL}13.02.07/").status_code == 404
    anonymous = APIClient().get(f"{URL}13.02/")
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "not_authenticated"


def test_a_viewer_gets_small_breakdown_counts_as_less_than_five(vera, solok):
    body = api_for(vera).get(f"{URL}13.02/", {"month": "2025-06"}).json()
    assert body["participants"] == 30960  # the region's own total is no breakdown
    assert body["funders"] == {"APBDES": "< 5"}
    assert "1302075203850001" not in str(body) and "Rosmiati" not in str(body)
    villages = api_for(vera).get(f"{URL}13.02/villages/", {"year": 2025}).json()
    assert [row["funding"] for row in villages["rows"]] == ["< 5", 0]
    assert (villages["funding"], villages["villages"]) == (1, 3)


def test_a_bad_month_or_denominator_is_refused_naming_the_field(alice, solok):
    api = api_for(alice)
    month = api.get(f"{URL}13.02/", {"month": "2025-13"})
    assert month.status_code == 400
    assert month.json()["error"]["fields"]["month"][0]["code"] == "month_format"
    kind = api.get(f"{URL}13.02/series/", {"denominator": "penduduk"})
    assert kind.status_code == 400 and "denominator" in kind.json()["error"]["fields"]
    year = api.get(f"{URL}13.02/villages/", {"year": "tahun"})
    assert year.status_code == 400 and "year" in year.json()["error"]["fields"]


def test_a_month_still_to_come_is_read_as_this_month_like_the_dashboard(alice, solok):
    body = api_for(alice).get(f"{URL}13.02/", {"month": "2199-01"}).json()
    assert body["month"] <= f"{dt.date.today():%Y-%m}"


def test_the_series_equals_the_dashboards_trend(client, alice, solok):
    client.force_login(alice)
    board = client.get("/cakupan/", {"region": "13.02.07", "month": "2025-06"}).context["board"]
    body = api_for(alice).get("/api/v1/coverage/13.02.07/series/").json()
    assert [(p["month"], p["participants"], p["denominator"]) for p in body["points"]] == [
        (f"{p.month:%Y-%m}", p.participants, p.denominator) for p in board.points
    ]
    assert body["points"][0] == {
        "month": "2025-01",
        "participants": 9100,
        "source": "bpjs_report",
        "denominator": 100000,
        "coverage_pct": 9.1,
    }


def test_a_target_with_its_forecast_and_the_rules_that_priced_its_budget(client, alice, solok):
    target_set(
        actor=alice,
        data=TargetInput(region_code="13.02", year=2026, kind="rpjmd", percent=Decimal("20"), source="RPJMD"),
    )
    client.force_login(alice)
    board = client.get("/cakupan/", {"region": "13.02", "month": "2025-06"}).context["board"]
    body = api_for(alice).get("/api/v1/coverage/13.02/targets/", {"month": "2025-06"}).json()
    [target] = body["targets"]
    [view] = board.targets
    assert (target["kind"], target["year"], target["target_pct"]) == ("rpjmd", 2026, 20.0)
    assert Decimal(str(target["current_pct"])) == view.status.current_pct
    forecast = target["forecast"]
    assert forecast["reached_month"] == str(view.forecast.reached_month)
    assert forecast["yearly_budget"] == view.forecast.yearly_budget > 0
    assert forecast["per_worker_month"] == 16800
    assert forecast["yearly_budget"] == forecast["shortfall_at_deadline"] * 16800 * 12
    assert forecast["rule_source"] and all(
        c["source"] in forecast["rule_source"] for c in forecast["citations"]
    )
    assert {c["rule"] for c in forecast["citations"]} >= {"bpu.jkm.amount"}


def test_no_target_is_an_empty_list(bob, solok):
    assert api_for(bob).get(f"{URL}13.02.07/targets/").json()["targets"] == []


def test_village_participation_per_district(alice, solok):
    body = api_for(alice).get("/api/v1/coverage/13.02/villages/").json()
    assert body["year"] == 2025
    assert body["rows"] == [
        {
            "code": "13.02.07",
            "name": "Gunung Talang",
            "villages": 2,
            "funding": 1,
            "pct": 50.0,
            "workers": 1,
            "complete": False,
        },
        {
            "code": "13.02.10",
            "name": "Kubung",
            "villages": 1,
            "funding": 0,
            "pct": 0.0,
            "workers": 0,
            "complete": False,
        },
    ]


@pytest.mark.parametrize(
    ("tail", "most"),
    [("", 8), ("series/", 7), ("targets/", 9), ("villages/", 9)],
    ids=["figure", "series", "targets", "villages"],
)
def test_each_answer_costs_a_bounded_number_of_queries(
    alice, solok, tail, most, django_assert_max_num_queries
):
    target_set(
        actor=alice,
        data=TargetInput(region_code="13.02", year=2026, kind="rpjmd", percent=Decimal("20"), source="RPJMD"),
    )
    api = api_for(alice)
    with django_assert_max_num_queries(most):
        assert api.get(f"{URL}13.02/{tail}", {"month": "2025-06"}).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_answers_with_real_figures_match_the_description_for_an_admin_and_a_viewer(
    live_server, alice, vera, tmp_path, worker_factory
):
    """The fuzzer sees regions without figures; here every coverage answer has them (counts, "< 5",
    targets with a forecast, a relative target without its base year) and must match the description."""
    import requests
    import schemathesis

    from payung.api.tokens import token_create

    labour_force(tmp_path, "13.02,2025,226964,215500", "13.02.07,2025,100000,95000")
    participation(tmp_path, *[f"13.02.07,2025-{m:02d},BPU,{9000 + 100 * m}" for m in range(1, 7)])
    scheme = make_scheme("13.02.07.2001", funder_type="APBDES", name="Nagari Koto Gaek")
    make_membership(
        worker_factory("13.02.07.2001"), scheme, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 1)
    )
    refresh_registry_coverage(regency_codes=["13.02"])
    target_set(
        actor=alice,
        data=TargetInput(region_code="13.02", year=2026, kind="rpjmd", percent=Decimal("20"), source="RPJMD"),
    )
    target_set(
        actor=alice,
        data=TargetInput(
            region_code="13.02",
            year=2025,
            kind="rakortek",
            mode="increase",
            increase_pct=Decimal("20"),
            base_year=2024,
        ),
    )
    described = requests.get(f"{live_server.url}/api/schema/", params={"format": "json"}, timeout=30).json()
    schema = schemathesis.openapi.from_dict(described)
    for user in (alice, vera):
        _token, key = token_create(user=user, name="uji")
        for tail, query in [
            ("", {"month": "2025-06"}),
            ("series/", {}),
            ("targets/", {"month": "2025-06"}),
            ("villages/", {}),
        ]:
            operation = schema[f"/api/v1/coverage/{{code}}/{tail}"]["GET"]
            case = operation.Case(path_parameters={"code": "13.02"}, query=query)
            response = case.call(
                base_url=live_server.url, headers={"Authorization": f"Token {key}"}, timeout=30
            )
            assert response.status_code == 200
            case.validate_response(response)
