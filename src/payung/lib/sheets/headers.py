"""Recognise header cells: synonyms in Indonesian and English to canonical fields.

Matching ignores case, spaces and punctuation: "No. KTP", "NO KTP" and
"no_ktp" all become ``noktp``. To accept a new header spelling, add it to
:data:`SYNONYMS` (see docs/imports.md, "Add an import column").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# Canonical field -> header spellings (written naturally; normalised at import).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "nik": (
        "NIK",
        "No. KTP",
        "Nomor KTP",
        "No KTP",
        "NIK KTP",
        "Nomor Induk Kependudukan",
        "No. NIK",
        "Nomor NIK",
        "NIK Peserta",
        "NIK Pekerja",
        "KTP",
        "National ID",
        "ID Number",
        "No. Identitas",
        "Nomor Identitas",
    ),
    "name": (
        "Nama",
        "Nama Lengkap",
        "Nama Peserta",
        "Nama Pekerja",
        "Nama Tenaga Kerja",
        "Nama Sesuai KTP",
        "Nama (Sesuai KTP)",
        "Name",
        "Full Name",
    ),
    "sex": (
        "Jenis Kelamin",
        "JK",
        "L/P",
        "LP",
        "Kelamin",
        "Gender",
        "Sex",
        "Jns Kelamin",
        "J. Kelamin",
    ),
    "birth_date": (
        "Tanggal Lahir",
        "Tgl Lahir",
        "Tgl. Lahir",
        "Tgl Lhr",
        "Tanggal Lhr",
        "Birth Date",
        "Date of Birth",
        "DOB",
        "Birthdate",
        "Tanggal Kelahiran",
    ),
    "birth_place": (
        "Tempat Lahir",
        "Tempat Kelahiran",
        "Tmp Lahir",
        "Tmpt Lahir",
        "Place of Birth",
        "Birth Place",
    ),
    "village_code": (
        "Kode Desa",
        "Kode Kelurahan",
        "Kode Desa/Kelurahan",
        "Kode Nagari",
        "Kode Gampong",
        "Kode Wilayah",
        "Village Code",
        "Kode Kemendagri",
    ),
    "village_name": (
        "Desa",
        "Kelurahan",
        "Desa/Kelurahan",
        "Desa / Kelurahan",
        "Nagari",
        "Gampong",
        "Kel/Desa",
        "Desa/Kel",
        "Kel./Desa",
        "Nama Desa",
        "Nama Kelurahan",
        "Village",
    ),
    "occupation": (
        "Pekerjaan",
        "Jenis Pekerjaan",
        "Profesi",
        "Mata Pencaharian",
        "Pekerjaan Utama",
        "Occupation",
        "Job",
    ),
    "dtsen_decile": (
        "Desil",
        "Desil DTSEN",
        "DTSEN",
        "Desil DTKS",
        "Decile",
        "Peringkat Desil",
        "Desil Kesejahteraan",
    ),
    "monthly_income": (
        "Penghasilan",
        "Penghasilan per Bulan",
        "Penghasilan Perbulan",
        "Pendapatan",
        "Pendapatan per Bulan",
        "Pendapatan Perbulan",
        "Gaji",
        "Upah",
        "Income",
        "Monthly Income",
        "Penghasilan (Rp)",
        "Pendapatan (Rp)",
    ),
    "phone": (
        "No HP",
        "No. HP",
        "Nomor HP",
        "HP",
        "No Telp",
        "No. Telp",
        "Telepon",
        "No Telepon",
        "Nomor Telepon",
        "No. WA",
        "No WA",
        "WhatsApp",
        "Phone",
        "Mobile",
        "Telp/HP",
        "No HP/WA",
    ),
    "kk_number": ("No KK", "No. KK", "Nomor KK", "Nomor Kartu Keluarga", "KK", "Family Card"),
    "has_disability": (
        "Disabilitas",
        "Penyandang Disabilitas",
        "Difabel",
        "Disability",
        "Ket. Disabilitas",
    ),
    "address": ("Alamat", "Alamat Lengkap", "Address", "Alamat Domisili", "Alamat Sesuai KTP"),
    # Read to find the village by name inside a regency (SIAK writes "Kecamatan" and "Desa/Kel" by name).
    "district_name": ("Kecamatan", "Nama Kecamatan", "Kec", "Kec.", "District"),
    # Checked against the Dukcapil code lists (payung.imports.codelists), not stored: the registry has no
    # field for them.
    "marital_status": ("Status Perkawinan", "Status Kawin", "Status Nikah", "Marital Status"),
    "education": ("Pendidikan", "Pendidikan Terakhir", "Pendidikan dalam KK", "Education"),
    # Alive, dead, moved (SIAK "Status", OpenSID status_dasar): a dead person is refused.
    "life_status": ("Status Dasar", "Status Hidup"),
}

# Columns that are known but deliberately not imported (row numbers, etc.).
IGNORED: tuple[str, ...] = (
    "No",
    "No.",
    "No Urut",
    "Nomor Urut",
    "Nomor",
    "#",
    "Keterangan",
    "Ket",
    # Columns the import's error report adds (payung.imports.report), so a fixed report re-uploads cleanly.
    "Baris Asal",
    "Kesalahan",
    "Peringatan",
)

FIELDS: tuple[str, ...] = tuple(SYNONYMS)

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_header(text: object) -> str:
    """Lower-case, strip everything that is not a letter or digit."""
    return _NON_ALNUM.sub("", str(text or "").lower())


_LOOKUP: dict[str, str] = {
    normalise_header(spelling): field for field, spellings in SYNONYMS.items() for spelling in spellings
}
_IGNORED_KEYS = frozenset(normalise_header(s) for s in IGNORED)


def field_for(header: object, extra: Mapping[str, str] | None = None) -> str | None:
    """The canonical field a header cell means, or ``None``.

    ``extra`` maps normalised header text to a field (an operator's remembered
    column mapping) and wins over the built-in synonyms.
    """
    key = normalise_header(header)
    if not key:
        return None
    if extra and key in extra:
        return extra[key] or None
    return _LOOKUP.get(key)


def is_ignored(header: object) -> bool:
    return normalise_header(header) in _IGNORED_KEYS


def match_headers(headers: Iterable[object], extra: Mapping[str, str] | None = None) -> dict[int, str]:
    """Column index -> canonical field, first column wins when a field repeats."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        field = field_for(header, extra)
        if field and field not in taken:
            mapping[index] = field
            taken.add(field)
    return mapping
