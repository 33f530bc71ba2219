"""The BPJS hand-off: the collective-registration file out, the answer file (KPJ or rejection) back."""

from __future__ import annotations

import io
import os

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied
from fastexcel import read_excel

from payung.audit.models import PersonalDataAccess
from payung.schemes.branch import (
    REGISTRATION_HEADERS,
    AnswerFileInvalid,
    answer_apply,
    export_registration_xlsx,
)
from payung.schemes.models import Membership, MembershipStatus
from payung.schemes.services.memberships import membership_propose, memberships_submit
from tests.conftest import make_worker
from tests.schemes.builders import TODAY, approve, make_scheme

pytestmark = pytest.mark.django_db


def answer_file(rows, headers=("NIK", "Nama", "No KPJ", "Alasan Penolakan")) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, headers)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            sheet.write_string(i, j, value)
    book.close()
    return buffer.getvalue()


def test_the_registration_file_lists_every_submitted_member(alice, submitted):
    scheme, workers = submitted
    memberships = Membership.objects.filter(scheme=scheme).select_related(
        "worker__village", "worker__occupation"
    )
    path = export_registration_xlsx(scheme, memberships, alice, purpose="pendaftaran kolektif ke BPJS")
    try:
        frame = read_excel(path).load_sheet(0, dtypes="string").to_polars()
    finally:
        os.unlink(path)
    assert frame.columns == REGISTRATION_HEADERS
    # Meant for BPJS: the full NIK, and one access-log row naming every person in it.
    assert sorted(frame["NIK"].to_list()) == sorted(w.nik for w in workers)
    access = PersonalDataAccess.objects.get()
    assert (access.channel, access.purpose, access.full_nik, access.subject_count) == (
        "export",
        "pendaftaran kolektif ke BPJS",
        True,
        len(workers),
    )
    assert sorted(access.subjects.values_list("worker_id", flat=True)) == sorted(w.pk for w in workers)
    assert set(frame["Program"].to_list()) == {"JKK+JKM"}
    assert set(frame["Bulan Mulai"].to_list()) == {"2026-01"}
    assert set(frame["Kecamatan"].to_list()) == {"Gunung Talang"}


def test_the_answer_activates_and_rejects_and_warns_on_a_different_name(alice, submitted):
    scheme, (a, b, c) = submitted
    data = answer_file(
        [
            (a.nik, "ROSMIATI", "26010000001", ""),
            (b.nik, "Zainal Arifin", "26010000002", ""),
            (c.nik, "Yusri", "", "Data NIK tidak ditemukan di Dukcapil"),
        ]
    )
    report = answer_apply(actor=alice, scheme=scheme, data=data)
    assert report.applied and (report.activated, report.rejected) == (2, 1)
    assert [(m.nik, m.code, m.severity) for m in report.mismatches] == [(b.nik, "name_differs", "warning")]
    statuses = dict(Membership.objects.filter(scheme=scheme).values_list("worker__name", "status"))
    assert statuses == {"Rosmiati": "active", "Zainal": "active", "Yusri": "ended"}
    assert Membership.objects.get(worker=a).kpj_number == "26010000001"


def test_an_answer_with_nik_never_submitted_lists_every_mismatch_and_changes_nothing(alice, submitted):
    scheme, (a, b, c) = submitted
    stranger = make_worker(name="Orang Lain")
    proposed_only = make_worker(name="Baru Diusulkan")
    membership_propose(actor=alice, scheme=scheme, worker=proposed_only, today=TODAY)
    data = answer_file(
        [
            (a.nik, "Rosmiati", "26010000001", ""),
            (stranger.nik, "Orang Lain", "26010000009", ""),
            ("3201010101010001", "Tidak Dikenal", "26010000010", ""),
            (proposed_only.nik, "Baru Diusulkan", "26010000011", ""),
            (b.nik, "Zainal", "", ""),
            (a.nik, "Rosmiati", "26010000001", ""),
        ]
    )
    report = answer_apply(actor=alice, scheme=scheme, data=data)
    assert not report.applied
    assert [(m.row, m.code) for m in report.mismatches] == [
        (3, "unknown_nik"),
        (4, "unknown_nik"),
        (5, "not_submitted"),
        (6, "no_answer"),
        (7, "duplicate_nik"),
    ]
    assert "tidak diajukan" in report.mismatches[2].message
    assert not Membership.objects.filter(status=MembershipStatus.ACTIVE).exists()


