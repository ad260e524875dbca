"""Word (DOCX) and OpenDocument (ODT) files written from a light text
markup by python-docx and odfpy: the pre-filled conventions of the
collaborations and the demo content. Dates inside the files and in their
zip entries are fixed, so the same text always gives the same bytes.

The markup: blocks are separated by blank lines; a block starting with
"# " is the title, "## " a heading, "> " a notice in italics; in a block of
"- " lines every line is a list item (indented lines continue it); any
other block is a paragraph. Lines of a block are joined by spaces.
"""
from __future__ import annotations

import io
import re
import textwrap
import zipfile
from datetime import UTC, datetime

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips
from odf import dc, meta
from odf.opendocument import OpenDocumentText
from odf.style import (
    DefaultStyle,
    ListLevelLabelAlignment,
    ListLevelProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TextProperties,
)
from odf.text import H, List, ListItem, ListLevelStyleBullet, ListStyle, P

Block = tuple[str, str]  # (kind, text): title, heading, notice, item, paragraph
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
GENERATOR = "e-plateforme supra-communale"
_PREFIXES = (("# ", "title"), ("## ", "heading"), ("> ", "notice"))


def parse(markup: str) -> list[Block]:
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", textwrap.dedent(markup).strip()):
        lines = chunk.splitlines()
        if lines[0].startswith("- "):
            items: list[str] = []
            for line in lines:
                if line.startswith("- "):
                    items.append(line[2:].strip())
                else:
                    items[-1] += " " + line.strip()
            blocks += [("item", item) for item in items]
            continue
        text = " ".join(line.strip() for line in lines)
        kind = next((k for prefix, k in _PREFIXES if text.startswith(prefix)), "paragraph")
        blocks.append((kind, text.split(" ", 1)[1] if kind != "paragraph" else text))
    return blocks


