"""The coverage dashboard: scoped, aggregates only, every table downloadable, a bounded number of queries."""

import datetime as dt

import fastexcel
import pytest

from payung.coverage.models import Target
from payung.coverage.summary import refresh_registry_coverage

from .helpers import labour_force, make_membership, make_scheme, participation

pytestmark = pytest.mark.django_db
URL = "/cakupan/"


def cells(content: bytes) -> list[list[str | None]]:
    frame = fastexcel.read_excel(content).load_sheet(0, header_row=None, dtypes="string").to_polars()
    return [list(row) for row in frame.iter_rows()]


@pytest.fixture
def solok(regions, tmp_path, worker_factory):
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


def test_the_admin_sees_solok_coverage_and_its_districts(client, alice, solok):
    client.force_login(alice)
    response = client.get(URL, {"region": "13.02", "month": "2025-06"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kabupaten Solok" in page and "Gunung Talang" in page and "Kubung" in page
    board = response.context["board"]
    assert board.headline.participants == 9600 + 5300 + 16060
    assert board.headline.denominator == 226_964
    assert board.headline.funders == {"APBDES": 1}
    assert board.village_summary[0:2] == (1, 3)
    assert "Tetapkan target" in page


def test_a_viewer_sees_aggregates_and_never_a_nik_or_name(client, vera, solok):
    client.force_login(vera)
    page = client.get(URL, {"region": "13.02"}).content.decode()
    assert "Cakupan Jamsostek" in page
    assert "1302075203850001" not in page and "Rosmiati" not in page
    assert "Tetapkan target" not in page


def test_another_regency_answers_404(client, charlie, solok):
    client.force_login(charlie)
    assert client.get(URL, {"region": "13.02"}).status_code == 404
    assert client.get(URL).status_code == 200  # defaults to Enrekang


def test_every_table_downloads_as_xlsx(client, alice, solok):
    client.force_login(alice)
    for key in ("wilayah", "segmen", "target", "tren", "pekerjaan", "desa"):
        response = client.get(URL, {"region": "13.02", "month": "2025-06", "unduh": key})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert cells(response.content)[0][0].startswith("13.02 Kabupaten Solok")
    rows = cells(client.get(URL, {"region": "13.02", "month": "2025-06", "unduh": "wilayah"}).content)
    assert rows[3][:3] == ["Kode", "Kecamatan", "Peserta"]
    assert [row[1] for row in rows[4:6]] == ["Kubung", "Gunung Talang"]  # the larger gap first
    assert client.get(URL, {"region": "13.02", "unduh": "nope"}).status_code == 404


def test_an_admin_adds_a_relative_target_from_the_dashboard(client, alice, solok):
    client.force_login(alice)
    response = client.post(
        "/cakupan/target/",
        {
            "region": "13.02",
            "year": "2026",
            "kind": "rakortek",
            "denominator_kind": "labour_force",
            "mode": "increase",
            "increase_pct": "20",
            "base_year": "2025",
            "source": "Rakortek 2026",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.mode, target.increase_pct, target.base_year) == ("increase", 20, 2025)
    board = client.get(URL, {"region": "13.02", "month": "2025-06"}).context["board"]
    (view,) = board.targets
    assert view.status.target_pct == round(board.headline.coverage_pct * 12 / 10, 2)
    assert view.forecast is not None


def test_a_viewer_cannot_add_a_target(client, vera, solok):
    client.force_login(vera)
    response = client.post(
        "/cakupan/target/",
        {
            "region": "13.02",
            "year": "2026",
            "kind": "rpjmd",
            "mode": "percent",
            "percent": "20",
            "denominator_kind": "labour_force",
        },
    )
    assert response.status_code == 403
    assert not Target.objects.exists()


def test_the_dashboard_costs_a_fixed_number_of_queries(client, alice, solok, django_assert_max_num_queries):
    client.force_login(alice)
    client.get(URL, {"region": "13.02", "month": "2025-06"})
    with django_assert_max_num_queries(20):
        client.get(URL, {"region": "13.02", "month": "2025-06"})


def test_every_level_renders_province_district_and_village(client, solok):
    from payung.accounts.models import User

    root = User.objects.create_superuser("root", password="x")
    client.force_login(root)
    for code in ("13", "13.02.07", "13.02.07.2001"):
        response = client.get(URL, {"region": code, "month": "2025-06"})
        assert response.status_code == 200, code
    board = client.get(URL, {"region": "13", "month": "2025-06"}).context["board"]
    assert board.headline.participants == 30_960
    assert [f.code for f in board.children] == ["13.02"]
    assert client.get(URL, {"region": "99"}).status_code == 404
    assert client.get(URL, {"region": "13.02", "month": "bukan-bulan"}).status_code == 200


def test_a_bpjs_officer_switches_between_the_regencies_it_serves(client, dina, solok):
    client.force_login(dina)
    response = client.get(URL)
    assert [r.code for r in response.context["home_regions"]] == ["73.07", "73.16"]
    assert response.context["board"].region.code == "73.07"
    assert client.get(URL, {"region": "73.16"}).context["board"].region.code == "73.16"
    assert client.get(URL, {"region": "13.02"}).status_code == 404


def test_a_viewers_counts_under_five_show_as_under_five_on_the_page_and_in_downloads(
    client, alice, vera, solok
):
    def funded_row(user):
        client.force_login(user)
        rows = cells(client.get(URL, {"region": "13.02", "month": "2025-06", "unduh": "segmen"}).content)
        return next(row for row in rows if row[0] and "APBDes" in row[0])

    assert funded_row(alice)[1] == "1"
    assert funded_row(vera)[1] == "< 5"
    client.force_login(vera)
    page = client.get(URL, {"region": "13.02", "month": "2025-06"}).content.decode()
    assert "&lt; 5" in page


def test_a_viewers_ranking_chart_leaves_out_regions_of_fewer_than_five_participants(
    client, alice, vera, solok, tmp_path
):
    labour_force(tmp_path, "13.02.07.2001,2025,400,380", "13.02.07.2002,2025,300,290")
    participation(tmp_path, "13.02.07.2002,2025-06,BPU,60")

    def ranking(user):
        client.force_login(user)
        return client.get(URL, {"region": "13.02.07", "month": "2025-06"}).context["board"].ranking_chart

    assert ranking(alice)["labels"] == ["Cupak", "Koto Gaek Guguak"]  # 60 of 300; 1 of 400
    assert ranking(vera)["labels"] == ["Cupak"]
    assert ranking(vera)["participants"] == [60]
