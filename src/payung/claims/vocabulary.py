"""How branch reports and operators write programmes, kinds, statuses and school levels: the one place
that turns their words into our codes. Pure Python."""

from __future__ import annotations

import re

from payung.lib.sheets.headers import normalise_header
from payung.rules.claims import PROGRAMME_OF, ClaimKind, ClaimProgramme

# Canonical claim field -> header spellings in branch reports (normalised when matched). NIK and the
# name use the registry's synonyms (lib/sheets/headers.py); these win over them where both know a header.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "claim_number": (
        "No. Klaim",
        "Nomor Klaim",
        "No Klaim",
        "Nomor Kasus",
        "No. Kasus",
        "ID Klaim",
        "Claim Number",
    ),
    "kpj_number": ("KPJ", "No. KPJ", "No KPJ", "Nomor KPJ", "Nomor Peserta", "No. Peserta"),
    "programme": ("Program", "Program Klaim", "Jenis Program", "Programme"),
    "kind": ("Jenis Klaim", "Jenis Manfaat", "Tipe Klaim", "Jenis", "Sebab Klaim", "Kind"),
    "event_date": (
        "Tgl Kejadian",
        "Tanggal Kejadian",
        "Tgl. Kejadian",
        "Tanggal Meninggal",
        "Tgl Meninggal",
        "Tanggal Kecelakaan",
        "Tgl Kecelakaan",
        "Event Date",
    ),
    "paid_on": (
        "Tgl Bayar",
        "Tanggal Bayar",
        "Tgl. Bayar",
        "Tanggal Pembayaran",
        "Tgl Pembayaran",
        "Paid On",
    ),
    "amount_paid": (
        "Jumlah Dibayar",
        "Nominal",
        "Nominal Dibayar",
        "Jumlah Bayar",
        "Jumlah Manfaat",
        "Nilai Dibayar",
        "Amount Paid",
    ),
    "amount_claimed": ("Jumlah Diajukan", "Nominal Pengajuan", "Jumlah Klaim", "Nilai Klaim"),
    "status": ("Status", "Status Klaim", "Keterangan Status"),
    "rejection_reason": ("Alasan Tolak", "Alasan Penolakan", "Alasan Ditolak", "Keterangan"),
    "wage": ("Upah", "Upah Dilaporkan", "Upah Sebulan", "Penghasilan", "Penghasilan Dilaporkan"),
    "child_name": ("Nama Anak", "Nama Penerima Beasiswa"),
    "child_birth_date": ("Tgl Lahir Anak", "Tanggal Lahir Anak"),
    "school_level": ("Jenjang", "Jenjang Pendidikan", "Tingkat Sekolah", "Jenjang Sekolah"),
    "child_order": ("Anak Ke", "Anak Ke-", "Urutan Anak"),
    "jht_reason": ("Alasan Pencairan", "Sebab Pencairan", "Alasan JHT"),
}
EXTRA_HEADERS: dict[str, str] = {
    normalise_header(spelling): field
    for field, spellings in HEADER_SYNONYMS.items()
    for spelling in spellings
}

_PROGRAMMES = {
    "jkk": ClaimProgramme.JKK,
    "jaminankecelakaankerja": ClaimProgramme.JKK,
    "jkm": ClaimProgramme.JKM,
    "jaminankematian": ClaimProgramme.JKM,
    "jht": ClaimProgramme.JHT,
    "jaminanharitua": ClaimProgramme.JHT,
    "jp": ClaimProgramme.JP,
    "jaminanpensiun": ClaimProgramme.JP,
    "beasiswa": ClaimProgramme.BEASISWA,
    "bsw": ClaimProgramme.BEASISWA,
    "beasiswapendidikan": ClaimProgramme.BEASISWA,
    "beasiswaanak": ClaimProgramme.BEASISWA,
}

_STATUSES = {
    "dibayar": "paid",
    "bayar": "paid",
    "lunas": "paid",
    "sudahdibayar": "paid",
    "paid": "paid",
    "ditolak": "rejected",
    "tolak": "rejected",
    "rejected": "rejected",
    "proses": "submitted",
    "diproses": "submitted",
    "dalamproses": "submitted",
    "verifikasi": "submitted",
    "diajukan": "submitted",
    "pengajuan": "submitted",
    "submitted": "submitted",
    "dilaporkan": "reported",
    "lapor": "reported",
    "reported": "reported",
}

# Words in "Jenis Klaim", per programme, first match wins; None: the programme's default kind.
_KIND_WORDS: dict[ClaimProgramme, tuple[tuple[str, ClaimKind], ...]] = {
    ClaimProgramme.JKK: (
        ("stmb", ClaimKind.JKK_TEMPORARY_INCAPACITY),
        ("sementara", ClaimKind.JKK_TEMPORARY_INCAPACITY),
        ("cacatsebagian", ClaimKind.JKK_PARTIAL_DISABILITY),
        ("sebagian", ClaimKind.JKK_PARTIAL_DISABILITY),
        ("cacat", ClaimKind.JKK_PERMANENT_DISABILITY),
        ("pemakaman", ClaimKind.JKK_FUNERAL),
        ("meninggal", ClaimKind.JKK_DEATH),
        ("kematian", ClaimKind.JKK_DEATH),
        ("perawatan", ClaimKind.JKK_MEDICAL),
        ("pengobatan", ClaimKind.JKK_MEDICAL),
        ("medis", ClaimKind.JKK_MEDICAL),
    ),
    ClaimProgramme.JKM: (("", ClaimKind.JKM_DEATH),),
    ClaimProgramme.JHT: (
        ("sebagian", ClaimKind.JHT_PARTIAL),
        ("10", ClaimKind.JHT_PARTIAL),
        ("30", ClaimKind.JHT_PARTIAL),
        ("", ClaimKind.JHT_FULL),
    ),
    ClaimProgramme.JP: (
        ("sekaligus", ClaimKind.JP_LUMP_SUM),
        ("lumpsum", ClaimKind.JP_LUMP_SUM),
        ("", ClaimKind.JP_MONTHLY),
    ),
    ClaimProgramme.BEASISWA: (("", ClaimKind.SCHOLARSHIP),),
}

_LEVELS = (
    (re.compile(r"\b(tk|sd|mi|paud)\b"), "TK_SD"),
    (re.compile(r"\b(smp|mts)\b"), "SMP"),
    (re.compile(r"\b(sma|smk|ma|slta)\b"), "SMA"),
    (re.compile(r"\b(pt|s1|d3|d4|kuliah|perguruan|universitas|mahasiswa)\b"), "PT"),
)


def programme_of(text: str) -> ClaimProgramme | None:
    return _PROGRAMMES.get(normalise_header(text))


def status_of(text: str) -> str | None:
    return _STATUSES.get(normalise_header(text))


def kind_of(programme: ClaimProgramme, text: str) -> ClaimKind | None:
    """The kind a report's "Jenis Klaim" names within `programme`; a code (jkk_death) is taken as is."""
    raw = (text or "").strip().lower()
    if raw in {kind.value for kind in ClaimKind}:
        kind = ClaimKind(raw)
        return kind if PROGRAMME_OF[kind] == programme else None
    key = normalise_header(text)
    for word, kind in _KIND_WORDS[programme]:
        if word == "" or word in key:
            return kind
    return None


def school_level_of(text: str) -> str | None:
    lowered = (text or "").lower()
    for pattern, level in _LEVELS:
        if pattern.search(lowered):
            return level
    return lowered.upper() if lowered.upper() in ("TK_SD", "SMP", "SMA", "PT") else None
