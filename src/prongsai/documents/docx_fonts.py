"""The document's font, embedded in the DOCX so that it keeps its size and pages where TH SarabunPSK is missing.

Without TH SarabunPSK installed (every Linux desktop, many offices), fontconfig gives LibreOffice Laksaman at the
same point size, which is half as large again: a 5-page report became 15 pages. Word and LibreOffice both read
fonts embedded in word/fonts/*.odttf (ECMA-376 Part 1, §17.8.1, obfuscated with the key named in the font table),
and use them where the named font is not installed; where it is, the installed TH SarabunPSK is used.

The embedded font is Laksaman (TLWG's version of the TH SarabunPSK design, GPL-2+ with the font exception, which
allows embedding in documents) with its em enlarged and its vertical metrics set to TH SarabunPSK's, under the
family name the document uses: so 16 pt is as large, and a line as high, as in TH SarabunPSK (measured ratio
0.6654, thai-documents-findings.md §1), and line breaks and pages stay where they are. Outlines are untouched.

A second, small font draws the page numbers. Word writes a PAGE field in the section's Thai digit format; LibreOffice
7.4 does not read that format (its DOCX import lists thaiNumbers as unsupported, and reads the ThaiArabic switch as
Thai letters) and writes Arabic digits. The page number's run therefore uses `DIGITS_FAMILY`: the same font cut down
to the digits, with Arabic digits drawn as Thai ones, so both applications show "หน้า ๓".
"""

from __future__ import annotations

import io
import os
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any

FONT_DIRECTORY = Path(os.environ.get("PRONGSAI_FONT_DIR", "/usr/share/fonts/truetype/tlwg"))
SOURCES = {"Regular": "Laksaman.ttf", "Bold": "Laksaman-Bold.ttf"}
WIDTH_RATIO = 0.6654  # TH SarabunPSK's advance widths over Laksaman's, for the same text
# TH SarabunPSK 2.0's vertical metrics, per 1000 units of em.
ASCENT, DESCENT, LINE_GAP = 850, 447, 30

# CT_Settings' elements before w:embedTrueTypeFonts (ECMA-376 Part 1, §17.15.1.78's sequence).
SETTINGS_BEFORE = (
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
)
DIGITS_FAMILY = "TH SarabunPSK Thai Digits"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"


@lru_cache(maxsize=4)
def metric_compatible(family: str, style: str) -> bytes | None:
    """Laksaman's `style` as `family`, sized like TH SarabunPSK; None when Laksaman is not installed."""
    path = FONT_DIRECTORY / SOURCES[style]
    if not path.is_file():
        return None
    from fontTools.ttLib import TTFont

    font = TTFont(path)
    units = font["head"].unitsPerEm = round(font["head"].unitsPerEm / WIDTH_RATIO)
    scale = units / 1000
    hhea, os2 = font["hhea"], font["OS/2"]
    hhea.ascent, hhea.descent, hhea.lineGap = (
        round(ASCENT * scale),
        -round(DESCENT * scale),
        round(LINE_GAP * scale),
    )
    os2.usWinAscent, os2.usWinDescent = round(ASCENT * scale), round(DESCENT * scale)
    os2.sTypoAscender, os2.sTypoDescender = round(ASCENT * scale), -round(DESCENT * scale)
    os2.sTypoLineGap = round(LINE_GAP * scale)
    os2.fsSelection &= ~(
        1 << 7
    )  # USE_TYPO_METRICS off: lines as high as the win metrics say, as in the original
    os2.fsType = 0  # installable embedding, as the GPL font exception allows
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (16, 17, 21, 22):
            names.removeNames(nameID=record.nameID)
    postscript = family.replace(" ", "") + "-" + style
    for name_id, value in (
        (1, family),
        (2, style),
        (3, f"{postscript}; Laksaman (TLWG) with TH SarabunPSK metrics"),
        (4, family if style == "Regular" else f"{family} {style}"),
        (6, postscript),
    ):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def thai_digits() -> bytes | None:
    """`DIGITS_FAMILY`: the regular font's digits and space only, "0"–"9" drawn as "๐"–"๙"."""
    data = metric_compatible(DIGITS_FAMILY, "Regular")
    if data is None:
        return None
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data))
    options = subset.Options()
    options.name_IDs = ["*"]  # keep the family name set above
    options.drop_tables += ["FFTM"]  # FontForge's timestamps
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[0x20, *range(0x30, 0x3A), *range(0x0E50, 0x0E5A)])
    subsetter.subset(font)
    for table in font["cmap"].tables:
        if table.isUnicode():
            for digit in range(10):
                table.cmap[0x30 + digit] = table.cmap[0x0E50 + digit]
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def obfuscate(font: bytes, key: str) -> bytes:
    """ECMA-376 Part 1 §17.8.1: the first 32 bytes XORed with the key's 16 bytes, read from the GUID's end."""
    digits = key.strip("{}").replace("-", "")
    key_bytes = bytes(int(digits[i : i + 2], 16) for i in range(30, -1, -2))
    head = bytes(b ^ key_bytes[i % 16] for i, b in enumerate(font[:32]))
    return head + font[32:]


