"""Plain PDF files (A4, Helvetica) written by fpdf2 from text blocks, for
the demo content: titles, headings, paragraphs, notices and list items,
wrapped and paginated, with "Page n sur N" at the foot of each page.

The standard PDF fonts need no embedding; text is encoded in WinAnsi
(cp1252), which holds French accents, « », –, ’, œ, … and €; any other
character is printed as "?".
"""
from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from app.documents.office import FIXED_DATE, GENERATOR, Block

MARGIN = 62.0  # points
FOOTER_SIZE = 8.5
# (style, size, space before, indent, first-line prefix) per kind of block.
_LAYOUT = {
    "title": ("B", 16.0, 0.0, 0.0, ""),
    "heading": ("B", 12.0, 10.0, 0.0, ""),
    "notice": ("I", 10.5, 4.0, 12.0, ""),
    "item": ("", 10.5, 0.0, 16.0, "–"),
    "paragraph": ("", 10.5, 0.0, 0.0, ""),
}
_PREFIX_GAP = 11.0  # the prefix of a list item stands this far left of its text


class _Document(FPDF):
    def footer(self) -> None:
        self.set_font("helvetica", size=FOOTER_SIZE)
        self.set_text_color(89)  # 35 % grey
        self.set_xy(MARGIN, self.h - MARGIN / 2 - FOOTER_SIZE * 0.8)
        # "{nb}", fpdf2's alias, becomes the number of pages when the file is written.
        self.cell(0, FOOTER_SIZE, f"Page {self.page_no()} sur {{nb}}", align="C")


def _printable(text: str) -> str:
    """The text as the WinAnsi encoding of the standard fonts can print it."""
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    return text.encode("cp1252", "replace").decode("cp1252")


def pdf_bytes(title: str, blocks: list[Block]) -> bytes:
    """A PDF document of the blocks."""
    pdf = _Document(unit="pt", format="A4")
    pdf.core_fonts_encoding = "cp1252"
    pdf.set_margins(MARGIN, MARGIN)
    pdf.set_auto_page_break(True, MARGIN)
    pdf.c_margin = 0
    pdf.set_title(title)
    pdf.set_lang("fr-BE")
    pdf.set_creator(GENERATOR)
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_page()
    for kind, text in blocks:
        style, size, before, indent, prefix = _LAYOUT[kind]
        leading = size * 1.35
        pdf.set_font("helvetica", style, size)
        if kind == "heading" and pdf.will_page_break(before + 3 * leading):
            pdf.add_page()  # a heading never ends a page
        pdf.ln(before)
        if pdf.will_page_break(leading):
            pdf.add_page()  # a list item's prefix goes on the page of its first line
        if prefix:
            pdf.set_x(MARGIN + indent - _PREFIX_GAP)
            pdf.cell(_PREFIX_GAP, leading, prefix)
        pdf.set_x(MARGIN + indent)
        pdf.multi_cell(0, leading, _printable(text), align="C" if kind == "title" else "L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(size * (0.9 if kind == "title" else 0.5))
    return bytes(pdf.output())
