"""Attachments are judged by their bytes: real small files of every accepted kind, and impostors."""

from __future__ import annotations

import hashlib
import io
import struct
import unicodedata
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import make_pdf, make_png

from sangkien.initiatives.filetypes import (
    ALLOWED_KINDS,
    MAX_DOWNLOAD_NAME_BYTES,
    CheckedFile,
    Kind,
    RejectedFile,
    check_upload,
    safe_download_name,
)

MB = 1024 * 1024

# --- real small files, built by hand ---------------------------------------------------------


JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        b"\xff\xd9")
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00"
       b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
WEBP = (b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11"
        b"\x88\x88\xfe\x07\x00")

OOXML_PARTS = {
    Kind.DOCX: ("word/document.xml", "wordprocessingml.document.main+xml",
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
                b'main"><w:body><w:p><w:r><w:t>S\xc3\xa1ng ki\xe1\xba\xbfn</w:t></w:r></w:p>'
                b"</w:body></w:document>"),
    Kind.XLSX: ("xl/workbook.xml", "spreadsheetml.sheet.main+xml",
                b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheets/></workbook>"),
    Kind.PPTX: ("ppt/presentation.xml", "presentationml.presentation.main+xml",
                b'<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/'
                b'2006/main"/>'),
}


def content_types(part: str, content_type: str, doctype: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{content_type}"/>'
        "</Types>"
    )


def make_ooxml(kind: Kind, extra: dict[str, bytes] | None = None,
               main_type: str | None = None, doctype: str = "") -> bytes:
    part, main, body = OOXML_PARTS[kind]
    main_type = main_type or "application/vnd.openxmlformats-officedocument." + main
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/officeDocument" Target="{part}"/></Relationships>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types(part, main_type, doctype))
        archive.writestr("_rels/.rels", rels)
        archive.writestr(part, body)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def make_odf(kind: Kind, mimetype_compression: int = zipfile.ZIP_STORED) -> bytes:
    mime = ALLOWED_KINDS[kind].mime_type
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        f' manifest:version="1.3"><manifest:file-entry manifest:full-path="/"'
        f' manifest:media-type="{mime}"/><manifest:file-entry manifest:full-path="content.xml"'
        ' manifest:media-type="text/xml"/></manifest:manifest>'
    )
    content = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
               'office:1.0" office:version="1.3"><office:body/></office:document-content>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", mime, compress_type=mimetype_compression)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def make_plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "not an office document")
    return buffer.getvalue()


OLE2_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")
FREE, END_OF_CHAIN, FAT_SECTOR, NO_ENTRY = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole_entry(name: str, entry_type: int, child: int = NO_ENTRY, right: int = NO_ENTRY) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    entry = bytearray(128)
    entry[: len(encoded)] = encoded
    struct.pack_into("<HBBIII", entry, 64, len(encoded), entry_type, 1, NO_ENTRY, right, child)
    struct.pack_into("<IQ", entry, 116, END_OF_CHAIN, 0)
    return bytes(entry)


def make_ole2(*streams: str) -> bytes:
    """A version-3 compound file ([MS-CFB]): header, one FAT sector, a chained directory."""
    entries = [ole_entry("Root Entry", 5, child=1 if streams else NO_ENTRY)]
    for number, name in enumerate(streams, start=1):
        entries.append(ole_entry(name, 2, right=number + 1 if number < len(streams) else NO_ENTRY))
    entries += [bytes(64) + struct.pack("<HBBIII", 0, 0, 0, NO_ENTRY, NO_ENTRY, NO_ENTRY)
                + bytes(48)] * (-len(entries) % 4)
    directory_sectors = len(entries) // 4
    fat = [FAT_SECTOR, *range(2, directory_sectors + 1), END_OF_CHAIN]
    fat += [FREE] * (128 - len(fat))
    header = bytearray(512)
    header[:8] = OLE2_SIGNATURE
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<9I", header, 40, 0, 1, 1, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
    struct.pack_into("<109I", header, 76, 0, *[FREE] * 108)
    return bytes(header) + struct.pack("<128I", *fat) + b"".join(entries)


