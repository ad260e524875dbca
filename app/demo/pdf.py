"""Plain PDF files (A4, Helvetica) written from text blocks, for the demo
content: titles, headings, paragraphs, notices and list items, wrapped and
paginated, with "Page n sur N" at the foot of each page.

The standard PDF fonts need no embedding; text is encoded in WinAnsi
(cp1252), which holds French accents, « », – and €.
"""
from __future__ import annotations

import unicodedata
import zlib
from dataclasses import dataclass

from app.demo.office import Block

PAGE_WIDTH, PAGE_HEIGHT = 595.28, 841.89
MARGIN = 62.0
FONTS = {"regular": "Helvetica", "bold": "Helvetica-Bold", "italic": "Helvetica-Oblique"}
# Helvetica advance widths (per 1000 units) of the printable ASCII characters.
_ASCII_WIDTHS = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
]
_OTHER_WIDTHS = {"’": 222, "‘": 222, "“": 333, "”": 333, "–": 556, "—": 1000, "…": 1000,
                 "œ": 944, "Œ": 1000, "°": 400, "€": 556, "«": 556, "»": 556}
# (font, size, space before, indent, first-line prefix) per kind of block.
_LAYOUT = {
    "title": ("bold", 16.0, 0.0, 0.0, ""),
    "heading": ("bold", 12.0, 10.0, 0.0, ""),
    "notice": ("italic", 10.5, 4.0, 12.0, ""),
    "item": ("regular", 10.5, 0.0, 16.0, "–"),
    "paragraph": ("regular", 10.5, 0.0, 0.0, ""),
}


def _char_width(char: str) -> int:
    if " " <= char <= "~":
        return _ASCII_WIDTHS[ord(char) - 32]
    if char in _OTHER_WIDTHS:
        return _OTHER_WIDTHS[char]
    base = unicodedata.normalize("NFD", char)[0]  # "é" is as wide as "e"
    return _ASCII_WIDTHS[ord(base) - 32] if " " <= base <= "~" else 556


def text_width(text: str, font: str, size: float) -> float:
    factor = 1.08 if font == "bold" else 1.0  # Helvetica-Bold runs a little wider
    return sum(_char_width(c) for c in text) * size * factor / 1000


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


@dataclass
class _Line:
    font: str
    size: float
    x: float
    y: float
    text: str


def _layout(blocks: list[Block]) -> list[list[_Line]]:
    """The lines of each page, placed."""
    pages: list[list[_Line]] = [[]]
    y = PAGE_HEIGHT - MARGIN
    usable = PAGE_WIDTH - 2 * MARGIN
    for kind, text in blocks:
        font, size, before, indent, prefix = _LAYOUT[kind]
        leading = size * 1.35
        lines = _wrap(text, font, size, usable - indent)
        if kind == "heading" and pages[-1] and y - before - 3 * leading < MARGIN:
            pages.append([])  # a heading never ends a page
            y = PAGE_HEIGHT - MARGIN
        y -= before
        for number, line in enumerate(lines):
            if y - leading < MARGIN:
                pages.append([])
                y = PAGE_HEIGHT - MARGIN
            y -= leading
            x = MARGIN + indent
            if kind == "title":
                x = (PAGE_WIDTH - text_width(line, font, size)) / 2
            if prefix and number == 0:
                pages[-1].append(_Line(font, size, x - 11, y, prefix))
            pages[-1].append(_Line(font, size, x, y, line))
        y -= size * (0.9 if kind == "title" else 0.5)
    return pages


def _pdf_string(text: str) -> str:
    """A PDF literal string in WinAnsi, non-ASCII bytes as octal escapes."""
    data = text.replace("\u202f", " ").replace("\u00a0", " ").encode("cp1252", "replace")
    out = []
    for byte in data:
        char = chr(byte)
        if char in "\\()":
            out.append("\\" + char)
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return "(" + "".join(out) + ")"


def _content(lines: list[_Line], footer: str) -> bytes:
    names = {name: f"F{index}" for index, name in enumerate(FONTS, start=1)}
    ops = ["BT"]
    for line in lines:
        ops.append(f"/{names[line.font]} {line.size:.1f} Tf 1 0 0 1 {line.x:.2f} {line.y:.2f} "
                   f"Tm {_pdf_string(line.text)} Tj")
    width = text_width(footer, "regular", 8.5)
    ops.append(f"0.35 g /F1 8.5 Tf 1 0 0 1 {(PAGE_WIDTH - width) / 2:.2f} {MARGIN / 2:.2f} Tm "
               f"{_pdf_string(footer)} Tj")
    ops.append("ET")
    return zlib.compress("\n".join(ops).encode("ascii"))


def _info_string(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def pdf_bytes(title: str, blocks: list[Block]) -> bytes:
    """A PDF document of the blocks."""
    pages = _layout(blocks)
    objects: list[bytes] = []  # object n is objects[n - 1]
    font_ids = []
    for base_font in FONTS.values():
        objects.append(f"<< /Type /Font /Subtype /Type1 /BaseFont /{base_font} "
                       "/Encoding /WinAnsiEncoding >>".encode())
        font_ids.append(len(objects))
    fonts = " ".join(f"/F{i} {obj} 0 R" for i, obj in enumerate(font_ids, start=1))
    pages_id = len(objects) + 1
    objects.append(b"")  # the page tree, filled in below
    page_ids = []
    for number, lines in enumerate(pages, start=1):
        stream = _content(lines, f"Page {number} sur {len(pages)}")
        objects.append(f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode()
                       + stream + b"\nendstream")
        objects.append(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {PAGE_WIDTH} "
                       f"{PAGE_HEIGHT}] /Resources << /Font << {fonts} >> >> /Contents "
                       f"{len(objects)} 0 R >>".encode())
        page_ids.append(len(objects))
    kids = " ".join(f"{page} 0 R" for page in page_ids)
    objects[pages_id - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()
    objects.append(f"<< /Type /Catalog /Pages {pages_id} 0 R /Lang (fr-BE) >>".encode())
    catalog_id = len(objects)
    objects.append(f"<< /Title {_info_string(title)} /Producer (e-plateforme) >>".encode())
    info_id = len(objects)

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root {catalog_id} 0 R /Info {info_id} 0 R "
            f">>\nstartxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)
