import io
import zipfile

import pytest

from payung.lib.sheets import Format, SheetError, read_sheet, sniff

from .builders import ROWS, csv_text, xlsx


def code_of(data: bytes, **kwargs) -> str:
    with pytest.raises(SheetError) as caught:
        read_sheet(data, **kwargs)
    return caught.value.code


def test_it_recognises_formats_by_their_bytes_not_their_name():
    assert sniff(xlsx(ROWS)) is Format.XLSX
    assert sniff(csv_text(ROWS).encode()) is Format.CSV


def test_it_refuses_a_pdf_renamed_xlsx():
    assert code_of(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n") == "not_spreadsheet"


def test_it_refuses_a_png_renamed_xlsx():
    with pytest.raises(SheetError) as caught:
        read_sheet(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100))
    assert caught.value.code == "not_spreadsheet"
    assert "PNG" in caught.value.message


def test_it_refuses_binary_junk():
    assert code_of(bytes(range(256)) * 10) == "not_spreadsheet"


def test_it_refuses_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert code_of(buffer.getvalue()) == "not_spreadsheet"


def test_it_refuses_a_corrupt_workbook():
    data = xlsx(ROWS)
    assert code_of(data[: len(data) // 2]) == "corrupt_workbook"


def test_it_refuses_a_workbook_with_garbage_inside():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "this is not xml")
    assert code_of(buffer.getvalue()) == "corrupt_workbook"


def test_it_refuses_a_password_protected_workbook(fixtures):
    assert code_of((fixtures / "locked.xlsx").read_bytes()) == "encrypted_workbook"


def test_it_refuses_a_zip_bomb_before_unpacking_it():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 100_000
    assert code_of(data) == "zip_bomb"


def test_it_refuses_a_workbook_that_unpacks_past_the_limit():
    assert code_of(xlsx(ROWS), max_uncompressed=1000) == "zip_bomb"


def test_it_refuses_a_file_over_the_size_limit():
    with pytest.raises(SheetError) as caught:
        read_sheet(csv_text(ROWS * 50).encode(), max_bytes=1024)
    assert caught.value.code == "file_too_large"
    assert "batasnya 0" in caught.value.message


@pytest.mark.parametrize("data", [b"", b"   \r\n", b"\xef\xbb\xbf"])
def test_it_refuses_an_empty_file(data):
    assert code_of(data) == "empty_file"


def test_it_refuses_a_list_without_a_nik_column():
    assert code_of(b"Nama,Alamat\nBudi,Jl. Mawar\n") == "no_nik_column"
    assert code_of(xlsx(ROWS, header=["No", "Nomor Peserta", "Nama"])) == "no_nik_column"


def test_the_nik_header_must_be_within_the_first_fifteen_rows():
    assert read_sheet(xlsx(ROWS, title_rows=14)).header_row == 15
    assert code_of(xlsx(ROWS, title_rows=15)) == "no_nik_column"


def test_without_a_nik_header_the_error_carries_the_likeliest_header_row():
    with pytest.raises(SheetError) as caught:
        read_sheet(b"DAFTAR\n\nNo;Nomor Warga;Nama\n1;3203010101800001;Budi\n")
    assert caught.value.params == {"header_row": 3, "headers": ["No", "Nomor Warga", "Nama"]}
