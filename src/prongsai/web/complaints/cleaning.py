"""Attachments judged by their content, and stripped of what could name the person who made them.

Pictures are decoded and drawn again (no EXIF, GPS, maker notes or comments survive); PDFs lose their document
information and XMP metadata, or are refused when they cannot be opened to do so; DOCX and XLSX files have their
core, application and custom properties (author, company, last saved by) replaced with empty ones.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import pikepdf
from PIL import Image, ImageOps, UnidentifiedImageError

from prongsai.core.errors import ProngsaiError

MAX_PIXELS = 40_000_000  # a picture larger than this is refused before it is decoded
MAX_UNZIPPED = 60 * 1024 * 1024  # an office file that unpacks to more than this is refused (zip bombs)
IMAGE_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
OFFICE_TYPES = {
    "word/document.xml": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/workbook.xml": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    b' xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)
EMPTY_APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>'
)
EMPTY_CUSTOM = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>'
)
REFUSED = "รับได้เฉพาะรูปภาพ (JPEG, PNG, WEBP), PDF, DOCX และ XLSX"


@dataclass(frozen=True)
class CleanFile:
    extension: str
    content_type: str
    data: bytes


def _image(data: bytes) -> CleanFile | None:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in IMAGE_FORMATS:
                return None
            if probe.width * probe.height > MAX_PIXELS:
                raise ProngsaiError("รูปภาพใหญ่เกินไป", "the picture is too large")
            image = ImageOps.exif_transpose(probe)  # keep it upright once the orientation tag is gone
            image.load()
            extension, content_type = IMAGE_FORMATS[probe.format]
            fmt = probe.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    # A new picture from the pixels alone: none of the original's info (EXIF, XMP, ICC, comments) comes along.
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    if image.mode == "P":
        palette = image.getpalette()
        if palette is not None:
            clean.putpalette(palette)
    out = io.BytesIO()
    clean.save(out, fmt, **({"quality": 90} if fmt in ("JPEG", "WEBP") else {}))
    return CleanFile(extension, content_type, out.getvalue())


def _pdf(data: bytes) -> CleanFile:
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                raise ProngsaiError("ไฟล์ PDF ที่ตั้งรหัสผ่านไว้ ลบข้อมูลผู้สร้างไม่ได้", "encrypted PDF")
            if "/Info" in pdf.trailer:
                del pdf.trailer["/Info"]
            if "/Metadata" in pdf.Root:
                del pdf.Root["/Metadata"]
            out = io.BytesIO()
            pdf.save(out, fix_metadata_version=False, deterministic_id=True)
    except pikepdf.PdfError:
        raise ProngsaiError(
            "ไฟล์ PDF นี้เปิดไม่ได้ จึงลบข้อมูลผู้สร้างไม่ได้ กรุณาส่งเป็นรูปภาพแทน", "a PDF that cannot be cleaned"
        ) from None
    return CleanFile("pdf", "application/pdf", out.getvalue())


def _office(data: bytes) -> CleanFile | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    kind = next((OFFICE_TYPES[name] for name in OFFICE_TYPES if name in names), None)
    if kind is None or "[Content_Types].xml" not in names:
        return None
    if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
        raise ProngsaiError("ไฟล์นี้ขยายแล้วใหญ่เกินไป", "the office file unpacks to too much")
    replaced = {
        "docProps/core.xml": EMPTY_CORE,
        "docProps/app.xml": EMPTY_APP,
        "docProps/custom.xml": EMPTY_CUSTOM,
    }
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as clean:
            for info in archive.infolist():
                body = replaced.get(info.filename) or archive.read(info.filename)
                clean.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), body)
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return None
    return CleanFile(kind[0], kind[1], out.getvalue())


def clean_attachment(data: bytes) -> CleanFile:
    """The file without what names its maker; ProngsaiError (in Thai) for anything else or anything unreadable."""
    if data.startswith(b"%PDF-"):
        return _pdf(data)
    if data.startswith(b"PK\x03\x04"):
        office = _office(data)
        if office is not None:
            return office
        raise ProngsaiError(REFUSED, "unsupported archive")
    image = _image(data)
    if image is not None:
        return image
    raise ProngsaiError(REFUSED, "unsupported file type")
