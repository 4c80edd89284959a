"""The PDF's text layer made to read back as the text it shows, every Thai cluster once.

Typst (0.15.2, the newest release on PyPI) draws a mark that the font lifts or shifts (a thanthakhat or tone mark over an upper vowel, placed
by Laksaman's mark-to-mark rules) as a text object of its own, after the rest of its cluster. The rest is wrapped
in an ActualText span that already says the whole cluster ("ธิ์"), while the mark alone maps to the same cluster
text through the font's ToUnicode: PDFium and poppler read "ผลสัมฤทธิ์ธิ์" (cf. Typst's closed issue #7610, on
Thai text copied with marks). Here each such mark is drawn inside its cluster's ActualText span instead, at the
same place on the page, so that the cluster reads once; nothing drawn changes (tests/documents/test_thai_marks.py).
"""

from __future__ import annotations

import io
import re
import zlib
from typing import Any

_NUMBER = rb"-?[0-9]*\.?[0-9]+"
# A glyph run's array: literal strings (escapes, balanced) or hex strings, and numbers.
_STRING = rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>"
_ARRAY = rb"\[(?:" + _STRING + rb"|[^()<>\]])*\]"
_SPAN = rb"/Span<</ActualText(?P<text>" + _STRING + rb")>>BDC"
_LONE_BODY = (
    rb"(?:" + _SPAN + rb" ?)?(?P<state>0 Tr/(?P<font>\S+) (?P<size>" + _NUMBER + rb") Tf) 1 0 0 -1 0 0 Tm"
    rb"(?:(?P<array>" + _ARRAY + rb")TJ|(?P<string>" + _STRING + rb")Tj)(?:\nEMC)?"
)
# A marked-content span of Typst's tagging: its number, and the language where the text's is not the document's.
_MCID = rb"/Span<</MCID (?P<mcid>\d+)(?:/Lang\([A-Za-z-]*\))?>>BDC"
_HEAD = (
    _MCID + rb"\nq 1 0 0 -1 (?P<x>" + _NUMBER + rb") (?P<y>" + _NUMBER + rb") cm"
    rb"(?P<colour>[^\n]*)\nBT ?"
)
# The head of each marked-content block Typst writes for a run of text: its place (a translation, y flipped) and
# its colour.
_BLOCK_HEAD = re.compile(_HEAD)
# A block that draws nothing but one run of glyphs set at its own origin (in an ActualText span of its own that
# says its whole cluster again, or in none).
_LONE_BLOCK = re.compile(_HEAD + _LONE_BODY + rb"\nET\nQ\nEMC", re.DOTALL)
# A lone block right after a block whose last run is in an ActualText span (that span closes just before its end).
_AFTER_SPAN = re.compile(
    rb"\nEMC\nET\nQ\nEMC(?P<empty>(?:"
    + _MCID.replace(b"(?P<mcid>", b"(?:")
    + rb" EMC)*)(?=(?P<lone>(?:"
    + re.sub(rb"\(\?P<\w+>", b"(?:", _HEAD + _LONE_BODY)
    + rb"\nET\nQ\nEMC)))",
    re.DOTALL,
)
_LONE_HEAD_Y = re.compile(_MCID + rb"\nq 1 0 0 -1 \S+ (?P<y>\S+) cm")
_LAST_SPAN = re.compile(_SPAN + rb"(?!.*/ActualText)", re.DOTALL)


def _number(value: float) -> bytes:
    return f"{value:.4f}".rstrip("0").rstrip(".").encode()


def _last_text(body: bytes) -> bytes | None:
    span = _LAST_SPAN.search(body)
    return span["text"] if span else None


_LAST_MATRIX = re.compile(
    rb"1 0 0 -1 (?P<x>" + _NUMBER + rb") (?P<y>" + _NUMBER + rb") Tm(?!.*Tm)", re.DOTALL
)
_ENDING = b"\nEMC\nET\nQ\nEMC"


