"""The one upload check (core.uploads): types by name and content, the zip limits read from
the zip's directory, a workbook's sheet dimensions — each refusal with its precise message.

The public surfaces (upload page, evidence, workbook imports) have their own tests in
their apps; these pin the rules themselves."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
from typing import Any

import openpyxl
import pytest

from chidao.core import uploads
from chidao.core.tests.zipbombs import Bomb, build_zip, shared_strings_bomb, with_members


def _xlsx(rows: int = 3) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for n in range(1, rows + 1):
        sheet.append([f"Dòng {n}", n])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _refusal(call: Any, *args: Any, **kwargs: Any) -> uploads.UploadRefused:
    with pytest.raises(uploads.UploadRefused) as exc:
        call(*args, **kwargs)
    return exc.value


def test_an_ordinary_workbook_and_zip_pass() -> None:
    uploads.check_workbook(_xlsx())
    members = uploads.check_zip(build_zip({"a.txt": b"xin chao", "b/c.txt": b"x" * 5000}))
    assert [m.filename for m in members] == ["a.txt", "b/c.txt"]


def test_shared_strings_of_one_gibibyte_are_refused_from_the_directory() -> None:
    bomb = with_members(_xlsx(), xl__sharedStrings_dot_xml=shared_strings_bomb(1024))
    assert len(bomb) < 1_200_000  # about a megabyte on disk
    tracemalloc.start()
    refused = _refusal(uploads.check_workbook, bomb)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert refused.code == "limit"
    assert refused.message == (
        "Tệp Excel có phần nén bất thường (xl/sharedStrings.xml: tỷ lệ nén 1.010:1, tối đa "
        "100:1) — có thể là tệp độc hại; hệ thống từ chối."
    )
    assert peak < 20 * 1024 * 1024  # nothing was inflated


def test_a_part_above_the_size_limit_is_refused_even_when_it_compresses_plainly(
    settings: Any,
) -> None:
    settings.UPLOAD_ZIP_PART_MAX_MB = 1
    settings.UPLOAD_ZIP_TOTAL_MAX_MB = 1
    refused = _refusal(uploads.check_zip, build_zip({"so-lieu.bin": Bomb(2)}), suffix=".zip")
    assert refused.message.startswith("Tệp nén .zip có phần nén bất thường (so-lieu.bin: tỷ lệ")
    settings.UPLOAD_ZIP_MAX_RATIO = 100_000
    refused = _refusal(uploads.check_zip, build_zip({"so-lieu.bin": Bomb(2)}), suffix=".zip")
    assert refused.message == (
        "Tệp nén .zip có phần quá lớn khi giải nén (so-lieu.bin: 2 MB; tối đa 1 MB) — có "
        "thể là tệp độc hại; hệ thống từ chối."
    )
    settings.UPLOAD_ZIP_PART_MAX_MB = 2
    refused = _refusal(
        uploads.check_zip, build_zip({"a.bin": Bomb(1), "b.bin": Bomb(1)}), suffix=".docx"
    )
    assert refused.message == (
        "Tệp Word quá lớn khi giải nén (2 MB; tối đa 1 MB) — có thể là tệp độc hại; hệ "
        "thống từ chối."
    )


def test_too_many_members_declared_are_refused_before_zipfile_reads_them(settings: Any) -> None:
    settings.UPLOAD_ZIP_MAX_MEMBERS = 5
    many = build_zip({f"anh-{n}.txt": b"x" for n in range(6)})
    assert _refusal(uploads.check_zip, many).message == (
        "Tệp nén .zip có quá nhiều thành phần (6; tối đa 5) — có thể là tệp độc hại; hệ thống "
        "từ chối."
    )
    # An end record that claims 65,000 members: refused from those 22 bytes alone.
    lying = bytearray(build_zip({"a.txt": b"x"}))
    end = lying.rfind(b"PK\x05\x06")
    lying[end + 8 : end + 12] = struct.pack("<HH", 65_000, 65_000)
    assert "(65.000; tối đa 5)" in _refusal(uploads.check_zip, bytes(lying)).message


def test_a_sheet_declaring_a_million_rows_or_too_many_columns_is_refused() -> None:
    data = _xlsx()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1:B3"/>' in sheet
    tall = with_members(
        data,
        xl__worksheets__sheet1_dot_xml=sheet.replace(b"A1:B3", b"A1:B1000000"),
    )
    assert _refusal(uploads.check_workbook, tall).message == (
        "Tệp Excel có quá nhiều dòng (1.000.000 dòng; tối đa 100.000 dòng); hãy chia thành "
        "nhiều tệp."
    )
    wide = with_members(data, xl__worksheets__sheet1_dot_xml=sheet.replace(b"A1:B3", b"A1:ZZ3"))
    assert _refusal(uploads.check_workbook, wide).message == (
        "Tệp Excel có quá nhiều cột (702 cột; tối đa 200 cột); hãy xoá các cột thừa."
    )


@pytest.mark.parametrize(
    ("head", "found"),
    [
        (b'<worksheet><dimension ref="A1:H9"/>', (9, 8)),
        (b'<x:worksheet><x:dimension ref="C7"/>', (7, 3)),
        (b"<worksheet><sheetData/>", (0, 0)),
        (b'<dimension ref="A1:XFD1048576"/>', (1_048_576, 16_384)),
    ],
)
def test_sheet_dimension_reads_the_last_cell(head: bytes, found: tuple[int, int]) -> None:
    assert uploads.sheet_dimension(head) == found


@pytest.mark.parametrize(
    ("name", "data", "allowed", "message"),
    [
        (
            "virus.exe",
            b"MZ\x90\x00",
            uploads.EVIDENCE_TYPES,
            "Định dạng tệp không được hỗ trợ (.exe): không thuộc loại được phép (.doc, .docx, "
            ".jpg, .pdf, .png, .xls, .xlsx, .zip).",
        ),
        ("anh.png", b"%PDF-1.4 ...", uploads.EVIDENCE_TYPES, "định dạng .png"),
        ("so-lieu.xlsx", b"khong phai excel", uploads.EVIDENCE_TYPES, "định dạng .xlsx"),
        ("hong.zip", b"PK\x03\x04 cut short", uploads.EVIDENCE_TYPES, "Tệp .zip bị hỏng"),
        ("rong.pdf", b"", uploads.EVIDENCE_TYPES, "Tệp rỗng"),
        ("thieu.docx", build_zip({"a.xml": b"<a/>"}), uploads.DIRECTIVE_TYPES, "word/document.xml"),
    ],
)
def test_wrong_type_and_corrupt_files_are_refused(
    name: str, data: bytes, allowed: tuple[str, ...], message: str
) -> None:
    assert message in _refusal(uploads.check_file, name, data, allowed=allowed).message


def test_accepted_file_has_its_safe_name_type_size_and_hash() -> None:
    checked = uploads.check_file(
        "C:\\Users\\a\\Báo cáo.PDF", b"%PDF-1.4\n%%EOF\n", allowed=uploads.EVIDENCE_TYPES
    )
    assert (checked.name, checked.suffix, checked.content_type, checked.size) == (
        "Báo cáo.pdf",
        ".pdf",
        "application/pdf",
        15,
    )
    assert len(checked.sha256) == 64


def test_size_limit_names_the_size_found(settings: Any) -> None:
    settings.UPLOAD_MAX_MB = 2
    assert _refusal(uploads.check_size, 5 * 1024 * 1024 + 1).message == (
        "Tệp quá lớn (5,1 MB); giới hạn là 2 MB."
    )
