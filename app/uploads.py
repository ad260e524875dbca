"""The one upload component: checks, storage under random names, downloads.

A file is accepted only if its extension is allowed for the use and its
first bytes (and, for Office files, its zip contents) match that type.
Macro-enabled documents and zip bombs are refused. Files are written to
UPLOAD_FOLDER under a random name (atomically: a temporary file renamed),
and sent back only as attachments with `nosniff`.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, send_file
from werkzeug.datastructures import FileStorage

MB = 1024 * 1024
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 200 * MB
ZIP_MAX_RATIO = 200
ZIP_MAX_MANIFEST = 64 * 1024  # the small parts read here: mimetype, [Content_Types].xml

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
IMAGES = frozenset({"png", "jpg", "jpeg", "gif", "webp"})
DOCUMENTS = frozenset({"pdf", "docx", "odt", "xlsx", "ods"})
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


class UploadError(Exception):
    """A refused file, with the French message to show next to the field."""


@dataclass(frozen=True)
class StoredFile:
    original_name: str
    stored_name: str
    content_type: str
    size: int
    extension: str


def upload_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def clean_original_name(filename: str) -> str:
    """The user's file name without any path, control characters or quotes."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>|:*?')
    return name.strip(" .")[:200] or "fichier"


def store_upload(file: FileStorage, allowed: frozenset[str], max_bytes: int) -> StoredFile:
    """Check `file` and store it; UploadError with a French message if refused."""
    original = clean_original_name(file.filename or "")
    extension = extension_of(original)
    if extension not in allowed:
        formats = ", ".join(sorted(e.upper() for e in allowed if e != "jpeg"))
        raise UploadError(f"Ce type de fichier n'est pas accepté. Formats acceptés : {formats}.")
    stored_name = secrets.token_hex(16)
    try:
        folder = upload_folder()
        handle, temp_path = tempfile.mkstemp(dir=folder, prefix=".upload-")
    except OSError as error:
        raise _storage_error() from error
    try:
        with os.fdopen(handle, "wb") as temp:
            size = _copy_limited(file.stream, temp, max_bytes)
        if size == 0:
            raise UploadError("Le fichier est vide.")
        _check_content(Path(temp_path), extension)
        os.replace(temp_path, folder / stored_name)
    except UploadError:
        _remove(temp_path)
        raise
    except OSError as error:
        _remove(temp_path)
        raise _storage_error() from error
    return StoredFile(original, stored_name, CONTENT_TYPES[extension], size, extension)


def _storage_error() -> UploadError:
    current_app.logger.error("upload folder not writable or full")
    return UploadError("Le fichier n'a pas pu être enregistré (espace de stockage "
                       "indisponible). Réessayez plus tard ; rien n'a été enregistré.")


def _copy_limited(source, target, max_bytes: int) -> int:
    size = 0
    while chunk := source.read(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise UploadError(
                f"Le fichier dépasse la taille maximale de {max_bytes // MB} Mo.")
        target.write(chunk)
    return size


def _check_content(path: Path, extension: str) -> None:
    with path.open("rb") as handle:
        head = handle.read(16)
    wrong = UploadError("Le contenu du fichier ne correspond pas à son extension.")
    if extension == "pdf" and not head.startswith(b"%PDF-"):
        raise wrong
    if extension == "png" and not head.startswith(b"\x89PNG\r\n\x1a\n"):
        raise wrong
    if extension in ("jpg", "jpeg") and not head.startswith(b"\xff\xd8\xff"):
        raise wrong
    if extension == "gif" and head[:6] not in (b"GIF87a", b"GIF89a"):
        raise wrong
    if extension == "webp" and not (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        raise wrong
    if extension in ("docx", "xlsx", "odt", "ods"):
        if not head.startswith(b"PK\x03\x04"):
            raise wrong
        _check_office_zip(path, extension, wrong)


def _check_office_zip(path: Path, extension: str, wrong: UploadError) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            if len(entries) > ZIP_MAX_ENTRIES or sum(e.file_size for e in entries) > \
                    ZIP_MAX_UNCOMPRESSED or any(
                        e.compress_size and e.file_size / e.compress_size > ZIP_MAX_RATIO
                        for e in entries):
                raise UploadError("Ce document est anormalement compressé et a été refusé.")
            if any(name.lower().endswith("vbaproject.bin") or name.startswith(
                    ("Basic/", "Scripts/")) for name in names):
                raise UploadError("Les documents contenant des macros ne sont pas acceptés. "
                                  "Enregistrez-le sans macros et réessayez.")
            if any(e.filename in ("mimetype", "[Content_Types].xml")
                   and e.file_size > ZIP_MAX_MANIFEST for e in entries):
                raise wrong
            if extension in OOXML_MAIN_PART:
                content_types = archive.read("[Content_Types].xml").lower() \
                    if "[Content_Types].xml" in names else b""
                if OOXML_MAIN_PART[extension] not in names:
                    raise wrong
                if b"macroenabled" in content_types:
                    raise UploadError("Les documents contenant des macros ne sont pas "
                                      "acceptés. Enregistrez-le sans macros et réessayez.")
            else:
                expected = CONTENT_TYPES[extension].encode()
                if "mimetype" not in names or archive.read("mimetype").strip() != expected:
                    raise wrong
    # Encrypted, corrupt or oddly compressed entries are refused, not a 500.
    except (zipfile.BadZipFile, KeyError, RuntimeError, NotImplementedError, EOFError,
            zlib.error) as error:
        raise wrong from error


def _remove(path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def delete_upload(stored_name: str) -> None:
    _remove(upload_folder() / stored_name)


def send_upload(stored_name: str, original_name: str, content_type: str):
    """The file as a download, named as uploaded (RFC 6266, accents kept)."""
    path = upload_folder() / stored_name
    response = send_file(path, mimetype=content_type, as_attachment=True,
                         download_name=original_name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def send_stored(file):
    """`file`, a row naming an upload (`stored_name`, `original_name`,
    `content_type`), as a download; 404, logged, when it is missing from
    the upload folder."""
    try:
        return send_upload(file.stored_name, file.original_name, file.content_type)
    except FileNotFoundError:
        current_app.logger.error("%s %s missing from the upload folder",
                                 type(file).__name__, file.id)
        abort(404)
