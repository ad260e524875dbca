"""Office files the upload component refuses with a French message rather
than a server error: encrypted or oversized parts that it would read."""
from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from app.uploads import UploadError, store_upload
from tests.modeles.files import office_file


def _encrypted_docx() -> bytes:
    """A docx whose entries claim to be encrypted (flag bit 0 set)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buffer.getvalue())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + flag_offset] |= 1
            start += 4
    return bytes(data)


def _docx_with_a_huge_manifest() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        noise = "".join(hashlib.sha256(str(n).encode()).hexdigest() for n in range(2000))
        archive.writestr("[Content_Types].xml", f"<Types><!-- {noise} --></Types>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize("content", [_encrypted_docx(), _docx_with_a_huge_manifest()])
def test_unreadable_office_files_are_refused(app, content):
    with app.app_context(), pytest.raises(UploadError, match="ne correspond pas"):
        store_upload(office_file("docx", "piege.docx", content), frozenset({"docx"}),
                     1024 * 1024)
