"""Tariff screens: calculator, rule table, adding a version (admins only)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from payung.tariffs.models import AddedRuleVersion

CALC = {
    "segment": "BPU",
    "programmes": ["JKK", "JKM"],
    "income": "1000000",
    "month": "2026-02",
    "funder_type": "MANDIRI",
    "sector": "transportasi",
    "risk_class": "",
    "workers": "1",
    "months": "1",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["tariffs:calculator", "tariffs:rules", "tariffs:rule_add"])
def test_pages_need_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "login" in response["Location"] or "masuk" in response["Location"]


@pytest.mark.django_db
def test_the_calculator_shows_the_discounted_ojek_contribution_with_sources(client, bob):
    client.force_login(bob)
    response = client.get(reverse("tariffs:calculator"), CALC)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="per-worker-total">Rp8.400<' in page
    assert "PP 50/2025 Pasal 4(1)" in page


@pytest.mark.django_db
def test_the_calculator_plans_many_workers_over_months(client, bob):
    client.force_login(bob)
    response = client.get(
        reverse("tariffs:calculator"), {**CALC, "funder_type": "APBD", "workers": "15000", "months": "12"}
    )
    assert 'id="plan-total">Rp3.024.000.000<' in response.content.decode()


@pytest.mark.django_db
def test_the_calculator_shows_rule_errors_on_the_form(client, bob):
    client.force_login(bob)
    response = client.get(reverse("tariffs:calculator"), {**CALC, "programmes": ["JKK", "JP"]})
    assert response.status_code == 200
    assert "JP tidak tersedia bagi peserta BPU" in response.content.decode()
    assert response.context["result"] is None


@pytest.mark.django_db
def test_the_calculator_starts_empty(client, bob):
    client.force_login(bob)
    response = client.get(reverse("tariffs:calculator"))
    assert response.status_code == 200
    assert response.context["result"] is None


@pytest.mark.django_db
def test_the_rule_table_lists_values_sources_and_confidence(client, bob):
    client.force_login(bob)
    response = client.get(reverse("tariffs:rules"))
    page = response.content.decode()
    assert "Rp11.086.300" in page
    assert "B/1226/022026" in page
    assert "belum pasti" in page
    assert reverse("tariffs:rule_add") not in page  # operators cannot add


@pytest.mark.django_db
def test_operators_cannot_open_the_add_form(client, bob):
    client.force_login(bob)
    assert client.get(reverse("tariffs:rule_add")).status_code == 403
    assert client.post(reverse("tariffs:rule_add"), {}).status_code == 403


@pytest.mark.django_db
def test_an_admin_adds_a_rate_in_percent_and_sees_it_in_the_table(client, nadia):
    client.force_login(nadia)
    assert client.get(reverse("tariffs:rule_add")).status_code == 200
    response = client.post(
        reverse("tariffs:rule_add"),
        {
            "rule": "pu.jkm.rate",
            "effective_from": "2027-01-01",
            "value": "0,35",
            "source": "PP 99/2026",
            "confidence": "S",
            "note": "contoh",
        },
    )
    assert response.status_code == 302
    record = AddedRuleVersion.objects.get()
    assert record.value == Decimal("0.0035")
    assert record.created_by == nadia
    page = client.get(reverse("tariffs:rules")).content.decode()
    assert "PP 99/2026" in page
    assert "0,35 %" in page
    assert "Ditambahkan oleh nadia" in page


@pytest.mark.django_db
def test_an_overlapping_version_is_refused_on_the_form(client, nadia):
    client.force_login(nadia)
    response = client.post(
        reverse("tariffs:rule_add"),
        {
            "rule": "pu.jp.wage_cap",
            "effective_from": "2026-03-01",
            "value": "11600000",
            "source": "x",
            "confidence": "C",
        },
    )
    assert response.status_code == 200
    assert "Versi baru harus mulai sesudah versi terakhir (1 Maret 2026)" in response.content.decode()
    assert not AddedRuleVersion.objects.exists()


@pytest.mark.django_db
def test_the_rule_table_queries_do_not_grow_with_added_versions(client, nadia, django_assert_max_num_queries):
    from datetime import date

    from payung.tariffs.services import RuleVersionInput, rule_version_add

    client.force_login(nadia)
    for year in (2027, 2028, 2029):
        rule_version_add(
            actor=nadia,
            data=RuleVersionInput(
                rule="pu.jp.wage_cap",
                effective_from=date(year, 3, 1),
                value=Decimal(12_000_000 + year),
                source="x",
            ),
        )
    with django_assert_max_num_queries(6):
        response = client.get(reverse("tariffs:rules"))
    assert response.status_code == 200


def test_every_shipped_rule_has_an_indonesian_title():
    from payung.rules import default_rulebook
    from payung.tariffs.presenters import RULE_TITLES

    assert set(RULE_TITLES) == set(default_rulebook().specs)


@pytest.mark.django_db
def test_the_benefit_calculator_shows_jkk_death_with_scholarships(client, bob):
    client.force_login(bob)
    response = client.get(
        reverse("tariffs:benefit"),
        {
            "kind": "jkk_death",
            "event_date": "2026-05-01",
            "wage": "1000000",
            "contribution_months": "40",
            "children": "sma, pt",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="benefit-total">Rp85.000.000<' in page
    assert "PP 82/2019" in page


@pytest.mark.django_db
def test_the_benefit_calculator_explains_missing_input(client, bob):
    client.force_login(bob)
    response = client.get(reverse("tariffs:benefit"), {"kind": "jkk_death", "event_date": "2026-05-01"})
    assert "memerlukan upah sebulan" in response.content.decode()
    assert response.context["result"] is None
    response = client.get(
        reverse("tariffs:benefit"), {"kind": "scholarship", "event_date": "2026-05-01", "children": "S3"}
    )
    assert "Jenjang tidak dikenal" in response.content.decode()


@pytest.mark.django_db
def test_the_benefit_calculator_needs_login(client):
    assert client.get(reverse("tariffs:benefit")).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("income", ["1500000.50", "1e400", "9223372036854775808"])
def test_the_calculator_refuses_a_fraction_or_a_huge_income_at_the_field(client, bob, income):
    client.force_login(bob)
    response = client.get(reverse("tariffs:calculator"), {**CALC, "income": income})
    assert response.status_code == 200
    assert response.context["result"] is None
    assert response.context["form"].errors["income"]


@pytest.mark.django_db
def test_the_calculator_reads_an_income_with_thousands_dots(client, bob):
    client.force_login(bob)
    response = client.get(reverse("tariffs:calculator"), {**CALC, "income": "Rp 1.000.000,-"})
    assert 'id="per-worker-total">Rp8.400<' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["alice", "bob", "dina", "vera"])
def test_only_a_national_role_adds_national_rule_versions(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(reverse("tariffs:rule_add")).status_code == 403
    data = {
        "rule": "bpu.jkm.amount",
        "effective_from": "2027-01-01",
        "value": "1",
        "source": "x",
        "confidence": "C",
    }
    assert client.post(reverse("tariffs:rule_add"), data).status_code == 403
    assert not AddedRuleVersion.objects.exists()
    page = client.get(reverse("tariffs:rules")).content.decode()
    assert reverse("tariffs:rule_add") not in page  # the table is read-only for them


@pytest.mark.django_db
def test_a_national_admin_and_a_superuser_see_the_add_form(client, nadia):
    from tests.conftest import make_user

    for user in (nadia, make_user("root", "viewer", is_superuser=True)):
        client.force_login(user)
        assert client.get(reverse("tariffs:rule_add")).status_code == 200
        assert reverse("tariffs:rule_add") in client.get(reverse("tariffs:rules")).content.decode()


@pytest.mark.django_db
def test_the_calculator_offers_the_lowest_income_basis_from_the_rules(client, bob):
    client.force_login(bob)
    assert 'value="1.000.000"' in client.get(reverse("tariffs:calculator")).content.decode()


INTERNAL = ("REGULATION.md", "(P0", "(F0", "[U]", "[C]", "incapacity_100pct", ">death<", ">APBDES<", "<code")


def _no_internal_text(page: str) -> None:
    for marker in INTERNAL:
        assert marker not in page, marker


@pytest.mark.django_db
def test_the_calculators_and_rule_table_show_no_developer_notes_or_codes(client, bob):
    client.force_login(bob)
    pages = [
        client.get(reverse("tariffs:calculator"), {**CALC, "funder_type": "APBDES", "income": "2500000"}),
        client.get(
            reverse("tariffs:benefit"),
            {
                "kind": "jkk_temporary_incapacity",
                "event_date": "2026-05-01",
                "wage": "1.000.000",
                "incapacity_months": "14",
            },
        ),
        client.get(
            reverse("tariffs:benefit"),
            {"kind": "jkk_death", "event_date": "2026-05-01", "wage": "1.000.000", "children": "SMP"},
        ),
        client.get(reverse("tariffs:rules")),
    ]
    for response in pages:
        assert response.status_code == 200
        _no_internal_text(response.content.decode())
    incapacity = pages[1].content.decode()
    assert "Upah selama tidak mampu bekerja (100 %)" in incapacity
    death = pages[2].content.decode()
    assert "Santunan kematian karena kecelakaan kerja" in death
    assert "Beasiswa anak ke-1" in death  # a JKK scholarship needs no masa iur
    assert "APBDes (dana desa)" in pages[0].content.decode()


@pytest.mark.django_db
def test_apbdes_in_a_discount_month_is_uncertain_and_says_why_on_screen_and_in_json(client, bob):
    client.force_login(bob)
    response = client.get(reverse("tariffs:calculator"), {**CALC, "funder_type": "APBDES"})
    page = response.content.decode()
    assert "belum ada sumber apakah APBDes/Dana Desa termasuk APBD" in page
    jkk = response.context["result"]["json"]["lines"][0]
    assert jkk["confidence"] == "U"
    assert any("APBDes/Dana Desa" in text for text in jkk["remarks"])
    assert {citation["rule"] for citation in jkk["citations"]} >= {
        "bpu.jkk.rate",
        "bpu.discount.transportasi",
    }


@pytest.mark.django_db
def test_english_readers_get_the_notes_in_english(client, bob):
    client.force_login(bob)
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("tariffs:calculator"), {**CALC, "funder_type": "APBDES"}).content.decode()
    assert "Uncertain: no source says whether APBDes" in page


@pytest.mark.django_db
def test_a_confirmed_bracket_row_is_not_explained_as_a_doubt(client, bob):
    client.force_login(bob)
    confirmed = client.get(
        reverse("tariffs:calculator"), {**CALC, "funder_type": "APBD", "income": "1.250.000"}
    )
    assert "Baris di atasnya belum ditemukan" not in confirmed.content.decode()
    assert 'id="per-worker-total">Rp18.800<' in confirmed.content.decode()  # JKK 12.000 + JKM 6.800
    doubtful = client.get(
        reverse("tariffs:calculator"), {**CALC, "funder_type": "APBD", "income": "1.400.000"}
    )
    assert "Baris di atasnya belum ditemukan" in doubtful.content.decode()


@pytest.mark.django_db
def test_the_rule_table_shows_labels_not_codes_in_values(client, bob):
    client.force_login(bob)
    page = client.get(reverse("tariffs:rules")).content.decode()
    assert "sampai Rp1.299.999 → Rp1.200.000" in page
    assert "nilai tengahnya (belum pasti)" in page
    assert "TK/SD: Rp1.500.000 × 8" in page
    assert "TK_SD" not in page
    assert "(tidak untuk APBD (kabupaten/kota/provinsi), APBN)" in page
