"""What a file really is, checked from its container rather than from its first bytes or its name.

`check_zip` is the one gate every ZIP passes before anything in it is inflated by a library (reports, score
sheets, evidence). The central directory states each member's inflated size; those sizes are bounded, and then
each member is inflated here in small steps, stopping as soon as it would give more than it states: zipfile's
own read() inflates a member in one step to its true size whatever the directory says, so a directory that
understates a member must be caught before a library reads it.
"""

from __future__ import annotations

import base64
import io
import re
import struct
import zipfile
import zlib
from typing import IO, Any, Literal

from prongsai.core.errors import ReadError
from prongsai.ingest.limits import (
    MAX_PAGES,
    PDF_MAX_IMAGE,
    PDF_MAX_STREAM,
    PDF_MAX_STREAMS,
    ZIP_MAX_MEMBERS,
    ZIP_MAX_RATIO,
    ZIP_MAX_TOTAL,
    ZIP_MAX_XML_MEMBER,
    ZIP_RATIO_FROM,
    megabytes,
    too_many,
)

ZipKind = Literal["docx", "xlsx"]
# The parts without which a package is not of its kind, and what the kind is called in messages.
ZIP_PARTS: dict[ZipKind, tuple[str, ...]] = {
    "docx": ("[Content_Types].xml", "word/document.xml"),
    "xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
}
STEP = 64 * 1024  # the most a stream or member is inflated by at a time while its size is checked
ZIP_KIND_NAMES: dict[ZipKind, tuple[str, str]] = {"docx": ("Word", ".docx"), "xlsx": ("Excel", ".xlsx")}