def _with_fixed_dates(archive: bytes) -> bytes:
    """The same zip file, every entry dated FIXED_DATE (the libraries date
    them with the clock)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(buffer, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, FIXED_DATE.timetuple()[:6])
            fixed.compress_type = entry.compress_type
            fixed.external_attr = entry.external_attr
            target.writestr(fixed, source.read(entry))
    return buffer.getvalue()


# --- DOCX (Office Open XML) ---------------------------------------------------

_DOCX_PARAGRAPH_STYLE = {"title": "Title", "heading": "Heading 1", "notice": "Notice",
                         "item": "List Bullet", "paragraph": "Normal"}


def _docx_element(tag: str, **attributes: str):
    """An OOXML element python-docx has no API for (`w:lang`, `w:pBdr`)."""
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _docx_font(style, size: float, bold: bool | None = None) -> None:
    """Arial in black, in place of the theme fonts and colours of python-docx's
    default template."""
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attribute}"), None)
    style.font.name, style.font.size, style.font.bold = "Arial", Pt(size), bold
    style.font.color.rgb = RGBColor(0, 0, 0)


def _docx_styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _docx_font(normal, 11)
    # After w:sz, as the schema orders a run's properties.
    normal.element.rPr.insert_element_before(_docx_element("w:lang", val="fr-BE"),
                                             "w:eastAsianLayout", "w:specVanish", "w:oMath")
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.space_after = Pt(7)
    normal.paragraph_format.line_spacing = 1.1
    title = styles["Title"]
    _docx_font(title, 16, bold=True)
    title.element.pPr.remove(title.element.pPr.find(qn("w:pBdr")))
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    heading = styles["Heading 1"]
    _docx_font(heading, 12, bold=True)
    heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    heading.paragraph_format.space_before, heading.paragraph_format.space_after = Pt(14), Pt(6)
    styles["List Bullet"].paragraph_format.space_after = Pt(3)
    notice = styles.add_style("Notice", WD_STYLE_TYPE.PARAGRAPH)
    notice.base_style = normal
    borders = _docx_element("w:pBdr")
    borders.append(_docx_element("w:left", val="single", sz="18", space="8", color="B3541E"))
    notice.element.get_or_add_pPr().append(borders)  # first: python-docx orders what follows
    notice.paragraph_format.left_indent = Pt(12)
    notice.font.italic = True


def docx_bytes(title: str, blocks: list[Block]) -> bytes:
    """A Word document (A4, Arial 11) of the blocks."""
    document = docx.Document()
    _docx_styles(document)
    section = document.sections[0]
    section.page_width, section.page_height = Twips(11906), Twips(16838)
    for side in ("top", "right", "bottom", "left"):
        setattr(section, f"{side}_margin", Twips(1418))
    for kind, text in blocks:
        document.add_paragraph(text, style=_DOCX_PARAGRAPH_STYLE[kind])
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:  # the template's, not this text's
            del package_rels[rel_id]
    properties = document.core_properties
    properties.title, properties.author, properties.language = title, GENERATOR, "fr-BE"
    properties.comments = properties.last_modified_by = ""
    properties.created = properties.modified = FIXED_DATE.replace(tzinfo=None)
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_fixed_dates(buffer.getvalue())


# --- ODT (OpenDocument text) -------------------------------------------------


def _odt_style(name: str, display: str, paragraph: dict, text: dict | None = None) -> Style:
    style = Style(name=name, displayname=display, family="paragraph",
                  parentstylename="Standard", attributes={"class": "text"})
    style.addElement(ParagraphProperties(**paragraph))
    style.addElement(TextProperties(**(text or {})))
    return style


def _odt_styles(document: OpenDocumentText) -> None:
    default = DefaultStyle(family="paragraph")
    default.addElement(ParagraphProperties(margintop="0cm", marginbottom="0.25cm"))
    default.addElement(TextProperties(fontfamily="Arial", fontsize="11pt", language="fr",
                                      country="BE"))
    bold = {"fontweight": "bold"}
    dashes = ListStyle(name="Dashes")
    bullet = ListLevelStyleBullet(level=1, bulletchar="–")
    properties = ListLevelProperties(listlevelpositionandspacemode="label-alignment")
    properties.addElement(ListLevelLabelAlignment(
        labelfollowedby="listtab", listtabstopposition="1.27cm", textindent="-0.635cm",
        marginleft="1.27cm"))
    bullet.addElement(properties)
    dashes.addElement(bullet)
    for style in (
        default,
        Style(name="Standard", family="paragraph", attributes={"class": "text"}),
        _odt_style("Text_20_body", "Text body", {"textalign": "justify"}),
        _odt_style("Title", "Title", {"textalign": "center", "marginbottom": "0.45cm"},
                   {"fontsize": "16pt", **bold}),
        _odt_style("Heading_20_1", "Heading 1", {"margintop": "0.5cm", "marginbottom": "0.2cm",
                                                 "keepwithnext": "always"},
                   {"fontsize": "12pt", **bold}),
        _odt_style("Notice", "Notice", {"marginleft": "0.4cm", "paddingleft": "0.3cm",
                                        "borderleft": "0.1cm solid #b3541e"},
                   {"fontstyle": "italic"}),
        _odt_style("List_20_item", "List item", {"marginbottom": "0.1cm"}),
        dashes,
    ):
        document.styles.addElement(style)
    a4 = PageLayout(name="A4")
    a4.addElement(PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm",
                                       margintop="2.5cm", marginbottom="2.5cm",
                                       marginleft="2.5cm", marginright="2.5cm"))
    document.automaticstyles.addElement(a4)
    document.masterstyles.addElement(MasterPage(name="Standard", pagelayoutname=a4))


_ODT_PARAGRAPH_STYLE = {"title": "Title", "notice": "Notice", "paragraph": "Text_20_body"}


def odt_bytes(title: str, blocks: list[Block]) -> bytes:
    """An OpenDocument text (A4, Arial 11) of the blocks."""
    document = OpenDocumentText()
    _odt_styles(document)
    current_list = None
    for kind, text in blocks:
        if kind != "item":
            current_list = None
        if kind == "item":
            if current_list is None:
                current_list = List(stylename="Dashes")
                document.text.addElement(current_list)
            item = ListItem()
            item.addElement(P(stylename="List_20_item", text=text))
            current_list.addElement(item)
        elif kind == "heading":
            document.text.addElement(H(stylename="Heading_20_1", outlinelevel=1, text=text))
        else:
            document.text.addElement(P(stylename=_ODT_PARAGRAPH_STYLE[kind], text=text))
    document.meta.addElement(dc.Title(text=title))
    document.meta.addElement(dc.Language(text="fr-BE"))
    document.meta.addElement(meta.InitialCreator(text=GENERATOR))
    # odfpy declares in each part the namespaces that any part of the process
    # used before (a class attribute): building content.xml once first gives
    # the first document of a process the same styles.xml as the next ones.
    document.contentxml()
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_fixed_dates(buffer.getvalue())
