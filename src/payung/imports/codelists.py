"""Dukcapil's code lists as OpenSID and SIAK write them, and what each entry means in Payung.

OpenSID writes a person's sex, occupation, disability, marital status and education as the ids of its
reference tables (``sex`` 1/2, ``pekerjaan_id`` 1-89, ``cacat_id`` 1-7 ...); SIAK writes the same
entries by their labels ("Laki-Laki", "Karyawan Swasta", "Cacat Rungu/Wicara"). Both come from the
Dukcapil reference lists. A cell is matched by its code or by its label (case, spaces and punctuation
ignored), plus the few other spellings OpenSID's own SIAK import accepts. A value on no list is a row
error naming it: nothing is dropped silently.

Sources (OpenSID v2410.0.0, github.com/OpenSID/OpenSID):
``donjo-app/models/seeders/Data_awal_seeder.php`` (the tables ``tweb_penduduk_sex``,
``tweb_penduduk_pekerjaan``, ``tweb_cacat``, ``tweb_penduduk_kawin``, ``tweb_penduduk_pendidikan_kk``),
``app/Enums/StatusDasarEnum.php`` (status_dasar) and ``donjo-app/models/Impor_model.php`` (the other
spellings of its SIAK import). The occupation list is Dukcapil's (Permendagri 118/2017 on the family
card's data elements uses the same 89 entries); its mapping to Payung's occupations below is our
reading (confidence: medium), kept in this table so it is corrected in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from payung.lib.sheets.parsers import code_key
from payung.registry.occupations import (
    HOMEMAKER,
    NOT_WORKING,
    OTHER,
    RETIRED,
    STUDENT,
)

SOURCE = "OpenSID v2410.0.0, donjo-app/models/seeders/Data_awal_seeder.php (tabel referensi Dukcapil)"


@dataclass(frozen=True)
class Entry:
    code: str
    label: str
    value: object
    spellings: tuple[str, ...] = ()


@dataclass(frozen=True)
class CodeList:
    name: str
    # As a row error names the list ("kode pekerjaan").
    title: str
    source: str
    entries: tuple[Entry, ...]

    def lookup(self) -> dict[str, tuple[object, str]]:
        """key of a code or spelling -> (value, the entry's label)."""
        found: dict[str, tuple[object, str]] = {}
        for entry in self.entries:
            for text in (entry.code, entry.label, *entry.spellings):
                found.setdefault(code_key(text), (entry.value, entry.label))
        return found


SEX = CodeList(
    "sex",
    "kode jenis kelamin",
    SOURCE + "; tweb_penduduk_sex",
    (
        Entry("1", "LAKI-LAKI", "L", ("L", "LK", "Pria")),
        Entry("2", "PEREMPUAN", "P", ("P", "Pr", "Wanita")),
    ),
)

# Dukcapil occupation (id, label) -> Payung occupation code. Formal employment (civil servants, the
# armed forces, company employees, officials, professions) has no informal occupation of its own in
# Payung: it is "Lainnya", with the Dukcapil label kept as the occupation note.
_OCCUPATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "BELUM/TIDAK BEKERJA", NOT_WORKING),
    (2, "MENGURUS RUMAH TANGGA", HOMEMAKER),
    (3, "PELAJAR/MAHASISWA", STUDENT),
    (4, "PENSIUNAN", RETIRED),
    (5, "PEGAWAI NEGERI SIPIL (PNS)", OTHER),
    (6, "TENTARA NASIONAL INDONESIA (TNI)", OTHER),
    (7, "KEPOLISIAN RI (POLRI)", OTHER),
    (8, "PERDAGANGAN", "pedagang"),
    (9, "PETANI/PEKEBUN", "petani"),
    (10, "PETERNAK", "peternak"),
    (11, "NELAYAN/PERIKANAN", "nelayan"),
    (12, "INDUSTRI", OTHER),
    (13, "KONSTRUKSI", "tukang_bangunan"),
    (14, "TRANSPORTASI", "sopir"),
    (15, "KARYAWAN SWASTA", OTHER),
    (16, "KARYAWAN BUMN", OTHER),
    (17, "KARYAWAN BUMD", OTHER),
    (18, "KARYAWAN HONORER", "honorer"),
    (19, "BURUH HARIAN LEPAS", "buruh_harian"),
    (20, "BURUH TANI/PERKEBUNAN", "buruh_tani"),
    (21, "BURUH NELAYAN/PERIKANAN", "nelayan"),
    (22, "BURUH PETERNAKAN", "peternak"),
    (23, "PEMBANTU RUMAH TANGGA", "pekerja_rumah_tangga"),
    (24, "TUKANG CUKUR", OTHER),
    (25, "TUKANG LISTRIK", "tukang_bangunan"),
    (26, "TUKANG BATU", "tukang_bangunan"),
    (27, "TUKANG KAYU", "tukang_bangunan"),
    (28, "TUKANG SOL SEPATU", "pengrajin"),
    (29, "TUKANG LAS/PANDAI BESI", "pengrajin"),
    (30, "TUKANG JAHIT", "pengrajin"),
    (31, "TUKANG GIGI", OTHER),
    (32, "PENATA RIAS", OTHER),
    (33, "PENATA BUSANA", "pengrajin"),
    (34, "PENATA RAMBUT", OTHER),
    (35, "MEKANIK", OTHER),
    (36, "SENIMAN", "seniman"),
    (37, "TABIB", OTHER),
    (38, "PARAJI", OTHER),
    (39, "PERANCANG BUSANA", "pengrajin"),
    (40, "PENTERJEMAH", OTHER),
    (41, "IMAM MASJID", "petugas_keagamaan"),
    (42, "PENDETA", "petugas_keagamaan"),
    (43, "PASTOR", "petugas_keagamaan"),
    (44, "WARTAWAN", OTHER),
    (45, "USTADZ/MUBALIGH", "petugas_keagamaan"),
    (46, "JURU MASAK", OTHER),
    (47, "PROMOTOR ACARA", OTHER),
    (48, "ANGGOTA DPR-RI", OTHER),
    (49, "ANGGOTA DPD", OTHER),
    (50, "ANGGOTA BPK", OTHER),
    (51, "PRESIDEN", OTHER),
    (52, "WAKIL PRESIDEN", OTHER),
    (53, "ANGGOTA MAHKAMAH KONSTITUSI", OTHER),
    (54, "ANGGOTA KABINET KEMENTERIAN", OTHER),
    (55, "DUTA BESAR", OTHER),
    (56, "GUBERNUR", OTHER),
    (57, "WAKIL GUBERNUR", OTHER),
    (58, "BUPATI", OTHER),
    (59, "WAKIL BUPATI", OTHER),
    (60, "WALIKOTA", OTHER),
    (61, "WAKIL WALIKOTA", OTHER),
    (62, "ANGGOTA DPRD PROVINSI", OTHER),
    (63, "ANGGOTA DPRD KABUPATEN/KOTA", OTHER),
    (64, "DOSEN", OTHER),
    (65, "GURU", OTHER),
    (66, "PILOT", OTHER),
    (67, "PENGACARA", OTHER),
    (68, "NOTARIS", OTHER),
    (69, "ARSITEK", OTHER),
    (70, "AKUNTAN", OTHER),
    (71, "KONSULTAN", OTHER),
    (72, "DOKTER", OTHER),
    (73, "BIDAN", OTHER),
    (74, "PERAWAT", OTHER),
    (75, "APOTEKER", OTHER),
    (76, "PSIKIATER/PSIKOLOG", OTHER),
    (77, "PENYIAR TELEVISI", OTHER),
    (78, "PENYIAR RADIO", OTHER),
    (79, "PELAUT", OTHER),
    (80, "PENELITI", OTHER),
    (81, "SOPIR", "sopir"),
    (82, "PIALANG", OTHER),
    (83, "PARANORMAL", OTHER),
    (84, "PEDAGANG", "pedagang"),
    (85, "PERANGKAT DESA", "perangkat_desa"),
    (86, "KEPALA DESA", "perangkat_desa"),
    (87, "BIARAWATI", "petugas_keagamaan"),
    (88, "WIRASWASTA", "pedagang"),
    (89, "LAINNYA", OTHER),
)
OCCUPATION = CodeList(
    "occupation",
    "kode pekerjaan",
    SOURCE + "; tweb_penduduk_pekerjaan (89 pekerjaan Dukcapil)",
    tuple(Entry(str(code), label, value) for code, label, value in _OCCUPATIONS),
)

