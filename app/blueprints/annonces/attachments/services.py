"""Files joined to an annonce: their limits, storing the files of a create or
edit request (all of them or none), and removing one. Like the ad's own
services, these functions only flush."""
from __future__ import annotations

from collections.abc import Sequence

from werkzeug.datastructures import FileStorage

from app.audit import record
from app.domain import FieldErrors
from app.extensions import db
from app.models import Annonce, AnnonceAttachment, User
from app.uploads import (
    IMAGES,
    MB,
    StoredFile,
    UploadError,
    clean_original_name,
    delete_upload,
    store_upload,
)

MAX_ATTACHMENTS = 5
ATTACHMENT_TYPES = IMAGES | {"pdf"}
ATTACHMENT_MAX_BYTES = 10 * MB


def too_many_problem(existing: int, added: int) -> str | None:
    """Why an ad with `existing` files cannot take `added` more, or None."""
    if existing + added <= MAX_ATTACHMENTS:
        return None
    return (f"Une annonce peut avoir au plus {MAX_ATTACHMENTS} pièces jointes"
            + (f" (elle en a déjà {existing})." if existing else "."))


def store_files(files: Sequence[FileStorage]) -> list[StoredFile]:
    """Store every file, or none: a refused file removes the ones before it."""
    stored: list[StoredFile] = []
    for file in files:
        try:
            stored.append(store_upload(file, ATTACHMENT_TYPES, ATTACHMENT_MAX_BYTES))
        except UploadError as error:
            discard(stored)
            name = clean_original_name(file.filename or "")
            raise FieldErrors({"attachments": f"« {name} » : {error}"}) from error
    return stored


def discard(stored: list[StoredFile]) -> None:
    """Delete files stored for a change that did not go through."""
    for file in stored:
        delete_upload(file.stored_name)


def attach(annonce: Annonce, stored: list[StoredFile]) -> None:
    for file in stored:
        annonce.attachments.append(AnnonceAttachment(
            original_name=file.original_name, stored_name=file.stored_name,
            content_type=file.content_type, size=file.size))


def remove_attachment(annonce: Annonce, attachment: AnnonceAttachment, user: User) -> str:
    """Detach a file from the ad; returns its stored name, to delete from the
    disk once the change is committed."""
    stored_name = attachment.stored_name
    annonce.attachments.remove(attachment)
    db.session.flush()
    record("annonce.attachment_removed", annonce, summary=attachment.original_name, actor=user)
    return stored_name
