"""What an uploaded attachment really is, judged by its bytes (pure: standard library only).

The browser's file name and Content-Type are claims; the content decides. `check_upload` reads the
file once, hashing it and stopping as soon as it passes the size limit, sniffs the kind from the
leading bytes (and, for ZIP- and OLE2-based office formats, from the container's directory), and
refuses a name whose extension says something else. `RejectedFile.code` is stable for the Django
side to translate; the English message names the rule.

Limitations, on purpose:
- Structure is checked, not validity: a PDF with a good header and `%%EOF` may still be broken.
- A ZIP is refused as a bomb by what its central directory declares (more than `MAX_ZIP_ENTRIES`
  entries, or more than `ZIP_EXPANSION_LIMIT` × max_size uncompressed); only `mimetype` and
  `[Content_Types].xml` are ever decompressed here, each with a small cap. Code that later
  unpacks a whole document must keep its own limits.
- Plain text is not accepted: it has no signature, so "checked by content" would let through any
  HTML page, SVG or script that decodes as UTF-8. Proposers have PDF, ODF and OOXML.
- Password-protected OOXML files are OLE2 containers whose content cannot be seen: "encrypted".
"""

from __future__ import annotations

import hashlib
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol
from xml.parsers import expat

CHUNK_SIZE = 64 * 1024
HEAD_SIZE = 8 * 1024  # enough for every signature, and for a PDF header up to 1024 bytes in
PDF_HEADER_WINDOW = 1024  # the header may follow this many bytes of junk (PDF 1.7, annex H)
PDF_TRAILER_WINDOW = 1024  # %%EOF must sit within the last this many bytes
MAX_ZIP_ENTRIES = 2000
ZIP_EXPANSION_LIMIT = 20  # declared uncompressed total over this × max_size is a bomb
MAX_CONTENT_TYPES_SIZE = 1024 * 1024
MAX_OLE_DIRECTORY_SIZE = 1024 * 1024  # 8,192 directory entries; real documents hold dozens
MAX_DOWNLOAD_NAME_BYTES = 200  # fits Attachment.name and every file system's 255-byte limit


class Kind(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    PPTX = "pptx"
    ODT = "odt"
    ODS = "ods"
    ODP = "odp"
    DOC = "doc"
    XLS = "xls"
    PPT = "ppt"
    PNG = "png"
    JPEG = "jpeg"
    GIF = "gif"
    WEBP = "webp"


@dataclass(frozen=True)
class KindSpec:
    extension: str  # canonical, without the dot
    mime_type: str
    aliases: tuple[str, ...] = ()  # other extensions a name of this kind may end in

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.aliases)


_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."

ALLOWED_KINDS: MappingProxyType[Kind, KindSpec] = MappingProxyType({
    Kind.PDF: KindSpec("pdf", "application/pdf"),
    Kind.DOCX: KindSpec("docx", _OOXML + "wordprocessingml.document"),
    Kind.XLSX: KindSpec("xlsx", _OOXML + "spreadsheetml.sheet"),
    Kind.PPTX: KindSpec("pptx", _OOXML + "presentationml.presentation"),
    Kind.ODT: KindSpec("odt", _ODF + "text"),
    Kind.ODS: KindSpec("ods", _ODF + "spreadsheet"),
    Kind.ODP: KindSpec("odp", _ODF + "presentation"),
    Kind.DOC: KindSpec("doc", "application/msword"),
    Kind.XLS: KindSpec("xls", "application/vnd.ms-excel"),
    Kind.PPT: KindSpec("ppt", "application/vnd.ms-powerpoint"),
    Kind.PNG: KindSpec("png", "image/png"),
    Kind.JPEG: KindSpec("jpg", "image/jpeg", aliases=("jpeg",)),
    Kind.GIF: KindSpec("gif", "image/gif"),
    Kind.WEBP: KindSpec("webp", "image/webp"),
})


