"""Files for the upload tests: valid documents of every format, and the
hostile ones the upload component must refuse."""
from __future__ import annotations

import io
import zipfile

from werkzeug.datastructures import FileStorage

from app.demo.pdf import pdf_bytes
from app.documents.office import docx_bytes, odt_bytes, parse

MB = 1024 * 1024
_BLOCKS = parse("# Modèle de test\n\nUn paragraphe.")


def _zip(entries: dict[str, bytes], first: tuple[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(first[0], first[1], compress_type=zipfile.ZIP_STORED)
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def ods_bytes() -> bytes:
    return _zip({"content.xml": b"<office:document-content/>"},
                first=("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"))


def document_bytes(file_format: str) -> bytes:
    writers = {"docx": docx_bytes, "odt": odt_bytes, "pdf": pdf_bytes}
    if file_format in writers:
        return writers[file_format]("Test", _BLOCKS)
    return xlsx_bytes() if file_format == "xlsx" else ods_bytes()


def office_file(file_format: str, name: str, content: bytes | None = None) -> FileStorage:
    data = document_bytes(file_format) if content is None else content
    return FileStorage(io.BytesIO(data), filename=name)


def upload(file_format: str, name: str | None = None, content: bytes | None = None):
    """A (stream, name) pair for a multipart test request."""
    data = document_bytes(file_format) if content is None else content
    return (io.BytesIO(data), name or f"modèle.{file_format}")


def executable_named_docx() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


def docx_with_macros() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>",
                 "word/vbaProject.bin": b"\x00" * 64})


def zip_bomb_docx() -> bytes:
    """A small file that would expand to 60 MB (highly compressed entry)."""
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>",
                 "word/media/padding.bin": b"\x00" * (60 * MB)})