# Yes/no in Payung: the registry keeps whether a person has a disability, not which.
DISABILITY = CodeList(
    "disability",
    "kode disabilitas",
    SOURCE + "; tweb_cacat",
    (
        Entry("1", "CACAT FISIK", True),
        Entry("2", "CACAT NETRA/BUTA", True),
        Entry("3", "CACAT RUNGU/WICARA", True),
        Entry("4", "CACAT MENTAL/JIWA", True),
        Entry("5", "CACAT FISIK DAN MENTAL", True),
        Entry("6", "CACAT LAINNYA", True),
        Entry("7", "TIDAK CACAT", False, ("Tidak", "-")),
    ),
)

MARITAL_STATUS = CodeList(
    "marital_status",
    "kode status perkawinan",
    SOURCE + "; tweb_penduduk_kawin; Impor_model.php (BK, K, CH, CM); app/Models/Penduduk.php (tercatat)",
    (
        Entry("1", "BELUM KAWIN", "1", ("BK",)),
        Entry("2", "KAWIN", "2", ("K", "Kawin Tercatat", "Kawin Belum Tercatat")),
        Entry("3", "CERAI HIDUP", "3", ("CH", "Cerai Hidup Tercatat", "Cerai Hidup Belum Tercatat")),
        Entry("4", "CERAI MATI", "4", ("CM",)),
    ),
)

