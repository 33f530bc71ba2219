"""Known layouts: the files of the systems villages already run, recognised by their headers.

A village operator exports a list from OpenSID, or gets one from Dukcapil's SIAK or the DTSEN; each of
those writes its own headers and codes. A :class:`Layout` says how to read one of them: which headers
mean which field (on top of the synonyms of :mod:`payung.lib.sheets.headers`), which columns hold codes
of which code list (the lists themselves are data of ``payung.imports.codelists``), and what the file
lacks (OpenSID serves one village and writes no village column). A file is taken for a layout when all
of the layout's ``signature`` headers are in its header row; the most specific layout wins. Anything
else is a free layout, read by the synonyms alone, as before. To add a layout: docs/imports.md, "How
to: add a layout".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from payung.lib.sheets.headers import normalise_header


@dataclass(frozen=True)
class Layout:
    key: str
    # As the job page names it ("Ekspor OpenSID (penduduk)"); translated there.
    name: str
    # Headers (as written by the system) that must all be present for a file to be this layout.
    signature: tuple[str, ...]
    # Header as written -> field, for headers the synonyms do not know or must read otherwise here.
    headers: Mapping[str, str] = field(default_factory=dict)
    # Field -> name of the code list its column holds (codes or the list's labels).
    coded: Mapping[str, str] = field(default_factory=dict)
    # Where the sample comes from (docs and the job page).
    source: str = ""
    # The file has no sex column but every row has a NIK: the sex is the NIK's (day + 40 = female).
    sex_from_nik: bool = False
    # A list that only completes registered workers (a DTSEN decile list): fields it needs per row.
    completes_only: bool = False
    required: tuple[str, ...] = ("nik", "name", "sex", "birth_date", "village")

    def header_fields(self) -> dict[str, str]:
        """Normalised header -> field, as :func:`payung.lib.sheets.headers.field_for` takes ``extra``."""
        return {normalise_header(text): name for text, name in self.headers.items()}

    def matches(self, keys: set[str]) -> bool:
        return all(normalise_header(text) in keys for text in self.signature)


OPENSID_SOURCE = "OpenSID (github.com/OpenSID/OpenSID), assets/import/contoh_penduduk.xlsx, v2410.0.0"

OPENSID_POPULATION = Layout(
    key="opensid_penduduk",
    name="Ekspor OpenSID (penduduk)",
    signature=("nik", "sex", "tanggallahir", "pekerjaan_id", "kk_level"),
    headers={
        "nama": "name",
        "no_kk": "kk_number",
        "tempatlahir": "birth_place",
        "tanggallahir": "birth_date",
        "sex": "sex",
        "pekerjaan_id": "occupation",
        "cacat_id": "has_disability",
        "status_kawin": "marital_status",
        "pendidikan_kk_id": "education",
        "status_dasar": "life_status",
        "alamat": "address",
    },
    coded={
        "sex": "sex",
        "occupation": "occupation",
        "has_disability": "disability",
        "marital_status": "marital_status",
        "education": "education",
        "life_status": "life_status",
    },
    source=OPENSID_SOURCE,
)

OPENSID_BENEFICIARIES = Layout(
    key="opensid_peserta",
    name="Ekspor OpenSID (peserta bantuan)",
    signature=("Peserta", "No. Peserta", "NIK", "Nama", "Tanggal Lahir"),
    headers={"Peserta": "", "No. Peserta": "", "Tempat Lahir": "birth_place", "Alamat": "address"},
    source="OpenSID, assets/import/format_impor_program_bantuan.xlsx (lembar Peserta), v2410.0.0",
    sex_from_nik=True,
)

SIAK = Layout(
    key="siak",
    name="Ekspor SIAK (Dukcapil)",
    signature=("NIK", "Nama Penduduk", "Kelamin", "Desa/Kel"),
    headers={
        "Nomor KK": "kk_number",
        "Nama Penduduk": "name",
        "Status": "life_status",
        "Kelamin": "sex",
        "Status Kawin": "marital_status",
        "Kecamatan": "district_name",
        "Desa/Kel": "village_name",
        "Pendidikan": "education",
        "Pekerjaan": "occupation",
        "Cacat": "has_disability",
    },
    coded={
        "sex": "sex",
        "occupation": "occupation",
        "has_disability": "disability",
        "marital_status": "marital_status",
        "education": "education",
        "life_status": "life_status",
    },
    source="OpenSID, assets/import/format_siak.xls (the SIAK export layout OpenSID imports), v2410.0.0",
)

DTSEN = Layout(
    key="dtsen",
    name="Daftar desil DTSEN",
    signature=("NIK", "Desil"),
    headers={"Desil Kesejahteraan": "dtsen_decile", "desil": "dtsen_decile"},
    source="DTSEN (Data Tunggal Sosial dan Ekonomi Nasional, Inpres 4/2025): NIK dan desil kesejahteraan",
    completes_only=True,
    required=("nik", "dtsen_decile"),
)

LAYOUTS: tuple[Layout, ...] = (OPENSID_POPULATION, OPENSID_BENEFICIARIES, SIAK, DTSEN)
BY_KEY = {layout.key: layout for layout in LAYOUTS}
_DTSEN_DECILE = {normalise_header(h) for h in ("Desil", "Desil Kesejahteraan")}
# A DTSEN list says no more than who and which decile: a header beyond these makes it another list.
_DTSEN_EXTRA = {
    normalise_header(h) for h in ("No", "No.", "Nama", "Nama Lengkap", "Kode Desa", "Desa", "NO KK")
}


def recognise(headers: Iterable[object]) -> Layout | None:
    """The known layout of a header row, or ``None`` (a free layout)."""
    keys = {normalise_header(text) for text in headers} - {""}
    for layout in (OPENSID_POPULATION, OPENSID_BENEFICIARIES, SIAK):
        if layout.matches(keys):
            return layout
    if "nik" in keys and keys & _DTSEN_DECILE and not keys - _DTSEN_DECILE - _DTSEN_EXTRA - {"nik"}:
        return DTSEN
    return None