def _mend(content: bytes, fonts: dict[bytes, _Font]) -> bytes:
    """The content stream with each lone mark that follows a block ending in its cluster's ActualText span drawn
    inside that span. `fonts`: the page's fonts by resource name.

    PDFium orders the text objects of a line by where their first glyph stands, and reads an ActualText span
    once only while its objects come one after the other: the mark, which hangs past the end of its word, would
    come after the next word's first object and say its cluster again. So the mark's run starts with a space
    glyph (no ink; inside the span it says nothing) where the cluster starts, and moves on to the mark."""

    def mended(found: re.Match[bytes]) -> tuple[bytes, int] | None:
        """The span's end with the lone blocks' marks drawn in it, and where the blocks taken end; or None where
        all stays as it is."""
        start = content.rfind(b"/Span<</MCID ", 0, found.start())
        previous = _BLOCK_HEAD.match(content, start) if start >= 0 else None
        if previous is None or _LONE_HEAD_Y.match(found["lone"])["y"] == previous["y"]:  # type: ignore[index]
            return None  # on the line: the next word or a space
        body = content[previous.end() : found.start()]
        matrix = _LAST_MATRIX.search(body)
        moved = b""
        emptied = b""
        position = found.end()
        # A cluster with marks both lifted and lowered has a lone block for each, one after the other.
        while (lone := _LONE_BLOCK.match(content, position)) is not None:
            font = fonts.get(lone["font"])
            glyphs = lone["array"][1:-1] if lone["array"] is not None else lone["string"]
            if not (
                matrix is not None
                and font is not None
                # Lifted or lowered just off the line, marks only (no advance): not the next row's first word.
                and lone["y"] != previous["y"]
                and abs(float(lone["y"]) - float(previous["y"])) < float(lone["size"]) / 2
                and lone["colour"] == previous["colour"]
                and all(font.advance(code) == 0 for code in _codes(glyphs))
                and (lone["text"] is None or _last_text(body) == lone["text"])
            ):
                break
            size = float(lone["size"])
            # Where the run stood, from where the cluster's own run starts (translations differ, y flipped).
            across = float(lone["x"]) - float(previous["x"]) - float(matrix["x"])
            rise = float(lone["y"]) - float(previous["y"])
            kerning = font.advance(_codes(font.space)[0]) - across * 1000 / size
            moved += (
                b" " + lone["state"] + b" 1 0 0 -1 " + matrix["x"] + b" " + matrix["y"] + b" Tm "
                + _number(rise) + b" Ts[" + font.space + b" " + _number(kerning) + b" " + glyphs + b"]TJ 0 Ts"
            )  # fmt: skip
            emptied += b"/Span<</MCID " + lone["mcid"] + b">>BDC EMC"
            position = lone.end()
        if not moved:
            return None
        return moved + _ENDING + found["empty"] + emptied, position

    # Found ahead, not taken, so that a block that looks lone but stays (a word) can end the next search.
    out, position = [], 0
    for found in _AFTER_SPAN.finditer(content):
        if found.start() < position:
            continue
        replacement = mended(found)
        if replacement is not None:
            out += [content[position : found.start()], replacement[0]]
            position = replacement[1]
    out.append(content[position:])
    return b"".join(out)


_SPACE_CODE = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<0020>")


class _Font:
    """What the mending needs of a Type0 font: its space glyph (a string for a TJ array) and its advances."""

    def __init__(self, space: bytes, advances: dict[int, float], default: float) -> None:
        self.space, self.advances, self.default = space, advances, default

    def advance(self, code: int) -> float:
        return self.advances.get(code, self.default)


def _font(font: Any) -> _Font | None:
    """The font's space and advances (1/1000 em); None if it has no space glyph or is not as Typst writes."""
    import pikepdf

    try:
        match = _SPACE_CODE.search(font.ToUnicode.read_bytes())
        if match is None:
            return None
        descendant = font.DescendantFonts[0]
        widths = descendant.get("/W", pikepdf.Array())
        advances: dict[int, float] = {}
        index = 0
        while index < len(widths):
            first = int(widths[index])
            if isinstance(widths[index + 1], pikepdf.Array):
                advances.update((first + i, float(w)) for i, w in enumerate(widths[index + 1]))
                index += 2
            else:
                advances.update(
                    (c, float(widths[index + 2])) for c in range(first, int(widths[index + 1]) + 1)
                )
                index += 3
        return _Font(b"<" + match[1] + b">", advances, float(descendant.get("/DW", 1000)))
    except (AttributeError, KeyError, IndexError, ValueError, TypeError):
        return None


_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.DOTALL)
_ESCAPED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_STRINGS = re.compile(rb"\(((?:\\.|[^\\)])*)\)|<([0-9A-Fa-f]*)>", re.DOTALL)


def _codes(glyphs: bytes) -> list[int]:
    """The two-byte glyph codes a TJ array or Tj string shows."""
    data = b""
    for literal, hexadecimal in _STRINGS.findall(glyphs):
        if hexadecimal:
            data += bytes.fromhex(hexadecimal.decode())
        else:
            data += _ESCAPE.sub(
                lambda e: bytes([int(e[1], 8) & 0xFF]) if e[1][:1].isdigit() else _ESCAPED.get(e[1], e[1]),
                literal,
            )
    return [data[i] << 8 | data[i + 1] for i in range(0, len(data) - 1, 2)]


def whole_clusters(pdf: bytes) -> bytes:
    """The PDF with every page's text reading each cluster once (see the module's docstring)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        changed = False
        known: dict[tuple[int, int], _Font | None] = {}
        for page in document.pages:
            contents = page.obj.get("/Contents")
            if not isinstance(contents, pikepdf.Stream):
                continue
            raw = contents.read_bytes()
            fonts: dict[bytes, _Font] = {}
            resources: Any = page.obj.get("/Resources", pikepdf.Dictionary())
            for name, font in resources.get("/Font", pikepdf.Dictionary()).items():
                key = font.objgen
                if key not in known:
                    known[key] = _font(font)
                described = known[key]
                if described is not None:
                    fonts[name[1:].encode()] = described
            mended = _mend(raw, fonts)
            if mended != raw:
                # The fastest level: half the time of the default, for a page a fifth larger.
                contents.write(zlib.compress(mended, 1), filter=pikepdf.Name.FlateDecode)
                changed = True
        if not changed:
            return pdf
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
