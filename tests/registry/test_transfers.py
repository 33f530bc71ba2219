"""A NIK registered outside the user's area: one neutral answer on the form, the API and the import,
naming no region, scheme or funder; counted per user; a transfer request decided where the person is."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from rest_framework.test import APIClient

from payung.accounts.models import Role
from payung.audit.models import AuditEvent
from payung.imports.services import import_job_create
from payung.registry.models import ElsewhereAnswer, TransferRequest, TransferStatus
from payung.registry.transfers import (
    REGISTERED_ELSEWHERE,
    TransferRefused,
    elsewhere_answer_counts,
    transfer_request_create,
    transfer_request_decide,
)
from tests.conftest import make_user

BIRTH = dt.date(1980, 3, 12)
# What Charlie (an operator in Enrekang) must never learn about a person registered in Solok.
SOLOK_WORDS = [
    "Solok",
    "Gunung Talang",
    "Koto Gaek",
    "Sumatera",
    "UCJ APBD",
    "Pekerja Solok",
    "13.02.07.2001",
]


@pytest.fixture
def solok_worker(worker_factory):
    return worker_factory("13.02.07.2001", name="Pekerja Solok", sex="L", birth_date=BIRTH)


@pytest.fixture
def covered_solok_worker(alice, solok_worker):
    from payung.schemes.services.memberships import membership_propose
    from tests.schemes.builders import TODAY as PLANNING_DAY
    from tests.schemes.builders import make_scheme

    scheme = make_scheme(alice, name="UCJ APBD Solok 2026")
    membership_propose(actor=alice, scheme=scheme, worker=solok_worker, today=PLANNING_DAY)
    return solok_worker


@pytest.fixture
def erna(regions):
    """Regency admin of Enrekang: sees Charlie's probing."""
    return make_user("erna", Role.REGENCY_ADMIN, ("73.16",))


def form_data(nik, village="73.16.01.2001"):
    return {
        "nik": nik,
        "name": "Orang Pindahan",
        "sex": "L",
        "birth_date": BIRTH.isoformat(),
        "village_code": village,
        "occupation_code": "petani",
    }


def assert_names_nothing_of_solok(text):
    assert [word for word in SOLOK_WORDS if word in text] == []


def test_the_form_answers_a_nik_registered_elsewhere_neutrally_and_offers_a_transfer(
    client, charlie, covered_solok_worker
):
    client.force_login(charlie)
    page = client.post("/pekerja/baru/", form_data(covered_solok_worker.nik)).content.decode()
    assert "sudah terdaftar di luar wilayah kerja Anda" in page
    assert 'data-testid="transfer-offer"' in page
    assert_names_nothing_of_solok(page)
    assert ElsewhereAnswer.objects.get(user=charlie).source == "web"


def test_the_api_gives_the_same_answer(charlie, covered_solok_worker):
    api = APIClient()
    api.force_authenticate(charlie)
    response = api.post("/api/v1/workers/", form_data(covered_solok_worker.nik), format="json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert [(name, p["code"]) for name, problems in fields.items() for p in problems] == [
        ("nik", REGISTERED_ELSEWHERE)
    ]
    assert_names_nothing_of_solok(response.content.decode())
    assert ElsewhereAnswer.objects.get(user=charlie).source == "api"


def test_a_duplicate_in_the_users_own_area_still_says_find_and_edit(client, bob, solok_worker):
    client.force_login(bob)
    page = client.post("/pekerja/baru/", form_data(solok_worker.nik, "13.02.07.2002")).content.decode()
    assert "cari dan ubah data yang ada" in page
    assert not ElsewhereAnswer.objects.exists()


def test_the_dry_run_answers_neutrally_names_no_funder_and_counts_the_rows(charlie, covered_solok_worker):
    line = ";".join(
        [covered_solok_worker.nik, "Orang Pindahan", "L", "12/03/1980", "73.16.01.2001", "Petani", "1", ""]
    )
    data = ("NIK;Nama;JK;Tgl Lahir;Kode Desa;Pekerjaan;Desil;No HP\n" + line + "\n").encode()
    job = import_job_create(actor=charlie, file=ContentFile(data), name="daftar.csv")
    job.refresh_from_db()
    assert [(e["row"], e["code"]) for e in job.errors] == [(2, REGISTERED_ELSEWHERE)]
    everything = json.dumps([job.errors, job.warning_list, job.conflicts, job.preview], ensure_ascii=False)
    assert "covered_by_other_funder" not in everything
    assert_names_nothing_of_solok(everything)
    assert ElsewhereAnswer.objects.get(user=charlie).count == 1


