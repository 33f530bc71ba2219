"""The hand-off with the BPJS branch: the collective-registration file out, the answer file back.

Out: one row per submitted member (NIK, name, birth date, sex, address, district, occupation, income,
phone, programmes, start month). Back: NIK → KPJ number, or a rejection reason. The answer is checked
whole first; every mismatch is listed (unknown NIK, NIK not submitted, name differs, ...). Blocking
mismatches (a NIK the branch could not have been sent) change nothing; a differing name is only a
warning: the branch keeps the name of its own record and the member is activated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from payung.lib.nik import normalize_nik
from payung.lib.sheets import ROW, SheetError, read_sheet
from payung.lib.xlsx import write_xlsx_file
from payung.regions.models import Region
from payung.registry.presenters import Disclosure
from payung.schemes.models import FundingScheme

from .access import scheme_access
from .models import Membership, MembershipStatus
from .services.memberships import memberships_answer

REGISTRATION_HEADERS = [
    "NIK",
    "Nama Lengkap",
    "Tanggal Lahir",
    "Jenis Kelamin",
    "Alamat",
    "Kecamatan",
    "Desa/Kelurahan",
    "Pekerjaan",
    "Penghasilan (Rp)",
    "No HP",
    "Program",
    "Bulan Mulai",
]
# Header spellings of the answer file (normalised as the sheet reader does: lower case, no punctuation).
ANSWER_HEADERS = {
    "kpj": "kpj_number",
    "nokpj": "kpj_number",
    "nomorkpj": "kpj_number",
    "nomorpeserta": "kpj_number",
    "nopeserta": "kpj_number",
    "kpjnumber": "kpj_number",
    "alasan": "reason",
    "alasanpenolakan": "reason",
    "keterangan": "reason",
    "ket": "reason",
    "rejectionreason": "reason",
    "reason": "reason",
    "status": "answer_status",
}
KPJ_PATTERN = re.compile(r"^[0-9A-Za-z\-]{6,20}$")

BLOCKING = "error"
WARNING = "warning"
MISMATCH_TEXT = {
    "unknown_nik": gettext_lazy("NIK tidak ada di daftar peserta skema ini"),
    "not_submitted": gettext_lazy("NIK tidak diajukan ke BPJS (status: %(status)s)"),
    "name_differs": gettext_lazy("Nama berbeda: di Payung %(ours)s, di BPJS %(theirs)s"),
    "duplicate_nik": gettext_lazy("NIK muncul lebih dari sekali di berkas"),
    "no_answer": gettext_lazy("Tidak ada nomor KPJ maupun alasan penolakan"),
    "bad_kpj": gettext_lazy("Nomor KPJ %(kpj)s tidak sah (6-20 huruf/angka)"),
    "bad_nik": gettext_lazy("NIK %(nik)s bukan 16 angka"),
    "kpj_taken": gettext_lazy("Nomor KPJ %(kpj)s sudah dipakai peserta lain"),
}


class AnswerFileInvalid(Exception):
    """The file cannot be read at all; the message says why."""


@dataclass(frozen=True)
class Mismatch:
    row: int
    nik: str
    code: str
    message: str
    severity: str = BLOCKING


@dataclass
class AnswerReport:
    activated: int = 0
    rejected: int = 0
    rows: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    applied: bool = False

    @property
    def blocking(self) -> list[Mismatch]:
        return [m for m in self.mismatches if m.severity == BLOCKING]


def export_registration_xlsx(scheme: FundingScheme, memberships, user, *, purpose: str) -> str:
    """The collective-registration file of the submitted members; returns the temporary file's path.

    Meant for BPJS: the full NIK and phone, and the export with whom it held goes to the access log.
    """
    if isinstance(memberships, QuerySet):  # streamed in chunks: constant memory for any number of members
        codes = set(memberships.order_by().values_list("worker__district_code", flat=True).distinct())
        memberships = memberships.iterator(chunk_size=2_000)
    else:
        memberships = list(memberships)
        codes = {m.worker.district_code for m in memberships}
    districts = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))

    def row(membership):
        worker = membership.worker
        view = disclosure.show(worker)
        district = districts.get(worker.district_code, "")
        return [
            view.nik,
            view.name,
            view.birth_date,
            view.sex,
            f"{view.village_name}, {district}",
            district or worker.district_code,
            view.village_name,
            view.occupation,
            # A self-paying member declares its own income; a funder enrols at the scheme's basis.
            (worker.monthly_income or scheme.declared_income)
            if scheme.funder_type == "MANDIRI"
            else scheme.declared_income,
            view.phone,
            "+".join(membership.programmes),
            f"{membership.start_month:%Y-%m}",
        ]

    with Disclosure(
        user, purpose=purpose, where=f"pendaftaran-kolektif-{scheme.pk}.xlsx", full=True
    ) as disclosure:
        return write_xlsx_file("Pendaftaran Kolektif", REGISTRATION_HEADERS, (row(m) for m in memberships))


def _clean_name(text: str) -> str:
    return " ".join(re.sub(r"[^\w ]", " ", text.upper()).split())


ANSWER_FIELDS = ("nik", "name", "kpj_number", "reason")


def read_answer(data: bytes) -> list[dict]:
    """The answer's rows that say anything: {row, nik, name, kpj_number, reason}, each cell as stripped
    text ("" when empty or absent). Column-wise in Polars: 80,000 rows a cell at a time cost seconds."""
    try:
        sheet = read_sheet(data, extra_headers=ANSWER_HEADERS)
    except SheetError as error:
        raise AnswerFileInvalid(_("Berkas jawaban BPJS tidak terbaca: %(e)s") % {"e": error}) from error
    frame = sheet.data

    def text(name: str) -> pl.Expr:
        column = f"c{sheet.columns[name]}" if name in sheet.columns else None
        if column not in frame.columns:
            return pl.lit("").alias(name)
        return pl.col(column).cast(pl.Utf8).str.strip_chars().fill_null("").alias(name)

    cells = frame.select(pl.col(ROW).alias("row"), *(text(name) for name in ANSWER_FIELDS))
    return cells.filter(pl.any_horizontal(pl.col(name) != "" for name in ANSWER_FIELDS)).to_dicts()


def scheme_members_by_nik(scheme: FundingScheme) -> dict[str, tuple[int, str, str]]:
    """nik -> (membership id, status, name) of the scheme's latest membership of each person: plain
    rows, no instances."""
    return {
        nik: (pk, status, name)
        for pk, nik, status, name in Membership.objects.filter(scheme=scheme)
        .order_by("id")
        .values_list("pk", "worker__nik", "status", "worker__name")
    }


def check_answer(scheme: FundingScheme, rows: list[dict], members=None) -> AnswerReport:
    """Every mismatch between the answer and the scheme's members (`scheme_members_by_nik`, read here
    when not given); changes nothing."""
    report = AnswerReport(rows=len(rows))
    if members is None:
        members = scheme_members_by_nik(scheme)
    seen: set[str] = set()
    file_kpjs: dict[str, str] = {}
    for item in rows:
        nik = normalize_nik(item["nik"])
        problem = None
        if not (nik.isdigit() and len(nik) == 16):
            problem = ("bad_nik", {"nik": item["nik"]})
        elif nik in seen:
            problem = ("duplicate_nik", {})
        elif nik not in members:
            problem = ("unknown_nik", {})
        elif members[nik][1] != MembershipStatus.SUBMITTED:
            problem = ("not_submitted", {"status": MembershipStatus(members[nik][1]).label})
        elif not item["kpj_number"] and not item["reason"]:
            problem = ("no_answer", {})
        elif item["kpj_number"] and not KPJ_PATTERN.match(item["kpj_number"]):
            problem = ("bad_kpj", {"kpj": item["kpj_number"]})
        elif item["kpj_number"] and file_kpjs.get(item["kpj_number"], nik) != nik:
            problem = ("kpj_taken", {"kpj": item["kpj_number"]})
        seen.add(nik)
        if problem:
            report.mismatches.append(
                Mismatch(item["row"], nik, problem[0], str(MISMATCH_TEXT[problem[0]]) % problem[1])
            )
            continue
        if item["kpj_number"]:
            file_kpjs[item["kpj_number"]] = nik
        ours = members[nik][2]
        if item["name"] and item["name"] != ours and _clean_name(item["name"]) != _clean_name(ours):
            report.mismatches.append(
                Mismatch(
                    item["row"],
                    nik,
                    "name_differs",
                    str(MISMATCH_TEXT["name_differs"]) % {"ours": ours, "theirs": item["name"]},
                    WARNING,
                )
            )
    # A KPJ number is one person's: taken when a membership of anyone but the person the file gives it
    # to holds it (that person's other schemes hold the same number).
    taken = {
        kpj
        for kpj, holder in Membership.objects.filter(kpj_number__in_list=list(file_kpjs)).values_list(
            "kpj_number", "worker__nik"
        )
        if holder != file_kpjs[kpj]
    }
    for kpj in sorted(taken):
        nik = file_kpjs[kpj]
        row = next(i["row"] for i in rows if normalize_nik(i["nik"]) == nik)
        report.mismatches.append(
            Mismatch(row, nik, "kpj_taken", str(MISMATCH_TEXT["kpj_taken"]) % {"kpj": kpj})
        )
    return report


def answer_apply(*, actor, scheme: FundingScheme, data: bytes, dry_run: bool = False) -> AnswerReport:
    """Read, check, and (when nothing blocks and not a dry run) activate or reject every answered member."""
    if not scheme_access(actor, scheme).can_exchange_with_bpjs:
        raise PermissionDenied(
            _("Hanya admin kabupaten/kota atau petugas BPJS wilayah ini yang boleh mengimpor jawaban.")
        )
    rows = read_answer(data)
    if not rows:
        raise AnswerFileInvalid(_("Berkas jawaban BPJS tidak berisi baris data."))
    members = scheme_members_by_nik(scheme)
    report = check_answer(scheme, rows, members)
    if report.blocking or dry_run:
        return report
    # Nothing blocks: every row is a submitted member of the scheme, each once.
    kpj = {members[normalize_nik(i["nik"])][0]: i["kpj_number"] for i in rows if i["kpj_number"]}
    rejected = {members[normalize_nik(i["nik"])][0]: i["reason"] for i in rows if not i["kpj_number"]}
    memberships_answer(actor=actor, scheme=scheme, kpj=kpj, rejected=rejected)
    report.activated, report.rejected = len(kpj), len(rejected)
    report.applied = True
    return report