def check_zip(data: bytes | IO[bytes], name: str, kind: ZipKind | None = None) -> ZipKind:
    """The kind of the Office package `data` (DOCX or XLSX), once its directory shows it is safe to open: not
    too many members, none inflating past its bound or by an abnormal ratio, and the parts of its kind present.
    With `kind`, the package must be of that kind."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        return _check_zip(source, name, kind)
    finally:
        source.seek(0)  # an upload is read again from its start when stored


def _check_zip(source: IO[bytes], name: str, kind: ZipKind | None) -> ZipKind:
    what = ZIP_KIND_NAMES[kind][0] if kind else "ZIP"
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise ReadError(
            f"เปิดไฟล์ {what} {name} ไม่ได้ (ไฟล์เสีย)",
            f"cannot open the {what} file {name} ({type(exc).__name__})",
        ) from None
    if len(members) > ZIP_MAX_MEMBERS:
        raise too_many(name, "ส่วนประกอบ (ไฟล์ย่อยใน ZIP)", "ZIP members", ZIP_MAX_MEMBERS)
    total = 0
    for member in members:
        size = member.file_size
        total += size
        if member.filename.lower().endswith((".xml", ".rels")) and size > ZIP_MAX_XML_MEMBER:
            raise _bomb(name, member.filename, f"ขยายแล้วได้ {megabytes(size)}", f"inflates to {size:,} bytes")
        if size > ZIP_RATIO_FROM and size > ZIP_MAX_RATIO * max(member.compress_size, 1):
            ratio = size // max(member.compress_size, 1)
            raise _bomb(name, member.filename, f"ถูกบีบอัดไว้ {ratio:,} เท่า", f"is compressed {ratio:,} times")
    if total > ZIP_MAX_TOTAL:
        raise ReadError(
            f"ไฟล์ {name} ขยายแล้วใหญ่เกินไป ({megabytes(total)}; รับได้ไม่เกิน {megabytes(ZIP_MAX_TOTAL)})",
            f"{name} inflates to {total:,} bytes (the limit is {ZIP_MAX_TOTAL:,})",
        )
    names = {member.filename for member in members}
    found = kind or next((k for k, parts in ZIP_PARTS.items() if parts[1] in names), None)
    if found is None:
        raise ReadError(
            f"ไฟล์ {name} เป็นไฟล์ ZIP ที่ไม่ใช่ .docx หรือ .xlsx", f"{name} is a ZIP file but not DOCX or XLSX"
        )
    missing = [part for part in ZIP_PARTS[found] if part not in names]
    if missing:
        program, extension = ZIP_KIND_NAMES[found]
        raise ReadError(
            f"เปิดไฟล์ {program} {name} ไม่ได้ (ไม่ใช่ {extension} ที่สมบูรณ์: ไม่มีส่วน {missing[0]})",
            f"cannot open the {program} file {name} (the part {missing[0]} is missing)",
        )
    for member in members:
        try:
            _inflates_as_stated(source, member, name)
        except (ValueError, OSError, EOFError, zlib.error):  # offsets or data a damaged directory points to
            raise _broken(name, member.filename) from None
    return found


def _inflates_as_stated(source: IO[bytes], member: zipfile.ZipInfo, name: str) -> None:
    """Inflate `member` in steps of at most STEP bytes: it must give exactly the size the directory states."""
    if member.flag_bits & 0x1:
        raise ReadError(
            f"ไฟล์ {name} มีรหัสผ่าน กรุณาบันทึกฉบับที่ไม่มีรหัสผ่าน", f"{name} has an encrypted member {member.filename}"
        )
    if member.compress_type == zipfile.ZIP_STORED:
        if member.compress_size != member.file_size:
            raise _bomb(name, member.filename, "มีขนาดไม่ตรงกับที่ระบุ", "is not the size its directory states")
        return
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise _broken(name, member.filename)
    source.seek(member.header_offset)
    header = source.read(30)
    if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
        raise _broken(name, member.filename)
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    source.seek(member.header_offset + 30 + name_length + extra_length)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    left, produced, pending = member.compress_size, 0, b""
    while not inflater.eof:
        if not pending:
            pending = source.read(min(left, STEP)) if left > 0 else b""
            if not pending:
                raise _broken(name, member.filename)  # the stream ends before its end mark
            left -= len(pending)
        produced += len(inflater.decompress(pending, STEP))
        if produced > member.file_size:
            raise _bomb(name, member.filename, "ขยายได้มากกว่าที่ระบุ", "inflates past the size stated")
        pending = inflater.unconsumed_tail
    if produced != member.file_size:
        raise _broken(name, member.filename)


def _broken(name: str, member: str) -> ReadError:
    return ReadError(
        f"เปิดไฟล์ {name} ไม่ได้ (ส่วน {member} เสีย)", f"cannot open {name} (its member {member} is broken)"
    )


def _bomb(name: str, member: str, thai: str, english: str) -> ReadError:
    return ReadError(
        f"ไฟล์ {name} ถูกปฏิเสธ: ส่วน {member} {thai} เกินที่รับได้ (อาจเป็นไฟล์อันตราย)",
        f"{name} is refused: its member {member} {english}, beyond the bounds (a compression bomb?)",
    )


_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")


def check_pdf_streams(data: bytes, name: str) -> None:
    """Every deflated stream of a PDF inflates within its bound, found by scanning the bytes (a parser would
    inflate the cross-reference and object streams before it could be asked anything): a stream of content,
    fonts or objects to PDF_MAX_STREAM, all of them together to PDF_MAX_STREAMS, an image (which the readers
    never decode) to PDF_MAX_IMAGE. Streams in ASCII hex or ASCII85 are decoded first, as PDFium would."""
    total = 0
    for match in _STREAM_START.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        dictionary = data[max(0, match.start() - 4096) : match.start()]
        dictionary = dictionary[dictionary.rfind(b"obj") + 1 :]
        image = b"/Image" in dictionary
        limit = PDF_MAX_IMAGE if image else PDF_MAX_STREAM
        raw = data[start : end if end >= 0 else len(data)]
        if b"/ASCIIHexDecode" in dictionary or b"/AHx" in dictionary:
            raw = _unhex(raw)
        elif b"/ASCII85Decode" in dictionary or b"/A85" in dictionary:
            raw = _un85(raw)
        size = _inflated_size(raw, limit)
        if size > limit:
            raise ReadError(
                f"ไฟล์ PDF {name} ถูกปฏิเสธ: มีข้อมูลที่ขยายแล้วเกิน {megabytes(limit)} (อาจเป็นไฟล์อันตราย)",
                f"{name} is refused: a stream inflates past {limit:,} bytes (a compression bomb?)",
            )
        total += 0 if image else size
        if total > PDF_MAX_STREAMS:
            raise ReadError(
                f"ไฟล์ PDF {name} ถูกปฏิเสธ: ข้อมูลที่ขยายแล้วรวมเกิน {megabytes(PDF_MAX_STREAMS)} (อาจเป็นไฟล์อันตราย)",
                f"{name} is refused: its streams inflate past {PDF_MAX_STREAMS:,} bytes (a compression bomb?)",
            )


def _unhex(raw: bytes) -> bytes:
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", raw.split(b">", 1)[0])
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())


def _un85(raw: bytes) -> bytes:
    try:
        return base64.a85decode(raw.split(b"~>", 1)[0] + b"~>", adobe=False, ignorechars=b" \t\n\r\x0b\x0c~>")
    except ValueError:
        return b""


def _inflated_size(raw: bytes, limit: int) -> int:
    """How much `raw` inflates to, as zlib data (or raw deflate), counted in steps and stopped past `limit`;
    0 when it is not deflated data at all."""
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
        inflater = zlib.decompressobj(wbits)
        produced, pending = 0, raw
        try:
            while pending and not inflater.eof:
                produced += len(inflater.decompress(pending, STEP))
                if produced > limit:
                    return produced
                pending = inflater.unconsumed_tail
        except zlib.error:
            if produced:
                return produced  # damaged after some output: PDFium keeps what it got
            continue
        return produced
    return 0


def open_pdf(data: bytes, name: str) -> Any:
    """PDFium's document of a PDF whose streams inflate within bounds and that no password locks; the caller
    closes it."""
    import pypdfium2

    check_pdf_streams(data, name)
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError(
                f"ไฟล์ PDF {name} มีรหัสผ่าน กรุณาบันทึกฉบับที่ไม่มีรหัสผ่าน", f"{name} is password-protected"
            ) from None
        raise ReadError(f"เปิดไฟล์ PDF {name} ไม่ได้ (ไฟล์เสีย)", f"cannot open the PDF {name} ({exc})") from None


def check_pdf(data: bytes, name: str, *, largest_pages: int | None = MAX_PAGES) -> int:
    """The page count of a PDF whose streams inflate within bounds, that PDFium opens, is not locked by a
    password and has a page."""
    document = open_pdf(data, name)
    try:
        pages = len(document)
    finally:
        document.close()
    if pages < 1:
        raise ReadError(f"เปิดไฟล์ PDF {name} ไม่ได้ (ไม่มีหน้าใด)", f"cannot open the PDF {name} (no pages)")
    if largest_pages is not None and pages > largest_pages:
        raise too_many(name, "หน้า", "pages", largest_pages)
    return pages


def check_image(
    data: bytes, name: str, *, largest_pixels: int, as_png: bool = False
) -> tuple[int, int, bytes]:
    """A PNG or JPEG decoded to its last pixel (a truncated or damaged file is refused, which Pillow's verify()
    does not do): (width, height, and with `as_png` the image encoded again as PNG, nothing of the original's
    other chunks kept; else b"")."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data), formats=["PNG", "JPEG"]) as image:
            width, height = image.size
            if width * height > largest_pixels:
                raise ReadError(
                    f"ภาพ {name} ใหญ่เกินไป ({width:,}×{height:,} จุด)",
                    f"the image {name} is too large ({width}x{height} pixels)",
                )
            if not as_png and image.format == "JPEG":
                # Every byte is still decoded (a cut file still fails), into an eighth of the pixels.
                image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
            image.load()
            if not as_png:
                return width, height, b""
            decoded = image if image.mode in ("1", "L", "LA", "P", "RGB", "RGBA") else image.convert("RGBA")
            out = io.BytesIO()
            decoded.save(out, format="PNG")
            return width, height, out.getvalue()
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever Pillow raises on a broken file, the answer is the same
        raise ReadError(
            f"เปิดไฟล์ภาพ {name} ไม่ได้ (ไฟล์เสีย)", f"cannot decode the image {name} ({type(exc).__name__})"
        ) from None