SAMPLES: dict[Kind, tuple[str, bytes]] = {
    Kind.PDF: ("đề xuất.pdf", make_pdf()),
    Kind.DOCX: ("thuyết minh.docx", make_ooxml(Kind.DOCX)),
    Kind.XLSX: ("dự toán.xlsx", make_ooxml(Kind.XLSX)),
    Kind.PPTX: ("trình bày.pptx", make_ooxml(Kind.PPTX)),
    Kind.ODT: ("thuyết minh.odt", make_odf(Kind.ODT)),
    Kind.ODS: ("dự toán.ods", make_odf(Kind.ODS)),
    Kind.ODP: ("trình bày.odp", make_odf(Kind.ODP)),
    Kind.DOC: ("cũ.doc", make_ole2("\x01CompObj", "WordDocument", "1Table")),
    Kind.XLS: ("cũ.xls", make_ole2("Workbook", "\x05SummaryInformation")),
    Kind.PPT: ("cũ.ppt", make_ole2("Current User", "PowerPoint Document", "Pictures")),
    Kind.PNG: ("sơ đồ.png", make_png()),
    Kind.JPEG: ("ảnh.jpg", JPEG),
    Kind.GIF: ("hình.gif", GIF),
    Kind.WEBP: ("ảnh.webp", WEBP),
}


def check(name: str, data: bytes, max_size: int = MB) -> CheckedFile:
    return check_upload(name, io.BytesIO(data), max_size)


def rejection(name: str, data: bytes, max_size: int = MB) -> str:
    with pytest.raises(RejectedFile) as caught:
        check(name, data, max_size)
    assert str(caught.value) == caught.value.message
    return caught.value.code


# --- every accepted kind ---------------------------------------------------------------------


def test_every_allowed_kind_has_a_sample() -> None:
    assert set(SAMPLES) == set(ALLOWED_KINDS) == set(Kind)


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_real_file_is_accepted_with_its_kind_and_sha256(kind: Kind) -> None:
    name, data = SAMPLES[kind]
    stream = io.BytesIO(data)
    checked = check_upload(name, stream, MB)
    assert checked == CheckedFile(kind=kind, mime_type=ALLOWED_KINDS[kind].mime_type,
                                  extension=ALLOWED_KINDS[kind].extension, size=len(data),
                                  sha256=hashlib.sha256(data).hexdigest())
    assert stream.tell() == 0  # rewound for the storage to save


@pytest.mark.parametrize("name", ["ảnh.jpg", "ảnh.jpeg", "ẢNH.JPEG", r"C:\Ảnh\ảnh.JPG"])
def test_jpg_and_jpeg_names_are_the_same_kind(name: str) -> None:
    checked = check(name, JPEG)
    assert (checked.kind, checked.extension, checked.mime_type) == (Kind.JPEG, "jpg", "image/jpeg")


def test_extension_is_case_insensitive() -> None:
    assert check("BÁO CÁO.PDF", make_pdf()).kind == Kind.PDF


def test_pdf_may_follow_up_to_1024_bytes_of_junk() -> None:
    assert check("scan.pdf", make_pdf(prefix=b"\0" * 1024)).kind == Kind.PDF
    assert rejection("scan.pdf", make_pdf(prefix=b"\0" * 1025)) == "unknown_type"


def test_pdf_without_eof_marker_near_the_end_is_corrupt() -> None:
    assert rejection("cut.pdf", make_pdf(trailer=b"")) == "corrupt"
    assert rejection("padded.pdf", make_pdf(trailer=b"%%EOF\n" + b" " * 1024)) == "corrupt"


def test_a_big_file_is_hashed_in_full() -> None:
    data = make_pdf(prefix=b"") + b"\n%" + b"x" * 300_000 + b"\n%%EOF\n"
    assert check("big.pdf", data).sha256 == hashlib.sha256(data).hexdigest()


# --- impostors -------------------------------------------------------------------------------


def test_pdf_named_docx_is_a_name_mismatch() -> None:
    assert rejection("thuyết minh.docx", make_pdf()) == "name_mismatch"


def test_name_mismatch_carries_what_was_found_and_expected() -> None:
    with pytest.raises(RejectedFile) as caught:
        check("report.doc", SAMPLES[Kind.DOCX][1])
    assert caught.value.code == "name_mismatch"
    assert caught.value.params == {"kind": "docx", "extension": "doc", "expected": "docx"}
    assert ".docx" in caught.value.message and ".doc" in caught.value.message


@pytest.mark.parametrize("name", ["report", "report.", ".pdf", "report.pdf.exe"])
def test_a_name_that_does_not_say_pdf_is_a_mismatch(name: str) -> None:
    assert rejection(name, make_pdf()) == "name_mismatch"


def test_windows_executable_named_pdf_is_unknown() -> None:
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 48 + b"PE\0\0" * 20
    assert rejection("invoice.pdf", exe) == "unknown_type"


def test_executable_carrying_a_pdf_header_is_unknown() -> None:
    polyglot = b"MZ\x90\x00" + b"\0" * 60 + make_pdf()
    assert rejection("invoice.pdf", polyglot) == "unknown_type"


