"""Screens: scope per persona, admin-only writes, XLSX downloads, flat query counts, Bahasa Indonesia."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from fastexcel import read_excel

from payung.audit.models import PersonalDataAccess
from payung.schemes.models import FundingScheme, Membership, SchemeStatus
from payung.schemes.services.bills import bill_issue
from payung.schemes.services.memberships import membership_propose
from tests.conftest import make_worker

from .builders import TODAY, active_member, approve, make_scheme

pytestmark = pytest.mark.django_db


def this_year_scheme(actor, **fields):
    """Screens price from today's month: a scheme of the current year, so the remaining months are known."""
    return make_scheme(actor, year=timezone.localdate().year, **fields)


def months_left() -> int:
    return 13 - timezone.localdate().month


def login(client, user):
    client.force_login(user)
    return client


def xlsx_rows(response) -> list[list]:
    data = b"".join(response.streaming_content)
    frame = read_excel(io.BytesIO(data).getvalue()).load_sheet(0, dtypes="string").to_polars()
    return [frame.columns, *[list(r) for r in frame.iter_rows()]]


def test_the_scheme_list_is_scoped_per_persona(client, alice, charlie, bob):
    make_scheme(alice, name="UCJ Solok")
    login(client, charlie)
    assert "UCJ Solok" not in client.get("/skema/").content.decode()
    login(client, bob)  # an operator in Solok sees its regency's scheme (to propose workers)
    assert "UCJ Solok" in client.get("/skema/").content.decode()


def test_a_scheme_of_another_regency_answers_404(client, alice, charlie):
    scheme = make_scheme(alice)
    login(client, charlie)
    for url in (
        f"/skema/{scheme.pk}/",
        f"/skema/{scheme.pk}/seleksi/",
        f"/kepesertaan/skema/{scheme.pk}/",
        f"/tagihan/skema/{scheme.pk}/",
    ):
        assert client.get(url).status_code == 404


def test_the_admin_creates_a_scheme_and_bad_input_changes_nothing(client, alice):
    login(client, alice)
    form = {
        "name": "UCJ Solok",
        "funder_type": "APBD",
        "funder_region": "13.02",
        "year": "2026",
        "budget": "0",
        "segment": "BPU",
        "programmes": ["JKK", "JKM", "JP"],
        "first_month": "1",
        "months": "12",
        "declared_income": "1000000",
        "min_age": "15",
        "max_age": "65",
        "lapse_after_months": "3",
    }
    response = client.post("/skema/baru/", form)
    assert "lebih dari nol" in response.content.decode()
    form["budget"] = "500000000"
    response = client.post("/skema/baru/", form)
    assert "tidak tersedia untuk segmen BPU" in response.content.decode()
    form["programmes"] = ["JKK", "JKM"]
    form["year"] = "2040"
    assert "di luar periode perencanaan" in client.post("/skema/baru/", form).content.decode()
    assert not FundingScheme.objects.exists()
    form["year"] = str(dt.date.today().year)
    response = client.post("/skema/baru/", form)
    scheme = FundingScheme.objects.get()
    assert response.url == f"/skema/{scheme.pk}/"
    assert (scheme.budget, scheme.programmes, scheme.status) == (500_000_000, ["JKK", "JKM"], "draft")


def test_operators_and_viewers_cannot_create_or_approve(client, alice, bob, vera):
    scheme = make_scheme(alice)
    for user in (bob, vera):
        login(client, user)
        assert client.get("/skema/baru/").status_code == 403
        assert client.post(f"/skema/{scheme.pk}/status/", {"to": "approved"}).status_code == 403
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.DRAFT


def test_the_admin_approves_and_the_detail_shows_who_and_the_gauge(client, alice):
    scheme = make_scheme(alice)
    login(client, alice)
    client.post(f"/skema/{scheme.pk}/status/", {"to": "approved", "why": "DPA 2026"})
    scheme.refresh_from_db()
    assert scheme.status == "approved" and scheme.approved_by == alice
    page = client.get(f"/skema/{scheme.pk}/").content.decode()
    assert "Disetujui" in page and 'data-testid="budget-gauge"' in page and "DPA 2026" in page