def embed(document: object, family: str) -> bool:
    """Embed `family` (regular and bold) and the page numbers' `DIGITS_FAMILY` in a python-docx document; False
    when the font files are missing."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    fonts = {style: metric_compatible(family, style) for style in SOURCES}
    digits = thai_digits()
    if digits is None or any(data is None for data in fonts.values()):
        return False
    main = document.part  # type: ignore[attr-defined]
    table_part = main.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    table = parse_xml(table_part.blob)
    number = _embed_family(table, table_part, main, family, fonts, 1)  # type: ignore[arg-type]
    _embed_family(table, table_part, main, DIGITS_FAMILY, {"Regular": digits}, number)
    from docx.opc.oxml import serialize_part_xml

    table_part._blob = serialize_part_xml(table)
    settings = document.settings.element  # type: ignore[attr-defined]
    if settings.find(qn("w:embedTrueTypeFonts")) is None:
        # In its place in the schema's sequence, after the settings that precede it.
        before = [
            i for i, child in enumerate(settings) if child.tag in {qn(f"w:{t}") for t in SETTINGS_BEFORE}
        ]
        flag = parse_xml(f'<w:embedTrueTypeFonts xmlns:w="{table.nsmap["w"]}"/>')
        settings.insert(before[-1] + 1 if before else 0, flag)
    return True


def _embed_family(
    table: Any, table_part: Any, main: Any, family: str, fonts: dict[str, bytes], number: int
) -> int:
    """Add `family`'s fonts to the font table as word/fonts/font<number>….odttf; the next free number."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    entry = next((f for f in table.findall(qn("w:font")) if f.get(qn("w:name")) == family), None)
    if entry is None:
        entry = parse_xml(
            f'<w:font xmlns:w="{table.nsmap["w"]}" w:name="{family}"><w:charset w:val="DE"/>'
            '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
        )
        table.append(entry)
    for child in list(entry):
        if child.tag in (qn("w:embedRegular"), qn("w:embedBold")):
            entry.remove(child)
    for style, data in fonts.items():
        key = "{" + str(uuid.uuid4()).upper() + "}"
        part = Part(
            PackURI(f"/word/fonts/font{number}.odttf"), OBFUSCATED_FONT, obfuscate(data, key), main.package
        )
        relationship = table_part.relate_to(part, FONT_RELATIONSHIP)
        element = parse_xml(
            f'<w:embed{style} xmlns:w="{table.nsmap["w"]}" '
            f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            f'r:id="{relationship}" w:fontKey="{key}"/>'
        )
        entry.append(element)
        number += 1
    return number


@lru_cache(maxsize=1)
def _advances() -> tuple[dict[int, float], float]:
    """TH SarabunPSK's advance width of each character, in em (from the embedded font), and a default."""
    data = metric_compatible("TH SarabunPSK", "Regular")
    if data is None:
        return {}, 0.45  # Laksaman missing: an average Thai letter's width
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data))
    units = font["head"].unitsPerEm
    metrics = font["hmtx"]
    return {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}, 0.45


def text_width(text: str, size: float) -> float:
    """The width of a line of text in points, at `size` points (bold is a little wider: allowed for by callers)."""
    advances, default = _advances()
    return sum(advances.get(ord(ch), default) for ch in text) * size * 1.04


def fit_lines(text: str, width: float, size: float) -> list[str]:
    """`text` in lines no wider than `width` points, broken only at its spaces (a phrase too long stays whole)."""
    lines: list[str] = []
    for phrase in text.split(" "):
        if lines and text_width(f"{lines[-1]} {phrase}", size) <= width:
            lines[-1] = f"{lines[-1]} {phrase}"
        else:
            lines.append(phrase)
    return [line for line in lines if line] or [text]
