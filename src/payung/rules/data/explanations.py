"""What a screen says about a rule version: plain Bahasa Indonesia, no source codes, no developer notes.

`RuleVersion.note` is the internal note (English, with the research notes' source IDs, for docs and
reviewers). The text here is the one officers read; screens translate it through the English
catalogue. Every version that is not confirmed says here why (tests/rules/test_explanations.py).
Keys are (rule, first day of the version).
"""

from __future__ import annotations

from datetime import date

START = date(2015, 7, 1)
PP82 = date(2019, 12, 2)

_PP82_DATE = "Tanggal mulai PP 82/2019 (2 Desember 2019) belum dipastikan."
_PP50 = (
    "Potongan 50 % iuran JKK dan JKM bagi peserta BPU, otomatis, manfaat tetap. Tidak berlaku bagi "
    "peserta yang iurannya dibayar APBN atau APBD. Belum ada sumber apakah APBDes/Dana Desa termasuk APBD."
)
_COVID = (
    "Iuran JKK dan JKM BPU dipotong menjadi 1 % dari normal (JKM Rp68) selama Agustus 2020 - Januari 2021. "
    "Belum diketahui apakah peserta yang didanai pemerintah dikecualikan."
)
_JP_CAP_TABLE = "Nilai dari tabel penggajian yang terbit; nomor surat BPJS belum ditemukan."