def test_a_dry_run_checks_without_changing(alice, submitted):
    scheme, (a, _b, _c) = submitted
    report = answer_apply(
        actor=alice, scheme=scheme, data=answer_file([(a.nik, "Rosmiati", "26010000001", "")]), dry_run=True
    )
    assert report.mismatches == [] and not report.applied
    assert Membership.objects.get(worker=a).status == MembershipStatus.SUBMITTED


def test_a_kpj_number_already_used_by_someone_else_blocks(alice, submitted):
    scheme, (a, b, _c) = submitted
    answer_apply(actor=alice, scheme=scheme, data=answer_file([(a.nik, "Rosmiati", "26010000001", "")]))
    report = answer_apply(
        actor=alice, scheme=scheme, data=answer_file([(b.nik, "Zainal", "26010000001", "")])
    )
    assert [m.code for m in report.mismatches] == ["kpj_taken"]
    assert Membership.objects.get(worker=b).status == MembershipStatus.SUBMITTED


def test_a_kpj_number_held_by_another_person_of_the_same_file_blocks(alice, submitted):
    scheme, (a, b, _c) = submitted
    answer_apply(actor=alice, scheme=scheme, data=answer_file([(a.nik, "Rosmiati", "26010000001", "")]))
    jht = approve(alice, make_scheme(alice, name="JHT BAZNAS", funder_type="BAZNAS", programmes=("JHT",)))
    for worker in (a, b):
        membership_propose(actor=alice, scheme=jht, worker=worker, today=TODAY)
    memberships_submit(actor=alice, scheme=jht)
    # Zainal is given Rosmiati's number, and she, in the same file, another.
    rows = [(a.nik, "Rosmiati", "26010000002", ""), (b.nik, "Zainal", "26010000001", "")]
    report = answer_apply(actor=alice, scheme=jht, data=answer_file(rows))
    assert [(m.nik, m.code) for m in report.mismatches] == [(b.nik, "kpj_taken")]
    assert not Membership.objects.filter(scheme=jht, status=MembershipStatus.ACTIVE).exists()


def test_an_unreadable_file_is_refused(alice, submitted):
    scheme, _ = submitted
    with pytest.raises(AnswerFileInvalid):
        answer_apply(actor=alice, scheme=scheme, data=b"bukan berkas")


def test_the_bpjs_officer_of_another_region_cannot_import(dina, alice, submitted):
    scheme, (a, _b, _c) = submitted
    with pytest.raises(PermissionDenied):
        answer_apply(actor=dina, scheme=scheme, data=answer_file([(a.nik, "Rosmiati", "26010000001", "")]))


def test_the_answer_check_downloads_as_xlsx_and_changes_nothing(client, alice, submitted):
    scheme, (a, _b, _c) = submitted
    client.force_login(alice)
    upload = io.BytesIO(
        answer_file([(a.nik, "Rosmiati", "26010000001", ""), ("3201010101010001", "X", "260100099", "")])
    )
    upload.name = "jawaban.xlsx"
    response = client.post(f"/kepesertaan/skema/{scheme.pk}/jawaban-bpjs/", {"file": upload, "download": "1"})
    data = b"".join(response.streaming_content)
    frame = read_excel(data).load_sheet(0, dtypes="string").to_polars()
    assert frame["Jenis"].to_list() == ["galat"] and frame["Baris"].to_list() == ["3"]
    assert Membership.objects.get(worker=a).status == MembershipStatus.SUBMITTED