@dataclass(frozen=True)
class CheckedFile:
    kind: Kind
    mime_type: str
    extension: str
    size: int
    sha256: str  # hex


class RejectedFile(ValueError):
    """An upload refused by a named rule; `code` is stable, `params` fill a translated message.

    Codes: empty, too_large, unknown_type, name_mismatch, corrupt, encrypted.
    """

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params


class UploadStream(Protocol):
    """A readable, seekable binary file: io.BytesIO, an open file, Django's UploadedFile."""

    def read(self, size: int = -1, /) -> bytes: ...
    def seek(self, offset: int, whence: int = 0, /) -> int: ...
    def tell(self) -> int: ...


def check_upload(name: str, fileobj: UploadStream, max_size: int) -> CheckedFile:
    """The checked facts of an upload, or RejectedFile. Leaves `fileobj` rewound to the start."""
    if max_size < 1:
        raise ValueError("max_size must be positive")
    scan = _scan(fileobj, max_size)
    kind = _detect_kind(scan, fileobj, max_size)
    _require_name_matches(name, kind)
    fileobj.seek(0)
    spec = ALLOWED_KINDS[kind]
    return CheckedFile(kind, spec.mime_type, spec.extension, scan.size, scan.sha256)


def safe_download_name(name: str, kind: Kind, fallback: str = "tai-lieu") -> str:
    """A file name fit for Content-Disposition and any file system, ending in the kind's extension.

    NFC; no directories, control or format characters (e.g. the right-to-left override), or
    characters Windows forbids; at most MAX_DOWNLOAD_NAME_BYTES in UTF-8.
    """
    spec = ALLOWED_KINDS[kind]
    stem = _clean_stem(_base_name(unicodedata.normalize("NFC", name)))
    root, dot, extension = stem.rpartition(".")
    if dot and root and extension.lower() in spec.extensions:
        stem = root.rstrip(" .")
    suffix = "." + spec.extension
    room = MAX_DOWNLOAD_NAME_BYTES - len(suffix)
    stem = stem.encode()[:room].decode(errors="ignore").rstrip(" .")
    if not stem:
        stem = fallback
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    return stem + suffix


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scan:
    size: int
    sha256: str
    head: bytes
    tail: bytes


def _scan(fileobj: UploadStream, max_size: int) -> _Scan:
    """One pass: size, SHA-256, the first HEAD_SIZE and last PDF_TRAILER_WINDOW bytes."""
    fileobj.seek(0)
    digest, head, tail, size = hashlib.sha256(), b"", b"", 0
    while chunk := fileobj.read(min(CHUNK_SIZE, max_size + 1 - size)):
        size += len(chunk)
        if size > max_size:
            raise RejectedFile("too_large", f"The file is larger than {max_size} bytes.",
                               max_size=max_size)
        digest.update(chunk)
        if len(head) < HEAD_SIZE:
            head += chunk[: HEAD_SIZE - len(head)]
        tail = (tail + chunk)[-PDF_TRAILER_WINDOW:]
    if size == 0:
        raise RejectedFile("empty", "The file is empty.")
    return _Scan(size, digest.hexdigest(), head, tail)


def _read_at(fileobj: UploadStream, offset: int, size: int) -> bytes:
    fileobj.seek(offset)
    data = fileobj.read(size)
    if len(data) != size:
        raise _corrupt("a structure points past the end of the file")
    return data


def _u16(data: bytes, offset: int) -> int:
    return int.from_bytes(data[offset : offset + 2], "little")


def _u32(data: bytes, offset: int) -> int:
    return int.from_bytes(data[offset : offset + 4], "little")


def _corrupt(detail: str) -> RejectedFile:
    return RejectedFile("corrupt", f"The file is damaged or malformed: {detail}.", detail=detail)


def _unknown(detail: str) -> RejectedFile:
    return RejectedFile("unknown_type", f"The file's content is not an accepted type: {detail}.",
                        detail=detail)


# --- which kind --------------------------------------------------------------------------------