EXPLANATIONS: dict[tuple[str, date], str] = {
    ("bpu.income_brackets", START): (
        "Iuran BPU dihitung dari nilai nominal penghasilan menurut baris Lampiran II, bukan dari penghasilan "
        "persisnya. Pasti: sampai Rp1.099.999 dihitung dari Rp1.000.000; Rp1.100.000-1.299.999 dari "
        "Rp1.200.000 (JKK Rp12.000). Baris di atasnya belum ditemukan: Payung memakai pola yang sama, baris "
        "Rp200.000 dengan nilai tengahnya (Rp1.300.000-1.499.999 dari Rp1.400.000), belum pasti."
    ),
    ("bpu.discount.transportasi", date(2020, 8, 1)): _COVID,
    ("bpu.discount.lainnya", date(2020, 8, 1)): _COVID,
    (
        "bpu.discount.transportasi",
        date(2026, 1, 1),
    ): f"Sektor transportasi, Januari 2026 - Maret 2027. {_PP50}",
    ("bpu.discount.lainnya", date(2026, 4, 1)): f"Sektor lainnya, April - Desember 2026. {_PP50}",
    ("pu.jp.wage_cap", START): "Batas dasar tahun 2015; sejak Maret 2016 BPJS menaikkannya setiap tahun.",
    **{("pu.jp.wage_cap", date(year, 3, 1)): _JP_CAP_TABLE for year in range(2016, 2021)},
    ("pu.jp.wage_cap", date(2021, 3, 1)): (
        "Satu sumber saja; lebih rendah dari 2020 karena pertumbuhan ekonomi 2020 negatif."
    ),
    ("pu.jp.wage_cap", date(2022, 3, 1)): "Bulan mulai (Maret 2022) disimpulkan dari pola tahunan.",
    ("pu.jp.wage_cap", date(2026, 3, 1)): "Nilai pasti; satu sumber menulis nomor surat B/3307/022026.",
    ("pu.jkp.rate", date(2021, 2, 1)): (
        "Tanpa biaya tambahan bagi pemberi kerja atau pekerja. Bulan iuran pertama (Februari 2021) diasumsikan."
    ),
    ("pu.jkp.rate", date(2025, 2, 1)): (
        "0,22 % dibayar pemerintah pusat dan 0,14 % dari iuran JKK pemberi kerja. Berlaku mulai bulan iuran "
        "Februari 2025 (PP 6/2025 berlaku 7 Februari 2025)."
    ),
    ("pu.jkp.rate.government", date(2021, 2, 1)): (
        "Pembagian 0,46 % menurut PP 37/2021 belum ditemukan; dianggap sama dengan PP 6/2025."
    ),
    ("pu.jkp.rate.government", date(2025, 2, 1)): "Satu sumber.",
    (
        "pu.jkp.wage_cap",
        date(2021, 2, 1),
    ): "Rp5.000.000 pasti untuk PP 6/2025; untuk PP 37/2021 belum diperiksa.",
    ("jkm.lump_sum", PP82): _PP82_DATE,
    ("jkm.periodic", PP82): f"24 bulan dibayar sekaligus. {_PP82_DATE}",
    ("jkm.funeral", PP82): _PP82_DATE,
    ("scholarship.table", START): "Sebelum PP 82/2019: satu kali Rp12 juta setelah 5 tahun masa iur.",
    ("scholarship.table", PP82): (
        "Per anak per tahun, paling banyak 2 anak (Rp174 juta). Beasiswa JKM (meninggal bukan karena "
        "kecelakaan kerja) mensyaratkan masa iur paling sedikit 3 tahun; beasiswa JKK (meninggal atau cacat "
        "total tetap karena kecelakaan kerja) tanpa syarat masa iur. Syarat anak (belum menikah, belum "
        f"bekerja, di bawah 23 tahun) belum diperiksa Payung. {_PP82_DATE}"
    ),
    ("jkk.death.minimum", START): "Satu sumber menyebut santunan paling sedikit Rp20 juta.",
    ("jkk.funeral", START): "Sebelum PP 82/2019; nilainya disamakan dengan JKM dan belum diperiksa.",
    ("jkk.funeral", PP82): _PP82_DATE,
    ("jkk.periodic", START): "Sebelum PP 82/2019; nilainya disamakan dengan JKM dan belum diperiksa.",
    ("jkk.periodic", PP82): _PP82_DATE,
    (
        "jkk.incapacity_schedule",
        START,
    ): "Sebelum PP 82/2019: 6 bulan 100 %, 6 bulan 75 %, lalu 50 %; satu sumber.",
    ("jkk.incapacity_schedule", PP82): f"100 % upah selama 12 bulan, lalu 50 % sampai sembuh. {_PP82_DATE}",
    ("jht.waiting_months", START): (
        "Berhenti bekerja (mengundurkan diri, PHK, kontrak berakhir, peserta BPU berhenti bekerja) dibayar "
        "sekaligus setelah masa tunggu 1 bulan."
    ),
    ("bill.due_day", START): (
        "PP 44/2015 menetapkan tanggal 15 sebagai batas bayar iuran pemberi kerja; batas bagi donatur peserta "
        "BPU belum ditemukan. Payung menagih setiap bulan iuran pada tanggal 15."
    ),
    ("membership.lapse_after_unpaid_months", START): (
        "Setelah lebih dari 3 bulan berturut-turut tidak dibayar, kepesertaan BPU berakhir; tunggakan masih "
        "dapat dibayar sampai 3 bulan setelah perlindungan berhenti. Satu sumber (SOP BPJS 2022)."
    ),
    (
        "eligibility.min_age",
        START,
    ): "BPS menghitung penduduk usia kerja mulai 15 tahun; skema boleh memakai usia lebih tinggi.",
    ("eligibility.max_age", START): (
        "Belum ada aturan batas usia peserta BPU yang ditemukan; 65 tahun mengikuti praktik pemda (PPU: 18-65)."
    ),
    ("claim.jkk.report_days", START): (
        "Kecelakaan kerja dilaporkan tahap I paling lambat 2 × 24 jam oleh pemberi kerja atau peserta BPU sendiri. "
        "Satu sumber."
    ),
    ("claim.lapse_years", START): (
        "Sebelum PP 82/2019 hak klaim disebut gugur 2 tahun setelah kejadian; pasalnya belum dibaca. Admin dapat "
        "membetulkannya."
    ),
    ("claim.lapse_years", PP82): (
        "Hak klaim gugur 5 tahun setelah kejadian menurut PP 82/2019; pasalnya belum dibaca. Admin dapat "
        "membetulkannya. " + _PP82_DATE
    ),
    ("scholarship.max_age", PP82): (
        "Beasiswa dibayar setiap tahun sampai anak berusia 23 tahun, menikah atau bekerja. Satu sumber. "
        + _PP82_DATE
    ),
}
