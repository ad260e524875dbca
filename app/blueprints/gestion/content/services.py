"""Rules shared by the published contents, missions and centrals:
addresses (slugs), creation and edition, publication, order, documents.

Services check the rules, change the models, audit and flush; the route
commits once. Problems come back as `FieldErrors`, one French message per
form field.
"""
from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from app.audit import record
from app.domain import FieldErrors
from app.extensions import db
from app.models import Centrale, CentraleDocument, Mission, MissionDocument, utcnow
from app.reference.seed import slugify
from app.uploads import DOCUMENTS, IMAGES, MB, UploadError, delete_upload, store_upload

Content = Mission | Centrale
DOCUMENT_TYPES = DOCUMENTS | IMAGES
DOCUMENT_MAX_BYTES = 20 * MB
# (audit prefix, French noun with its article, document model)
KINDS = {
    Mission: ("mission", "la mission", MissionDocument),
    Centrale: ("centrale", "la centrale", CentraleDocument),
}


def kind_of(item: Content) -> str:
    return KINDS[type(item)][0]


def _noun(item: Content) -> str:
    return KINDS[type(item)][1]


def _slug_taken(item: Content) -> FieldErrors:
    other = "une autre mission" if isinstance(item, Mission) else "une autre centrale"
    return FieldErrors({"slug": f"Cette adresse est déjà utilisée par {other} : "
                                "choisissez-en une autre."})


def _free_slug(item: Content, wanted: str | None, title: str) -> str:
    """The wanted slug if free, else FieldErrors; without one, a slug
    made from the title, numbered if needed."""
    model = type(item)
    others = select(model.slug)
    if item.id is not None:
        others = others.where(model.id != item.id)
    if wanted:
        if db.session.scalar(others.where(model.slug == wanted)) is not None:
            raise _slug_taken(item)
        return wanted
    base = slugify(title)[:190].strip("-") or kind_of(item)
    taken = set(db.session.scalars(
        others.where(or_(model.slug == base, model.slug.like(f"{base}-%")))))
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def save_content(item: Content, fields: dict, slug: str | None) -> Content:
    """Create (`item` new) or update a mission or central from form values."""
    created = item.id is None
    item.slug = _free_slug(item, slug, fields["title"])
    for name, value in fields.items():
        setattr(item, name, value)
    item.updated_at = utcnow()
    if created:
        model = type(item)
        item.position = (db.session.scalar(select(func.max(model.position))) or 0) + 1
    try:
        with db.session.begin_nested():
            db.session.add(item)
    except IntegrityError as error:
        # The same address was taken meanwhile by another manager.
        raise _slug_taken(item) from error
    verb = "created" if created else "updated"
    record(f"{kind_of(item)}.{verb}", item,
           summary=f"{_noun(item).capitalize()} « {item.title} » "
                   f"{'créée' if created else 'modifiée'}")
    db.session.flush()
    return item


def set_published(item: Content, published: bool) -> str:
    """Publish or withdraw; returns what was done, in French."""
    noun = _noun(item)
    if item.is_published == published:
        return (f"{noun.capitalize()} « {item.title} » est déjà "
                f"{'publiée' if published else 'retirée de la publication'} : rien n'a changé.")
    item.is_published = published
    item.updated_at = utcnow()
    record(f"{kind_of(item)}.{'published' if published else 'unpublished'}", item,
           summary=f"{noun.capitalize()} « {item.title} » "
                   f"{'publiée' if published else 'retirée de la publication'}")
    db.session.flush()
    if published:
        return f"{noun.capitalize()} « {item.title} » est publiée."
    return f"{noun.capitalize()} « {item.title} » n'est plus publiée : seuls les " \
           "gestionnaires la voient."


def move(item: Content, direction: str) -> bool:
    """Swap the item with its neighbour in the list order; False (and no
    change) at either end. Positions are renumbered 0..n-1 on the way."""
    model = type(item)
    ordered = list(db.session.scalars(
        select(model).order_by(model.position, model.id).with_for_update()))
    index = ordered.index(item)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(ordered):
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, row in enumerate(ordered):
        if row.position != position:
            row.position = position
    record(f"{kind_of(item)}.moved", item, direction=direction,
           summary=f"{_noun(item).capitalize()} « {item.title} » "
                   f"{'remontée' if direction == 'up' else 'descendue'} dans la liste")
    db.session.flush()
    return True


def add_document(item: Content, title: str, file):
    """Check and store an uploaded file as a document of the item."""
    try:
        stored = store_upload(file, DOCUMENT_TYPES, DOCUMENT_MAX_BYTES)
    except UploadError as error:
        raise FieldErrors({"document": str(error)}) from error
    document_model = KINDS[type(item)][2]
    document = document_model(
        title=title, original_name=stored.original_name, stored_name=stored.stored_name,
        content_type=stored.content_type, size=stored.size,
        position=max((d.position for d in item.documents), default=-1) + 1)
    item.documents.append(document)
    item.updated_at = utcnow()
    try:
        db.session.flush()
    except Exception:
        delete_upload(stored.stored_name)
        raise
    record("document.added", document, **{f"{kind_of(item)}_id": item.id},
           summary=f"Document « {title} » ajouté à {_noun(item)} « {item.title} »")
    db.session.flush()
    return document


def remove_document(item: Content, document) -> str:
    """Remove a document of the item; returns its stored name, to delete the
    file once the change is committed."""
    item.documents.remove(document)
    item.updated_at = utcnow()
    record("document.removed", document, **{f"{kind_of(item)}_id": item.id},
           summary=f"Document « {document.title} » retiré de {_noun(item)} « {item.title} »")
    db.session.flush()
    return document.stored_name
