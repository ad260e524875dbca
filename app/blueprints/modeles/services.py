"""Changes to document templates: the manager's editing and the download
counts. Services check the rules, change the models, audit and flush; the
caller commits once. Refused input raises `FieldErrors`.

Files are stored before the database changes. When a file is refused, or
the change fails, the files already stored for the request are deleted, so
a refusal leaves neither a half-created template nor stray files.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from app.audit import record
from app.blueprints.annonces.search import normalise
from app.blueprints.modeles.queries import FORMATS
from app.domain import FieldErrors
from app.extensions import db
from app.models import (
    DocumentTemplate,
    TemplateCategory,
    TemplateFile,
    TemplateVersion,
    User,
    utcnow,
)
from app.uploads import MB, StoredFile, UploadError, delete_upload, store_upload

MAX_FILE_BYTES = 20 * MB
NO_FILE = "Joignez au moins un fichier : DOCX, ODT, PDF, XLSX ou ODS."
CONCURRENT_VERSION = ("Une autre version de ce modèle vient d'être enregistrée. Rechargez la "
                      "page, vérifiez l'historique et envoyez à nouveau vos fichiers.")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class TemplateData:
    title: str
    category: TemplateCategory
    description: str
    indicative: bool


def refresh_search_text(template: DocumentTemplate) -> None:
    """Recompute the searched words (call after any change of the metadata)."""
    text = " ".join((template.title, template.description or "", template.category.label))
    template.search_text = " ".join(_WORD.findall(normalise(text)))


def create_template(manager: User, data: TemplateData, note: str,
                    files: Mapping[str, FileStorage | None]) -> DocumentTemplate:
    """A new, unpublished template with its first version, last of its category."""
    stored = _store_files(files)
    try:
        template = DocumentTemplate(is_published=False, download_count=0,
                                    position=_next_position(data.category))
        _apply(template, data)
        db.session.add(template)
        version = _new_version(template, manager, 1, note, stored)
        db.session.flush()
        template.current_version = version
        template.updated_at = version.created_at
        db.session.flush()
        record("template.created", template, summary=template.title, actor=manager,
               formats=sorted(stored))
    except Exception:
        _discard(stored)
        raise
    return template


def update_template(template: DocumentTemplate, manager: User, data: TemplateData) -> None:
    """Change the title, category, description and mention of a template."""
    if data.category != template.category:
        template.position = _next_position(data.category)
    _apply(template, data)
    db.session.flush()
    record("template.updated", template, summary=template.title, actor=manager)


def add_version(template: DocumentTemplate, manager: User, note: str,
                files: Mapping[str, FileStorage | None]) -> TemplateVersion:
    """A new current version; the earlier ones stay downloadable."""
    stored = _store_files(files)
    number = max((v.number for v in template.versions), default=0) + 1
    try:
        version = _new_version(template, manager, number, note, stored)
        db.session.flush()  # a version saved meanwhile takes the number: IntegrityError
        template.current_version = version
        template.updated_at = version.created_at
        db.session.flush()
        record("template.version_added", template, summary=f"{template.title} – version "
               f"{number}", actor=manager, number=number, formats=sorted(stored))
    except IntegrityError as error:
        _discard(stored)
        raise FieldErrors({"note": CONCURRENT_VERSION}) from error
    except Exception:
        _discard(stored)
        raise
    return version


def set_published(template: DocumentTemplate, manager: User, published: bool) -> bool:
    """Publish or withdraw a template; False when it already was so."""
    if template.is_published == published:
        return False
    template.is_published = published
    db.session.flush()
    record("template.published" if published else "template.unpublished", template,
           summary=template.title, actor=manager)
    return True


def move_template(template: DocumentTemplate, manager: User, direction: str) -> bool:
    """Swap the template with its neighbour of the same category ("up" or
    "down"); False at either end. Positions are renumbered on the way, so
    templates seeded with equal positions still move one step at a time."""
    siblings = list(db.session.scalars(
        select(DocumentTemplate).where(DocumentTemplate.category == template.category)
        .order_by(DocumentTemplate.position, DocumentTemplate.id)))
    index = siblings.index(template)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    db.session.flush()
    record("template.moved", template, summary=template.title, actor=manager,
           direction=direction, position=template.position)
    return True


def count_download(template: DocumentTemplate, file: TemplateFile) -> None:
    """Add one download to the file and its template, in the database itself
    (UPDATE ... SET n = n + 1), so simultaneous downloads all count."""
    db.session.execute(update(TemplateFile).where(TemplateFile.id == file.id)
                       .values(download_count=TemplateFile.download_count + 1)
                       .execution_options(synchronize_session=False))
    db.session.execute(update(DocumentTemplate)
                       .where(DocumentTemplate.id == template.id)
                       .values(download_count=DocumentTemplate.download_count + 1)
                       .execution_options(synchronize_session=False))


def _apply(template: DocumentTemplate, data: TemplateData) -> None:
    template.title = data.title
    template.category = data.category
    template.description = data.description
    template.indicative = data.indicative
    refresh_search_text(template)


def _next_position(category: TemplateCategory) -> int:
    last = db.session.scalar(select(func.max(DocumentTemplate.position))
                             .where(DocumentTemplate.category == category))
    return (last or 0) + 1


def _new_version(template: DocumentTemplate, manager: User, number: int, note: str,
                 stored: dict[str, StoredFile]) -> TemplateVersion:
    version = TemplateVersion(template=template, number=number, note=note,
                              created_by=manager, created_at=utcnow())
    for file_format, file in stored.items():
        version.files.append(TemplateFile(
            format=file_format, original_name=file.original_name,
            stored_name=file.stored_name, content_type=file.content_type, size=file.size,
            download_count=0))
    db.session.add(version)  # no cascade from `template=` in SQLAlchemy 2
    return version


def _store_files(files: Mapping[str, FileStorage | None]) -> dict[str, StoredFile]:
    """Store the file of each format field: all of them, or none. Each field
    accepts only its own format."""
    chosen = {name: file for name, file in files.items()
              if name in FORMATS and file is not None and file.filename}
    if not chosen:
        raise FieldErrors({FORMATS[0]: NO_FILE})
    stored: dict[str, StoredFile] = {}
    for name, file in chosen.items():
        try:
            stored[name] = store_upload(file, frozenset({name}), MAX_FILE_BYTES)
        except UploadError as error:
            _discard(stored)
            raise FieldErrors({name: str(error)}) from error
    return stored


def _discard(stored: Mapping[str, StoredFile]) -> None:
    for file in stored.values():
        delete_upload(file.stored_name)