def test_the_transfer_is_decided_by_the_admin_where_the_person_is_registered(
    client, alice, bob, charlie, solok_worker
):
    transfer = transfer_request_create(
        actor=charlie, nik=solok_worker.nik, village_code="73.16.01.2001", note="pindah Januari"
    )
    assert (transfer.from_regency_code, transfer.status) == ("13.02", TransferStatus.PENDING)

    client.force_login(charlie)
    own = client.get("/pekerja/pindah/").content.decode()
    assert solok_worker.nik not in own  # masked for the requester until the move
    assert_names_nothing_of_solok(own)
    assert client.post(f"/pekerja/pindah/{transfer.pk}/putuskan/", {"decision": "approve"}).status_code == 403
    client.force_login(bob)  # an operator where the person lives: may not decide either, and cannot see it
    assert client.post(f"/pekerja/pindah/{transfer.pk}/putuskan/", {"decision": "approve"}).status_code == 404

    client.force_login(alice)
    assert "Pekerja Solok" in client.get("/pekerja/pindah/").content.decode()
    client.post(f"/pekerja/pindah/{transfer.pk}/putuskan/", {"decision": "approve"})
    transfer.refresh_from_db()
    solok_worker.refresh_from_db()
    assert (transfer.status, transfer.decided_by) == (TransferStatus.APPROVED, alice)
    assert (solok_worker.village_id, solok_worker.regency_code) == ("73.16.01.2001", "73.16")
    event = AuditEvent.objects.get(object_type="worker", object_id=str(solok_worker.pk))
    assert event.changes == {"village_id": ["13.02.07.2001", "73.16.01.2001"]}
    with pytest.raises(PermissionDenied):  # the person is in Enrekang now: no longer Alice's to decide
        transfer_request_decide(actor=alice, transfer=transfer, approve=False, note="sekali lagi")


def test_a_refusal_needs_a_reason_and_moves_nobody(alice, charlie, solok_worker):
    transfer = transfer_request_create(actor=charlie, nik=solok_worker.nik, village_code="73.16.01.2001")
    with pytest.raises(TransferRefused):
        transfer_request_decide(actor=alice, transfer=transfer, approve=False)
    transfer_request_decide(actor=alice, transfer=transfer, approve=False, note="masih tinggal di Cupak")
    solok_worker.refresh_from_db()
    assert solok_worker.village_id == "13.02.07.2001"
    assert TransferRequest.objects.get().status == TransferStatus.REFUSED


def test_a_transfer_for_an_unknown_nik_or_one_of_the_own_area_gets_one_answer_and_is_counted(
    bob, charlie, solok_worker
):
    with pytest.raises(TransferRefused) as unknown:
        transfer_request_create(actor=charlie, nik="7316011203800099", village_code="73.16.01.2001")
    with pytest.raises(TransferRefused) as own:
        transfer_request_create(actor=bob, nik=solok_worker.nik, village_code="13.02.07.2002")
    assert str(unknown.value) == str(own.value)
    assert ElsewhereAnswer.objects.count() == 2


def test_the_regency_admin_sees_who_probes_in_bulk(client, alice, charlie, erna, settings):
    settings.PAYUNG_NIK_PROBE_THRESHOLD = 20
    ElsewhereAnswer.objects.create(user=charlie, source="import", count=140)
    old = ElsewhereAnswer.objects.create(user=charlie, source="web", count=1000)
    ElsewhereAnswer.objects.filter(pk=old.pk).update(at=old.at - dt.timedelta(days=30))

    [probe] = elsewhere_answer_counts(erna)
    assert (probe.user, probe.answers, probe.above_threshold) == (charlie, 140, True)
    assert elsewhere_answer_counts(alice) == []  # Charlie works in Enrekang, not in Solok
    client.force_login(erna)
    page = client.get("/pekerja/pindah/").content.decode()
    assert "charlie" in page
    assert "di atas ambang" in page
