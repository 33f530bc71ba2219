"""The agent screens' downloads: recruits (personal data: purpose asked, logged), the leaderboard and
a statement (no NIK or phone; names of the agent's own recruits only on its statement)."""

from __future__ import annotations

from django.http import HttpResponse

from payung.lib.xlsx import write_xlsx_bytes, write_xlsx_file
from payung.registry.presenters import Disclosure
from payung.schemes.models import MembershipStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def recruits_xlsx(recruits, user, *, purpose: str) -> str:
    headers = [
        "Kode Agen",
        "NIK",
        "Nama",
        "Desa/Kelurahan",
        "Program",
        "Bulan Mulai",
        "Status",
        "No KPJ",
        "Iuran per Bulan (Rp)",
        "Tanggal Daftar",
    ]
    recruits = recruits.select_related("agent", "membership", "worker", "village").order_by(
        "agent__code", "worker__name", "id"
    )
    with Disclosure(user, purpose=purpose, where="peserta-agen.xlsx") as disclosure:
        rows = []
        for recruit in recruits:
            view = disclosure.show(recruit.worker)
            membership = recruit.membership
            rows.append(
                [
                    recruit.agent.code,
                    view.nik,
                    recruit.given_name,
                    recruit.village.name,
                    "+".join(membership.programmes),
                    f"{membership.start_month:%Y-%m}",
                    str(MembershipStatus(membership.status).label),
                    membership.kpj_number,
                    recruit.monthly_contribution,
                    recruit.registered_on.isoformat(),
                ]
            )
        return write_xlsx_file("Peserta", headers, rows)


def leaderboard_response(rows, month) -> HttpResponse:
    headers = [
        "Kode Agen",
        "Nama Agen",
        "Kecamatan/Kelurahan",
        "Lembaga Induk",
        "Status",
        "Peserta",
        "Aktif Bulan Ini",
        "Tingkat Aktif (%)",
        "Iuran Terkumpul (Rp)",
    ]
    data = [
        [
            r.agent.code,
            r.agent.name,
            r.agent.area.name,
            r.agent.host_name,
            str(r.agent.get_status_display()),
            r.recruits,
            r.active,
            round(r.active_percent, 2) if r.active_percent is not None else "",
            r.collected,
        ]
        for r in rows
    ]
    return _response(
        write_xlsx_bytes("Peringkat Agen", headers, data, preamble=[f"Bulan {month}"]),
        f"peringkat-agen-{month}.xlsx",
    )


def statement_response(agent, month, statement, collections) -> HttpResponse:
    headers = ["Jenis", "Jumlah (Rp)", "Sumber Aturan"]
    data = [
        ["Peserta", statement.recruits, ""],
        ["Peserta baru", statement.new_participants, ""],
        ["Aktif", statement.active, ""],
        ["Iuran terkumpul", statement.collected, ""],
        ["Disetor", statement.deposited, ""],
        *[[line.kind, line.amount, line.rule_source] for line in statement.lines],
        ["Komisi", statement.commission, ""],
        [f"Bagian lembaga induk ({agent.host_name})", statement.host_share, statement.host_share_source],
        ["Bagian agen", statement.agent_share, ""],
        *[
            [
                f"iuran {c.month:%Y-%m} #{c.recruit_id} ({c.get_method_display()})",
                c.amount,
                c.collected_on.isoformat(),
            ]
            for c in collections
        ],
        *[
            row
            for trace in statement.deposits
            for row in (
                [
                    f"setoran {trace.deposit.reference}",
                    trace.deposit.amount,
                    trace.deposit.deposited_on.isoformat(),
                ],
                *[
                    [
                        f"  mencakup iuran #{cover.collection_id} {cover.collection.month:%Y-%m} "
                        f"#{cover.collection.recruit_id}",
                        cover.amount,
                        cover.collection.collected_on.isoformat(),
                    ]
                    for cover in trace.covers
                ],
            )
        ],
        ["Belum disetor (akhir bulan)", statement.undeposited_total, ""],
        *[
            [
                f"  belum disetor: iuran #{row.collection.pk} {row.collection.month:%Y-%m} #{row.collection.recruit_id}",
                row.remaining,
                row.collection.collected_on.isoformat(),
            ]
            for row in statement.undeposited
        ],
    ]
    return _response(
        write_xlsx_bytes("Laporan Agen", headers, data, preamble=[f"{agent.code} {month}"]),
        f"laporan-{agent.code}-{month}.xlsx",
    )