_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"
_ZIP = b"PK\x03\x04"
_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
_IMAGE_SIGNATURES: tuple[tuple[Kind, tuple[bytes, ...]], ...] = (
    (Kind.PNG, (_PNG,)),
    (Kind.JPEG, (b"\xff\xd8\xff",)),
    (Kind.GIF, (b"GIF87a", b"GIF89a")),
)
_WEBP_CHUNKS = (b"VP8 ", b"VP8L", b"VP8X")  # lossy, lossless, extended
# Bytes that must not precede a PDF header: an executable or a markup page posing as a PDF.
_NOT_BEFORE_PDF = (b"MZ", b"\x7fELF", b"#!", b"<", b"\xef\xbb\xbf<")


def _detect_kind(scan: _Scan, fileobj: UploadStream, max_size: int) -> Kind:
    head = scan.head
    for kind, signatures in _IMAGE_SIGNATURES:
        if head.startswith(signatures):
            return kind
    if _is_webp(head):
        return Kind.WEBP
    if head.startswith(_ZIP):
        return _zip_kind(fileobj, max_size)
    if head.startswith(_OLE2):
        return _ole_kind(fileobj, scan.size)
    if _is_pdf(scan):
        return Kind.PDF
    raise _unknown("no known signature (PDF, office document or image)")


def _is_webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP" and head[12:16] in _WEBP_CHUNKS


def _is_pdf(scan: _Scan) -> bool:
    start = scan.head.find(b"%PDF-", 0, PDF_HEADER_WINDOW + 5)
    if start < 0 or scan.head[:start].lstrip(b" \t\r\n\x00").startswith(_NOT_BEFORE_PDF):
        return False
    if b"%%EOF" not in scan.tail:
        raise _corrupt("a PDF must end with %%EOF; the file looks truncated")
    return True


def _require_name_matches(name: str, kind: Kind) -> None:
    extension = _extension(name)
    spec = ALLOWED_KINDS[kind]
    if extension not in spec.extensions:
        shown = f".{extension}" if extension else "no extension"
        raise RejectedFile(
            "name_mismatch",
            f"The file's content is {kind.value.upper()} but its name has {shown}; "
            f"a file's name must say what it is (.{spec.extension}).",
            kind=kind.value, extension=extension, expected=spec.extension,
        )


def _extension(name: str) -> str:
    base = _base_name(name).rstrip(" .")  # Windows ignores trailing dots and spaces
    root, dot, extension = base.rpartition(".")
    return extension.lower() if dot and root else ""


def _base_name(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1]


# --- ZIP containers: OOXML and ODF -------------------------------------------------------------

_OOXML_MAIN_PARTS = MappingProxyType({
    _OOXML + "wordprocessingml.document.main+xml": Kind.DOCX,
    _OOXML + "spreadsheetml.sheet.main+xml": Kind.XLSX,
    _OOXML + "presentationml.presentation.main+xml": Kind.PPTX,
})
_ODF_MIME_TYPES = MappingProxyType({
    ALLOWED_KINDS[kind].mime_type.encode(): kind for kind in (Kind.ODT, Kind.ODS, Kind.ODP)
})
_ODF_REQUIRED = ("META-INF/manifest.xml", "content.xml")
# What the standard library raises on a damaged archive or XML part.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError,
               RuntimeError, ValueError, zlib.error, expat.ExpatError, KeyError, IndexError,
               OverflowError)


class _DoctypeRefused(Exception):
    """A DTD in [Content_Types].xml: the door to entity expansion, never needed by OOXML."""


def _zip_kind(fileobj: UploadStream, max_size: int) -> Kind:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            entries = archive.infolist()
            _refuse_zip_bomb(entries, max_size)
            kind = _odf_kind(archive, entries) or _ooxml_kind(archive)
    except RejectedFile:
        raise
    except _DoctypeRefused:
        raise _corrupt("[Content_Types].xml declares a DTD") from None
    except _ZIP_ERRORS as error:
        raise _corrupt("the ZIP container cannot be read") from error
    if kind is None:
        raise _unknown("a ZIP archive that is not an OOXML or ODF office document")
    return kind