def test_the_selection_screen_shows_the_line_and_saves_proposals(client, alice):
    scheme = this_year_scheme(alice, budget=16_800 * months_left())
    make_worker(name="Termiskin", dtsen_decile=1)
    make_worker(name="Berikutnya", dtsen_decile=2)
    login(client, alice)
    page = client.get(f"/skema/{scheme.pk}/seleksi/").content.decode()
    assert "Termiskin" in page and "anggaran tidak cukup" in page
    assert "Tujuan pengunduhan" in client.get(f"/skema/{scheme.pk}/seleksi/?format=xlsx").content.decode()
    rows = xlsx_rows(client.get(f"/skema/{scheme.pk}/seleksi/?format=xlsx&purpose=rapat+penetapan"))
    assert rows[0][:2] == ["NIK", "Nama"] and len(rows) == 3
    access = PersonalDataAccess.objects.get()
    assert (access.purpose, access.subject_count, access.full_nik) == ("rapat penetapan", 2, False)
    client.post(f"/skema/{scheme.pk}/seleksi/simpan/")
    assert list(Membership.objects.values_list("worker__name", flat=True)) == ["Termiskin"]


def test_an_operator_adds_and_removes_with_the_budget_shown_at_once(client, alice, bob):
    scheme = this_year_scheme(alice)
    worker = make_worker("13.02.07.2001", name="Usulan Bob")
    login(client, bob)
    response = client.post(
        f"/kepesertaan/skema/{scheme.pk}/tambah/", {"nik": worker.nik}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    committed = f"Rp{16_800 * months_left():,}".replace(",", ".")  # the remaining months × Rp16.800
    assert "Usulan Bob" in page and committed in page
    membership = Membership.objects.get()
    response = client.post(f"/kepesertaan/skema/{scheme.pk}/{membership.pk}/hapus/", HTTP_HX_REQUEST="true")
    assert "Belum ada peserta" in response.content.decode()
    assert not Membership.objects.exists()


def test_an_operator_cannot_add_a_worker_outside_its_area(client, alice, bob):
    scheme = make_scheme(alice)
    worker = make_worker("13.02.10.2001", name="Di Kubung")
    login(client, bob)
    page = client.post(
        f"/kepesertaan/skema/{scheme.pk}/tambah/", {"nik": worker.nik}, follow=True
    ).content.decode()
    assert "tidak ada di registri wilayah Anda" in page
    assert not Membership.objects.exists()


def test_the_member_list_masks_for_viewers_and_downloads(client, alice, vera):
    scheme = make_scheme(alice)
    worker = make_worker(name="Rosmiati Koto")
    membership_propose(actor=alice, scheme=scheme, worker=worker, today=TODAY)
    login(client, vera)
    page = client.get(f"/kepesertaan/skema/{scheme.pk}/").content.decode()
    assert "Rosmiati Koto" not in page and worker.nik not in page
    # Viewers see aggregates only: no person-level download either.
    assert client.get(f"/kepesertaan/skema/{scheme.pk}/?format=xlsx").status_code == 403
    assert client.get(f"/kepesertaan/skema/{scheme.pk}/pendaftaran-kolektif.xlsx").status_code == 403


def test_the_member_list_download_asks_its_purpose_and_masks_the_nik(client, alice):
    scheme = make_scheme(alice)
    worker = make_worker(name="Rosmiati Koto")
    membership_propose(actor=alice, scheme=scheme, worker=worker, today=TODAY)
    login(client, alice)
    assert "Tujuan pengunduhan" in client.get(f"/kepesertaan/skema/{scheme.pk}/?format=xlsx").content.decode()
    rows = xlsx_rows(client.get(f"/kepesertaan/skema/{scheme.pk}/?format=xlsx&purpose=verifikasi+usulan"))
    assert rows[1][:2] == [worker.nik[:4] + "********" + worker.nik[-4:], "Rosmiati Koto"]
    access = PersonalDataAccess.objects.get()
    assert list(access.subjects.values_list("worker_id", flat=True)) == [worker.pk]


def test_the_member_list_query_count_does_not_grow_with_members(client, alice, django_assert_max_num_queries):
    scheme = make_scheme(alice, budget=10**9)
    for i in range(3):
        membership_propose(actor=alice, scheme=scheme, worker=make_worker(name=f"W{i}"), today=TODAY)
    login(client, alice)
    client.get(f"/kepesertaan/skema/{scheme.pk}/")
    with django_assert_max_num_queries(25) as few:
        client.get(f"/kepesertaan/skema/{scheme.pk}/")
    for i in range(3, 15):
        membership_propose(actor=alice, scheme=scheme, worker=make_worker(name=f"W{i}"), today=TODAY)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/kepesertaan/skema/{scheme.pk}/")


def test_bills_screen_issues_bills_records_payments_and_downloads(client, alice, bob):
    scheme = make_scheme(alice)
    active_member(alice, scheme, make_worker())
    login(client, bob)
    page = client.post(
        f"/tagihan/skema/{scheme.pk}/terbitkan/", {"month": "2026-01-01"}, follow=True
    ).content.decode()
    assert "Hanya admin" in page and not scheme.bills.exists()
    login(client, alice)
    client.post(f"/tagihan/skema/{scheme.pk}/terbitkan/", {"month": "2026-01-01"})
    bill = scheme.bills.get()
    assert bill.total == 16_800
    page = client.post(
        f"/tagihan/skema/{scheme.pk}/{bill.pk}/bayar/",
        {"amount": "20000", "paid_on": "2026-01-10", "reference": "SP2D-1"},
        follow=True,
    ).content.decode()
    assert "melebihi sisa tagihan" in page
    client.post(
        f"/tagihan/skema/{scheme.pk}/{bill.pk}/bayar/",
        {"amount": "16.800", "paid_on": "2026-01-10", "reference": "SP2D-1"},
    )
    rows = xlsx_rows(client.get(f"/tagihan/skema/{scheme.pk}/?format=xlsx"))
    assert rows[1][:1] == ["2026-01"] and rows[1][4] == "16800"
    detail = xlsx_rows(
        client.get(f"/tagihan/skema/{scheme.pk}/{bill.pk}/?format=xlsx&purpose=rekonsiliasi+tagihan")
    )
    assert [r[3] for r in detail[1:]] == ["JKK", "JKM"]
    assert PersonalDataAccess.objects.get(purpose="rekonsiliasi tagihan").location.startswith("tagihan-")


def test_the_scheme_list_downloads(client, alice):
    scheme = approve(alice, make_scheme(alice))
    active_member(alice, scheme, make_worker())
    bill_issue(actor=alice, scheme=scheme, month=dt.date(2026, 1, 1), today=TODAY)
    login(client, alice)
    rows = xlsx_rows(client.get("/skema/?format=xlsx"))
    assert rows[1][0] == "UCJ Solok 2026" and rows[1][8] == "16800"


def test_the_scheme_list_query_count_does_not_grow_with_schemes(client, alice, django_assert_max_num_queries):
    login(client, alice)
    scheme = approve(alice, make_scheme(alice, name="S0"))
    active_member(alice, scheme, make_worker(name="A"))
    client.get("/skema/")
    with django_assert_max_num_queries(30) as few:
        client.get("/skema/")
    for i in range(1, 6):
        other = make_scheme(alice, name=f"S{i}")
        active_member(alice, other, make_worker(name=f"B{i}"), kpj=f"KPJ00000{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/skema/")