EDUCATION = CodeList(
    "education",
    "kode pendidikan",
    SOURCE + "; tweb_penduduk_pendidikan_kk; Impor_model.php (ejaan SIAK lain)",
    (
        Entry("1", "TIDAK / BELUM SEKOLAH", "1", ("Tidak/Blm Sekolah", "Belum Sekolah", "Tidak Sekolah")),
        Entry("2", "BELUM TAMAT SD/SEDERAJAT", "2", ("Tidak Tamat SD/Sederajat", "Tidak Tamat SD")),
        Entry("3", "TAMAT SD / SEDERAJAT", "3", ("SD", "SD/Sederajat", "SD/MI")),
        Entry("4", "SLTP/SEDERAJAT", "4", ("SMP", "SLTP", "SMP/MTs")),
        Entry("5", "SLTA / SEDERAJAT", "5", ("SMA", "SMK", "SLTA", "SMA/SMK", "SMA/MA")),
        Entry("6", "DIPLOMA I / II", "6", ("D1", "D2", "D-1", "D-2")),
        Entry("7", "AKADEMI/ DIPLOMA III/S. MUDA", "7", ("Akademi/Diploma III/Sarjana Muda", "D3", "D-3")),
        Entry("8", "DIPLOMA IV/ STRATA I", "8", ("S1", "D4", "S-1", "Strata I")),
        Entry("9", "STRATA II", "9", ("Strata-II", "S2", "S-2")),
        Entry("10", "STRATA III", "10", ("S3", "S-3")),
    ),
)

ALIVE, DEAD, MOVED, MISSING, GONE, NOT_VALID = "hidup", "mati", "pindah", "hilang", "pergi", "tidak_valid"
LIFE_STATUS = CodeList(
    "life_status",
    "status dasar",
    "OpenSID v2410.0.0, app/Enums/StatusDasarEnum.php; Impor_model.php (PINDAH DALAM/LUAR NEGERI)",
    (
        Entry("1", "Hidup", ALIVE),
        Entry("2", "Mati", DEAD, ("Meninggal", "Meninggal Dunia")),
        Entry("3", "Pindah", MOVED, ("Pindah Dalam Negeri", "Pindah Luar Negeri")),
        Entry("4", "Hilang", MISSING),
        Entry("6", "Pergi", GONE),
        Entry("9", "Tidak Valid", NOT_VALID),
    ),
)

CODE_LISTS: dict[str, CodeList] = {
    codes.name: codes for codes in (SEX, OCCUPATION, DISABILITY, MARITAL_STATUS, EDUCATION, LIFE_STATUS)
}
# Fields read with their code list in every file: no free spelling of them is stored anywhere.
ALWAYS_CODED = {"marital_status": "marital_status", "education": "education", "life_status": "life_status"}


def for_fields(coded: dict[str, str] | None) -> dict[str, tuple[dict[str, tuple[object, str]], str]]:
    """Field -> (lookup, title) for ``normalise``: the layout's coded columns plus :data:`ALWAYS_CODED`."""
    wanted = {**ALWAYS_CODED, **(coded or {})}
    return {
        name: (CODE_LISTS[list_name].lookup(), CODE_LISTS[list_name].title)
        for name, list_name in wanted.items()
    }
