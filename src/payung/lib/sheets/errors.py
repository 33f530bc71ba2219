"""Coded problems found while reading a worker list.

Every problem has a stable machine ``code`` (used in JSON output, tests and
translations) and a ``message`` in Bahasa Indonesia for the operator.
"""

from __future__ import annotations

from dataclasses import dataclass

# File-level problems: the file cannot be read at all.
FILE_MESSAGES: dict[str, str] = {
    "empty_file": "Berkas kosong.",
    "file_too_large": "Berkas terlalu besar: {size_mb} MB, batasnya {limit_mb} MB.",
    "not_spreadsheet": ("Berkas ini bukan lembar kerja ({kind}). Unggah berkas .xlsx, .xls, .ods atau .csv."),
    "corrupt_workbook": "Berkas lembar kerja rusak atau tidak dapat dibaca.",
    "encrypted_workbook": (
        "Berkas dilindungi kata sandi. Buka di Excel, hapus kata sandinya, simpan, lalu unggah lagi."
    ),
    "zip_bomb": (
        "Isi berkas setelah dibuka terlalu besar ({size_mb} MB, batasnya {limit_mb} MB); berkas ditolak demi keamanan."
    ),
    # The zip_bomb of a forged directory: more comes out of a member than its stated size.
    "zip_size_forged": (
        "Isi berkas setelah dibuka lebih besar daripada ukuran yang dinyatakan berkas itu sendiri "
        "({declared} byte); berkas dibuat untuk menipu pemeriksaan dan ditolak demi keamanan."
    ),
    "bad_encoding": "Pengodean teks berkas CSV tidak dikenali. Simpan ulang sebagai CSV UTF-8.",
    "broken_utf8": (
        "Berkas CSV ini ditulis sebagai UTF-8, tetapi baris {line} berisi byte yang bukan UTF-8 "
        "(berkas rusak atau digabung dari berkas lain). Simpan ulang sebagai CSV UTF-8, lalu unggah lagi."
    ),
    "no_line_end": (
        "Berkas teks ini tidak berisi akhir baris dalam {limit_mb} MB pertamanya, jadi bukan daftar "
        "(satu baris per orang). Simpan ulang daftar sebagai CSV atau unggah berkas .xlsx."
    ),
    "too_many_columns": (
        "Lembar kerja berisi {columns} kolom; batasnya {limit}. Hapus kolom yang tidak dipakai, lalu unggah lagi."
    ),
    "no_rows": (
        "Berkas hanya berisi judul kolom (baris {header_row}), tanpa baris data di bawahnya. "
        "Isi daftar pekerjanya, lalu unggah lagi."
    ),
    "no_sheet": "Lembar kerja tidak berisi data.",
    "no_village_column": (
        "Berkas ini tidak berisi kolom desa (ekspor OpenSID melayani satu desa). "
        "Pilih desa untuk seluruh berkas, lalu periksa lagi."
    ),
    "other_village_file": (
        "Berkas ini berisi penduduk desa lain, bukan {village}; Anda hanya dapat mengimpor penduduk {village}."
    ),
    "no_nik_column": (
        "Kolom NIK tidak ditemukan pada 15 baris pertama. Pastikan ada kolom berjudul NIK "
        "(atau No. KTP / Nomor Induk Kependudukan)."
    ),
    # A header row chosen by a person that cannot be used.
    "header_row_invalid": "Baris judul kolom harus nomor 1 sampai {limit} (tertulis: {row}).",
    "header_row_outside": (
        "Baris {row} tidak ada: lembar kerja ini hanya berisi {rows} baris. Pilih baris judul kolom yang lain."
    ),
    "header_row_blank": "Baris {row} kosong. Pilih baris yang berisi judul kolom.",
    "header_row_is_data": (
        "Baris {row} berisi data seseorang (NIK atau nomor telepon), bukan judul kolom. "
        "Pilih baris yang berisi judul kolom seperti NIK, Nama, Tgl Lahir."
    ),
    "no_nik_in_header_row": (
        "Baris {row} yang dipilih sebagai judul kolom tidak berisi kolom NIK. "
        "Tunjukkan kolom NIK-nya di bawah, atau pilih baris judul kolom yang lain."
    ),
}

# Row-level problems: one cell of one row.
ROW_MESSAGES: dict[str, str] = {
    "required": "Kolom {field} wajib diisi.",
    "nik_as_number": (
        "NIK tersimpan sebagai angka sehingga digit terakhirnya hilang ({value}). "
        "Format kolom NIK sebagai Teks di Excel, ketik ulang NIK-nya, lalu unggah lagi."
    ),
    "nik_invalid": "NIK harus 16 angka (tertulis: {value}).",
    "date_invalid": "Tanggal tidak dikenali: {value}. Gunakan format hh/bb/tttt, mis. 12/03/1980.",
    "date_out_of_range": "Tanggal tidak masuk akal: {value}.",
    "sex_invalid": "Jenis kelamin tidak dikenali: {value}. Gunakan L atau P.",
    "village_invalid": "Kode desa harus 10 angka (mis. 73.16.01.2001), tertulis: {value}.",
    "village_unknown": "Desa/kelurahan tidak ditemukan: {value}.",
    "village_ambiguous": "Nama desa {value} ada lebih dari satu; gunakan kode desa.",
    "village_ambiguous_among": "Nama desa {value} ada lebih dari satu: {candidates}. Gunakan kode desa.",
    "code_unknown": "Isian {value} tidak ada dalam daftar {codes} Dukcapil; periksa isian ini.",
    "village_needs_district": "Desa ditulis dengan nama ({value}); pilih kecamatan berkas ini atau gunakan kode desa.",
    "income_invalid": "Penghasilan tidak dikenali: {value}. {reason}",
    "income_implausible": (
        "Penghasilan {value} per bulan tidak masuk akal (batasnya Rp{limit}); periksa jumlah nolnya."
    ),
    "text_too_long": "Isian terlalu panjang: {length} karakter, batasnya {limit}.",
    "text_control_chars": (
        "Isian berisi karakter kendali yang tak terlihat ({chars}); ketik ulang isian ini."
    ),
    "phone_invalid": "Nomor HP tidak dikenali: {value}.",
    "decile_invalid": "Desil harus angka 1 sampai 10 (tertulis: {value}).",
    "kk_invalid": "Nomor KK harus 16 angka (tertulis: {value}).",
    "kk_as_number": (
        "Nomor KK tersimpan sebagai angka sehingga digit terakhirnya hilang ({value}). "
        "Format kolom sebagai Teks di Excel."
    ),
    "boolean_invalid": "Isian tidak dikenali: {value}. Gunakan Ya atau Tidak.",
    "occupation_unknown": "Pekerjaan {value} tidak ada di daftar; dicatat sebagai Lainnya.",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One coded problem: ``code`` is stable, ``message`` is for people."""

    code: str
    message: str


def row_problem(code: str, **params: object) -> Problem:
    return Problem(code, ROW_MESSAGES[code].format(**params))


class SheetError(Exception):
    """The file as a whole cannot be read; nothing in it may be imported."""

    def __init__(self, code: str, *, wording: str | None = None, **params: object) -> None:
        """``wording`` names another message of :data:`FILE_MESSAGES` for the same ``code``."""
        self.code = code
        self.params = params
        self.message = FILE_MESSAGES[wording or code].format(**params)
        super().__init__(f"{code}: {self.message}")