@pytest.mark.parametrize("page", [
    b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    b"\xef\xbb\xbf<html><!-- %PDF-1.4 --><script>alert(1)</script></html>\n%%EOF\n",
])
def test_html_named_pdf_is_unknown(page: bytes) -> None:
    assert rejection("trang.pdf", page) == "unknown_type"


def test_plain_zip_named_docx_is_unknown() -> None:
    assert rejection("thuyết minh.docx", make_plain_zip()) == "unknown_type"


def test_macro_enabled_word_document_is_unknown() -> None:
    docm = make_ooxml(Kind.DOCX, main_type="application/vnd.ms-word.document.macroEnabled.main+xml")
    assert rejection("macro.docx", docm) == "unknown_type"


def test_ooxml_whose_main_part_is_missing_is_unknown() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types(
            "word/document.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"))
    assert rejection("empty.docx", buffer.getvalue()) == "unknown_type"


def test_content_types_with_a_dtd_is_refused_before_any_entity_expands() -> None:
    laughs = ('<!DOCTYPE Types [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    assert rejection("laughs.docx", make_ooxml(Kind.DOCX, doctype=laughs)) == "corrupt"


def test_odf_whose_mimetype_is_compressed_is_unknown() -> None:
    odt = make_odf(Kind.ODT, mimetype_compression=zipfile.ZIP_DEFLATED)
    assert rejection("thuyết minh.odt", odt) == "unknown_type"


def test_truncated_docx_is_corrupt() -> None:
    docx = SAMPLES[Kind.DOCX][1]
    assert rejection("cut.docx", docx[: len(docx) // 2]) == "corrupt"


def test_password_protected_office_file_is_refused_as_encrypted() -> None:
    encrypted = make_ole2("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")
    assert rejection("secret.docx", encrypted) == "encrypted"


def test_other_compound_files_are_unknown() -> None:
    assert rejection("setup.doc", make_ole2("\x05SummaryInformation", "MsiFile")) == "unknown_type"


def test_truncated_compound_file_is_corrupt() -> None:
    assert rejection("cut.doc", SAMPLES[Kind.DOC][1][:300]) == "corrupt"


def test_word_stream_found_across_a_chained_directory() -> None:
    names = ["\x01CompObj", "Data", "1Table", "ObjectPool", "\x05DocumentSummaryInformation",
             "WordDocument"]
    assert check("long.doc", make_ole2(*names)).kind == Kind.DOC


# --- size ------------------------------------------------------------------------------------


def test_empty_file_is_refused() -> None:
    assert rejection("empty.pdf", b"") == "empty"


def test_exactly_the_limit_is_accepted_and_one_byte_more_is_too_large() -> None:
    data = make_pdf()
    assert check("a.pdf", data, max_size=len(data)).size == len(data)
    assert rejection("a.pdf", data, max_size=len(data) - 1) == "too_large"


class EndlessStream:
    """A stream that never ends, counting what was read from it."""

    def __init__(self) -> None:
        self.read_total = 0

    def read(self, size: int = -1, /) -> bytes:
        assert size >= 0, "an endless stream must be read in bounded pieces"
        self.read_total += size
        return b"%" * size

    def seek(self, offset: int, whence: int = 0, /) -> int:
        return 0

    def tell(self) -> int:
        return 0


def test_reading_stops_as_soon_as_the_limit_is_passed() -> None:
    stream = EndlessStream()
    with pytest.raises(RejectedFile) as caught:
        check_upload("huge.pdf", stream, max_size=1_000_000)
    assert caught.value.code == "too_large"
    assert caught.value.params == {"max_size": 1_000_000}
    assert stream.read_total == 1_000_001


def test_zip_declaring_more_than_twenty_times_the_limit_is_a_bomb() -> None:
    max_size = 50_000
    bomb = make_ooxml(Kind.DOCX, extra={"word/media/zeros.bin": bytes(20 * max_size + 1)})
    assert len(bomb) < max_size
    assert rejection("bomb.docx", bomb, max_size=max_size) == "corrupt"


def test_zip_with_more_than_2000_entries_is_refused() -> None:
    crowded = make_ooxml(Kind.DOCX, extra={f"word/p{i}.xml": b"" for i in range(2000)})
    assert rejection("crowded.docx", crowded) == "corrupt"
    fine = make_ooxml(Kind.DOCX, extra={f"word/p{i}.xml": b"" for i in range(1997)})
    assert check("fine.docx", fine).kind == Kind.DOCX


# --- download names --------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind", "expected"), [
    ("../../etc/passwd.pdf", Kind.PDF, "passwd.pdf"),
    (r"C:\Users\an\Desktop\đề xuất.docx", Kind.DOCX, "đề xuất.docx"),
    ("Báo cáo tổng kết.PDF", Kind.PDF, "Báo cáo tổng kết.pdf"),
    ("ảnh chụp.jpeg", Kind.JPEG, "ảnh chụp.jpg"),
    ("report.exe", Kind.PDF, "report.exe.pdf"),
    ("invoice\u202efdp.exe", Kind.PDF, "invoicefdp.exe.pdf"),  # right-to-left override dropped
    ("a\tb\r\nc\x00d.pdf", Kind.PDF, "a b cd.pdf"),
    ('what? <why>: "a|b*".pdf', Kind.PDF, "what_ _why__ _a_b__.pdf"),
    ("  ..hidden.pdf  ", Kind.PDF, "hidden.pdf"),
    ("CON.pdf", Kind.PDF, "_CON.pdf"),
    ("../..", Kind.PDF, "tai-lieu.pdf"),
    ("", Kind.ODT, "tai-lieu.odt"),
])
def test_safe_download_name(name: str, kind: Kind, expected: str) -> None:
    assert safe_download_name(name, kind) == expected


def test_safe_download_name_recomposes_nfd_vietnamese() -> None:
    decomposed = unicodedata.normalize("NFD", "Báo cáo tổng kết.pdf")
    assert decomposed != "Báo cáo tổng kết.pdf"
    assert safe_download_name(decomposed, Kind.PDF) == "Báo cáo tổng kết.pdf"


@pytest.mark.parametrize("letter", ["a", "ệ"])
def test_safe_download_name_limits_length(letter: str) -> None:
    name = safe_download_name(letter * 500 + ".pdf", Kind.PDF)
    assert name.endswith(letter + ".pdf")
    assert len(name.encode()) <= MAX_DOWNLOAD_NAME_BYTES
    assert name == unicodedata.normalize("NFC", name)


# --- no input crashes it, and what passes really is what it says ----------------------------

# The signature each kind must carry, written apart from the module under test.
MARKERS: dict[Kind, tuple[bytes, bytes]] = {  # kind: (how the file starts, what it holds)
    Kind.PNG: (b"\x89PNG\r\n\x1a\n", b""),
    Kind.JPEG: (b"\xff\xd8\xff", b""),
    Kind.GIF: (b"GIF8", b""),
    Kind.DOC: (OLE2_SIGNATURE, "WordDocument".encode("utf-16-le")),
    Kind.XLS: (OLE2_SIGNATURE, "Workbook".encode("utf-16-le")),
    Kind.PPT: (OLE2_SIGNATURE, "PowerPoint Document".encode("utf-16-le")),
    **{kind: (b"PK\x03\x04", part.encode()) for kind, (part, _, _) in OOXML_PARTS.items()},
}


def really_is(kind: Kind, data: bytes) -> bool:
    if kind == Kind.PDF:
        return b"%PDF-" in data[:1029] and b"%%EOF" in data[-1024:]
    if kind == Kind.WEBP:
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if kind in (Kind.ODT, Kind.ODS, Kind.ODP):
        return data.startswith(b"PK\x03\x04") and ALLOWED_KINDS[kind].mime_type.encode() in data
    start, holds = MARKERS[kind]
    return data.startswith(start) and holds in data


@st.composite
def mutated_samples(draw: st.DrawFn) -> tuple[str, bytes]:
    name, data = draw(st.sampled_from(list(SAMPLES.values())))
    buffer = bytearray(data)
    for _ in range(draw(st.integers(0, 4))):
        if buffer:
            buffer[draw(st.integers(0, len(buffer) - 1))] = draw(st.integers(0, 255))
    cut = draw(st.integers(0, len(buffer)))
    return name, bytes(buffer[:cut] if draw(st.booleans()) else buffer)


@st.composite
def random_files(draw: st.DrawFn) -> tuple[str, bytes]:
    prefix = draw(st.sampled_from([b"", b"%PDF-", b"PK\x03\x04", OLE2_SIGNATURE, b"RIFF",
                                   b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF89a"]))
    extension = draw(st.sampled_from([ext for spec in ALLOWED_KINDS.values()
                                      for ext in spec.extensions]))
    return f"x.{extension}", prefix + draw(st.binary(max_size=2048))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mutated_samples(), random_files()))
def test_any_bytes_are_either_rejected_or_really_what_they_claim(upload: tuple[str, bytes]) -> None:
    name, data = upload
    try:
        checked = check(name, data, max_size=64 * 1024)
    except RejectedFile as refused:
        assert refused.code in {"empty", "too_large", "unknown_type", "name_mismatch", "corrupt",
                                "encrypted"}
        return
    assert really_is(checked.kind, data)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert checked.size == len(data)
