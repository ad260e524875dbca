"""The button actions shared by the missions and centrals back office:
publish or withdraw, move in the list, remove a document. Each validates
its small form, calls one service, commits once and redirects (303)."""
from __future__ import annotations

from flask import abort, flash, redirect, url_for

from app.blueprints.gestion.content_forms import MoveForm, PublishForm
from app.blueprints.gestion.publishing import (
    Content,
    ContentInvalid,
    move,
    remove_document,
    set_published,
)
from app.extensions import db
from app.uploads import delete_upload
from app.web.urls import safe_next_path

UNKNOWN_ACTION = "Action inconnue : utilisez les boutons de la page."


def show_errors(form, error: ContentInvalid) -> None:
    """Put the service's messages next to their fields."""
    for name, message in error.errors.items():
        form[name].errors = [*form[name].errors, message]


def document_of(item: Content, document_id: int):
    """The document if it belongs to this item, else 404."""
    for document in item.documents:
        if document.id == document_id:
            return document
    abort(404)


def publish_action(item: Content, list_endpoint: str):
    form = PublishForm()
    if form.validate():
        message = set_published(item, form.published.data == "1")
        db.session.commit()
        flash(message, "success")
    else:
        flash(UNKNOWN_ACTION, "error")
    return redirect(safe_next_path(form.next.data) or url_for(list_endpoint), code=303)


def move_action(item: Content, list_endpoint: str):
    form = MoveForm()
    if not form.validate():
        flash(UNKNOWN_ACTION, "error")
    elif move(item, form.direction.data):
        db.session.commit()
        flash(f"« {item.title} » est {'remontée' if form.direction.data == 'up' else 'descendue'}"
              " d'un rang.", "success")
    else:
        flash(f"« {item.title} » est déjà "
              f"{'en tête' if form.direction.data == 'up' else 'en fin'} de liste.", "info")
    return redirect(url_for(list_endpoint), code=303)


def delete_document_action(item: Content, document_id: int, edit_url: str):
    document = document_of(item, document_id)
    title = document.title
    stored_name = remove_document(item, document)
    db.session.commit()
    delete_upload(stored_name)  # only once the row is gone for good
    flash(f"Le document « {title} » est retiré.", "success")
    return redirect(edit_url, code=303)