def _refuse_zip_bomb(entries: list[zipfile.ZipInfo], max_size: int) -> None:
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _corrupt(f"the ZIP container holds more than {MAX_ZIP_ENTRIES} entries")
    if sum(entry.file_size for entry in entries) > ZIP_EXPANSION_LIMIT * max_size:
        raise _corrupt(f"the ZIP container would expand to over {ZIP_EXPANSION_LIMIT} times "
                       "the size limit")


def _member(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limit: int) -> bytes | None:
    """The member's bytes, or None if it declares more than `limit` (nothing is decompressed)."""
    if entry.file_size > limit:
        return None
    with archive.open(entry) as member:
        return member.read(limit + 1)


def _odf_kind(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> Kind | None:
    """ODF: the first entry is `mimetype`, stored uncompressed, naming the document type."""
    first = entries[0] if entries else None
    if first is None or first.filename != "mimetype" or first.header_offset != 0:
        return None
    if first.compress_type != zipfile.ZIP_STORED:
        return None
    kind = _ODF_MIME_TYPES.get(_member(archive, first, 100) or b"")
    names = set(archive.namelist())
    return kind if kind and all(part in names for part in _ODF_REQUIRED) else None


def _ooxml_kind(archive: zipfile.ZipFile) -> Kind | None:
    """OOXML: [Content_Types].xml declares exactly one known main part, and that part exists."""
    entries = {entry.filename.lower(): entry for entry in archive.infolist()}
    content_types = entries.get("[content_types].xml")
    if content_types is None:
        return None
    xml = _member(archive, content_types, MAX_CONTENT_TYPES_SIZE)
    if xml is None:
        raise _corrupt("[Content_Types].xml is implausibly large")
    found = {(part, _OOXML_MAIN_PARTS[ctype]) for part, ctype in _overrides(xml)
             if ctype in _OOXML_MAIN_PARTS}
    if len(found) != 1:
        return None
    ((part, kind),) = found
    return kind if part.lstrip("/").lower() in entries else None


def _overrides(xml: bytes) -> list[tuple[str, str]]:
    """(PartName, ContentType) of each <Override> in [Content_Types].xml, refusing any DTD."""
    found: list[tuple[str, str]] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag.rpartition(" ")[2] == "Override":
            found.append((attributes.get("PartName", ""), attributes.get("ContentType", "")))

    def doctype(*_: object) -> None:
        raise _DoctypeRefused

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    parser.Parse(xml, True)
    return found


# --- OLE2 compound files: Word, Excel and PowerPoint 97-2003 -----------------------------------

_OLE_STREAMS = MappingProxyType({
    "WordDocument": Kind.DOC,
    "Workbook": Kind.XLS,
    "Book": Kind.XLS,  # Excel 5/95, still opened by every office suite
    "PowerPoint Document": Kind.PPT,
})
_MAX_REGULAR_SECTOR = 0xFFFFFFF9  # higher ids mark free sectors and chain ends
_NO_ENTRY = 0xFFFFFFFF
_DIR_ENTRY_SIZE = 128


def _ole_kind(fileobj: UploadStream, size: int) -> Kind:
    """The kind named by a stream at the top of the compound file's directory."""
    names = _CompoundFile(fileobj, size).top_level_names()
    for name, kind in _OLE_STREAMS.items():
        if name in names:
            return kind
    if "EncryptedPackage" in names:
        raise RejectedFile("encrypted", "The document is password-protected; its content "
                           "cannot be checked. Remove the password and upload it again.")
    raise _unknown("a compound file that is not a Word, Excel or PowerPoint document")


class _CompoundFile:
    """Just enough of [MS-CFB] to list the root storage's children."""

    def __init__(self, fileobj: UploadStream, size: int) -> None:
        self.fileobj = fileobj
        header = _read_at(fileobj, 0, 512)
        shift = _u16(header, 30)
        if shift not in (9, 12):
            raise _corrupt("an OLE2 sector size other than 512 or 4096 bytes")
        self.sector_size = 1 << shift
        self.sector_count = max(0, -(-size // self.sector_size) - 1)  # a short last one counts
        self.header = header
        self.fat_sectors = self._fat_sectors()

    def _sector(self, sector: int) -> bytes:
        if sector >= self.sector_count:
            raise _corrupt("an OLE2 sector number past the end of the file")
        self.fileobj.seek((sector + 1) * self.sector_size)
        return self.fileobj.read(self.sector_size).ljust(self.sector_size, b"\0")

    def _fat_sectors(self) -> list[int]:
        """The FAT's own sectors: 109 in the header, the rest along the DIFAT chain."""
        fat = [_u32(self.header, 76 + 4 * i) for i in range(109)]
        needed = self.sector_count // (self.sector_size // 4) + 1  # a FAT covering every sector
        per_sector = self.sector_size // 4 - 1
        difat = _u32(self.header, 68)
        while difat <= _MAX_REGULAR_SECTOR and len(fat) < needed:
            data = self._sector(difat)
            fat += [_u32(data, 4 * i) for i in range(per_sector)]
            difat = _u32(data, 4 * per_sector)
        return [sector for sector in fat[:needed] if sector <= _MAX_REGULAR_SECTOR]

    def _next(self, sector: int) -> int:
        per_sector = self.sector_size // 4
        index, slot = divmod(sector, per_sector)
        if index >= len(self.fat_sectors):
            raise _corrupt("an OLE2 sector missing from the allocation table")
        return _u32(self._sector(self.fat_sectors[index]), 4 * slot)

    def _directory(self) -> bytes:
        sector = _u32(self.header, 48)
        seen: set[int] = set()
        chunks: list[bytes] = []
        while sector <= _MAX_REGULAR_SECTOR:
            if sector in seen or len(seen) * self.sector_size >= MAX_OLE_DIRECTORY_SIZE:
                raise _corrupt("the OLE2 directory loops or is implausibly large")
            seen.add(sector)
            chunks.append(self._sector(sector))
            sector = self._next(sector)
        return b"".join(chunks)

    def top_level_names(self) -> set[str]:
        """Names of the root's children: a red-black tree of siblings under the root's child."""
        directory = self._directory()
        count = len(directory) // _DIR_ENTRY_SIZE
        if count == 0 or directory[66] != 5:  # entry 0 must be the root storage
            raise _corrupt("the OLE2 directory has no root entry")
        names: set[str] = set()
        pending = [_u32(directory, 76)]
        seen: set[int] = set()
        while pending:
            index = pending.pop()
            if index == _NO_ENTRY or index in seen or index >= count:
                continue
            seen.add(index)
            entry = directory[index * _DIR_ENTRY_SIZE : (index + 1) * _DIR_ENTRY_SIZE]
            names.add(_entry_name(entry))
            pending += [_u32(entry, 68), _u32(entry, 72)]
        return names


def _entry_name(entry: bytes) -> str:
    length = min(_u16(entry, 64), 64)
    return entry[:length].decode("utf-16-le", errors="replace").rstrip("\x00")


# --- download names ----------------------------------------------------------------------------

_WINDOWS_FORBIDDEN = str.maketrans({ch: "_" for ch in '<>:"/\\|?*'})
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10)}
)


def _clean_stem(name: str) -> str:
    """Letters kept (Vietnamese included); C* categories dropped; whitespace collapsed."""
    spaced = " ".join(name.split())  # tabs and line breaks become spaces before controls go
    kept = "".join(ch for ch in spaced if not unicodedata.category(ch).startswith("C"))
    return " ".join(kept.translate(_WINDOWS_FORBIDDEN).split()).strip(" .")
