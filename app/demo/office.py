"""Word (DOCX) and OpenDocument (ODT) files written from a light text
markup, for the demo content. No library needed: both formats are zip
files of a few XML parts, written here with fixed dates so the same text
always gives the same bytes.

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
from xml.sax.saxutils import escape

Block = tuple[str, str]  # (kind, text): title, heading, notice, item, paragraph
_FIXED_DATE = (2026, 1, 1, 0, 0, 0)
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


def _zip(parts: list[tuple[str, str]], stored_first: tuple[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if stored_first is not None:  # ODF: "mimetype" first and uncompressed
            archive.writestr(zipfile.ZipInfo(stored_first[0], _FIXED_DATE), stored_first[1],
                             compress_type=zipfile.ZIP_STORED)
        for name, content in parts:
            archive.writestr(zipfile.ZipInfo(name, _FIXED_DATE), content.encode("utf-8"),
                             compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


# --- DOCX (Office Open XML) ---------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_DOCX_TYPES = _XML + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/></Types>')
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DOCX_RELS = _XML + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>')
_DOCUMENT_RELS = _XML + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/numbering" Target="numbering.xml"/>'
    '</Relationships>')


def _docx_style(style_id: str, name: str, ppr: str = "", rpr: str = "") -> str:
    return (f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            + ('<w:basedOn w:val="Normal"/>' if style_id != "Normal" else "")
            + f'<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')


_DOCX_STYLES = _XML + (
    f'<w:styles xmlns:w="{_W}"><w:docDefaults><w:rPrDefault><w:rPr>'
    '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="22"/>'
    '<w:szCs w:val="22"/><w:lang w:val="fr-BE"/></w:rPr></w:rPrDefault><w:pPrDefault>'
    '<w:pPr><w:spacing w:after="140" w:line="264" w:lineRule="auto"/></w:pPr>'
    '</w:pPrDefault></w:docDefaults>'
    + _docx_style("Normal", "Normal", '<w:jc w:val="both"/>')
    + _docx_style("Title", "Title", '<w:spacing w:after="240"/><w:jc w:val="center"/>',
                  '<w:b/><w:sz w:val="32"/><w:szCs w:val="32"/>')
    + _docx_style("Heading1", "heading 1",
                  '<w:keepNext/><w:spacing w:before="280" w:after="120"/><w:jc w:val="left"/>'
                  '<w:outlineLvl w:val="0"/>', '<w:b/><w:sz w:val="24"/><w:szCs w:val="24"/>')
    + _docx_style("Notice", "Notice", '<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" '
                  'w:color="B3541E"/></w:pBdr><w:ind w:left="240"/>', "<w:i/>")
    + _docx_style("ListBullet", "List Bullet", '<w:spacing w:after="60"/>')
    + "</w:styles>")
_DOCX_NUMBERING = _XML + (
    f'<w:numbering xmlns:w="{_W}"><w:abstractNum w:abstractNumId="0">'
    '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="bullet"/><w:lvlText w:val="–"/><w:lvlJc w:val="left"/>'
    '<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
_DOCX_PARAGRAPH_STYLE = {"title": "Title", "heading": "Heading1", "notice": "Notice",
                         "item": "ListBullet", "paragraph": "Normal"}


def _docx_paragraph(kind: str, text: str) -> str:
    numbering = ('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
                 if kind == "item" else "")
    return (f'<w:p><w:pPr><w:pStyle w:val="{_DOCX_PARAGRAPH_STYLE[kind]}"/>{numbering}'
            f'</w:pPr><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')


def docx_bytes(title: str, blocks: list[Block]) -> bytes:
    """A Word document (A4, Arial 11) of the blocks."""
    body = "".join(_docx_paragraph(kind, text) for kind, text in blocks)
    document = _XML + (
        f'<w:document xmlns:w="{_W}"><w:body>{body}<w:sectPr>'
        '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1418" w:right="1418" '
        'w:bottom="1418" w:left="1418" w:header="709" w:footer="709" w:gutter="0"/>'
        '</w:sectPr></w:body></w:document>')
    core = _XML + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:title>{escape(title)}</dc:title><dc:creator>e-plateforme supra-communale'
        '</dc:creator><dc:language>fr-BE</dc:language></cp:coreProperties>')
    return _zip([("[Content_Types].xml", _DOCX_TYPES), ("_rels/.rels", _DOCX_RELS),
                 ("word/_rels/document.xml.rels", _DOCUMENT_RELS),
                 ("word/document.xml", document), ("word/styles.xml", _DOCX_STYLES),
                 ("word/numbering.xml", _DOCX_NUMBERING), ("docProps/core.xml", core)])


# --- ODT (OpenDocument text) -------------------------------------------------

ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
       'office:version="1.3"')
_ODT_XML = '<?xml version="1.0" encoding="UTF-8"?>\n'
_ODT_MANIFEST = _ODT_XML + (
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
    f'manifest:version="1.3" manifest:media-type="{ODT_MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
    '</manifest:manifest>')


def _odt_style(name: str, display: str, paragraph: str, text: str = "") -> str:
    return (f'<style:style style:name="{name}" style:display-name="{display}" '
            'style:family="paragraph" style:parent-style-name="Standard" style:class="text">'
            f'<style:paragraph-properties {paragraph}/><style:text-properties {text}/>'
            '</style:style>')


_ODT_STYLES = _ODT_XML + (
    f'<office:document-styles {_NS}><office:styles>'
    '<style:default-style style:family="paragraph"><style:paragraph-properties '
    'fo:margin-top="0cm" fo:margin-bottom="0.25cm"/><style:text-properties '
    'fo:font-family="Arial" fo:font-size="11pt" fo:language="fr" fo:country="BE"/>'
    '</style:default-style>'
    '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>'
    + _odt_style("Text_20_body", "Text body", 'fo:text-align="justify"')
    + _odt_style("Title", "Title", 'fo:text-align="center" fo:margin-bottom="0.45cm"',
                 'fo:font-size="16pt" fo:font-weight="bold"')
    + _odt_style("Heading_20_1", "Heading 1", 'fo:margin-top="0.5cm" fo:margin-bottom='
                 '"0.2cm" fo:keep-with-next="always"', 'fo:font-size="12pt" fo:font-weight="bold"')
    + _odt_style("Notice", "Notice", 'fo:margin-left="0.4cm" fo:padding-left="0.3cm" '
                 'fo:border-left="0.1cm solid #b3541e"', 'fo:font-style="italic"')
    + _odt_style("List_20_item", "List item", 'fo:margin-bottom="0.1cm"')
    + '<text:list-style style:name="Dashes"><text:list-level-style-bullet text:level="1" '
    'text:bullet-char="–"><style:list-level-properties '
    'text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-'
    'alignment text:label-followed-by="listtab" text:list-tab-stop-position="1.27cm" '
    'fo:text-indent="-0.635cm" fo:margin-left="1.27cm"/></style:list-level-properties>'
    '</text:list-level-style-bullet></text:list-style></office:styles>'
    '<office:automatic-styles><style:page-layout style:name="A4"><style:page-layout-'
    'properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2.5cm" '
    'fo:margin-bottom="2.5cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>'
    '</style:page-layout></office:automatic-styles><office:master-styles>'
    '<style:master-page style:name="Standard" style:page-layout-name="A4"/>'
    '</office:master-styles></office:document-styles>')
_ODT_PARAGRAPH_STYLE = {"title": "Title", "notice": "Notice", "paragraph": "Text_20_body"}


def _odt_body(blocks: list[Block]) -> str:
    parts: list[str] = []
    in_list = False
    for kind, text in blocks:
        if in_list and kind != "item":
            parts.append("</text:list>")
        if kind == "item" and not in_list:
            parts.append('<text:list text:style-name="Dashes">')
        in_list = kind == "item"
        if kind == "item":
            parts.append('<text:list-item><text:p text:style-name="List_20_item">'
                         f"{escape(text)}</text:p></text:list-item>")
        elif kind == "heading":
            parts.append('<text:h text:style-name="Heading_20_1" text:outline-level="1">'
                         f"{escape(text)}</text:h>")
        else:
            parts.append(f'<text:p text:style-name="{_ODT_PARAGRAPH_STYLE[kind]}">'
                         f"{escape(text)}</text:p>")
    if in_list:
        parts.append("</text:list>")
    return "".join(parts)


def odt_bytes(title: str, blocks: list[Block]) -> bytes:
    """An OpenDocument text (A4, Arial 11) of the blocks."""
    content = _ODT_XML + (f"<office:document-content {_NS}><office:body><office:text>"
                          f"{_odt_body(blocks)}</office:text></office:body>"
                          "</office:document-content>")
    meta = _ODT_XML + (
        '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:meta>'
        f"<dc:title>{escape(title)}</dc:title><dc:language>fr-BE</dc:language>"
        "<meta:generator>e-plateforme supra-communale</meta:generator></office:meta>"
        "</office:document-meta>")
    return _zip([("META-INF/manifest.xml", _ODT_MANIFEST), ("content.xml", content),
                 ("styles.xml", _ODT_STYLES), ("meta.xml", meta)],
                stored_first=("mimetype", ODT_MIMETYPE))
