"""Generated documents of the demo missions and centrals: a title and
paragraphs, as an OpenDocument text or a PDF (see `app.documents.office` and
`app.demo.pdf`, which also write the demo templates)."""
from __future__ import annotations

from app.demo.pdf import pdf_bytes
from app.documents.office import Block, odt_bytes


def _blocks(title: str, paragraphs: list[str]) -> list[Block]:
    return [("title", title), *(("paragraph", paragraph) for paragraph in paragraphs)]


def odt_document(title: str, paragraphs: list[str]) -> bytes:
    return odt_bytes(title, _blocks(title, paragraphs))


def pdf_document(title: str, paragraphs: list[str]) -> bytes:
    return pdf_bytes(title, _blocks(title, paragraphs))
