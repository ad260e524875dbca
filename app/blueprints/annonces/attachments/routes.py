"""Files joined to an annonce: download (whoever may see the ad) and removal
(its own institution), the latter enhanced with htmx on the edit page."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, url_for
from flask_babel import format_decimal
from flask_login import current_user

from app.blueprints.annonces import bp
from app.blueprints.annonces.access import load_own, load_visible
from app.blueprints.annonces.services import remove_attachment
from app.extensions import db
from app.models import Annonce, AnnonceAttachment
from app.uploads import MB, delete_upload, send_upload
from app.web.render import render
from app.web.urls import is_htmx


@bp.app_template_filter("file_size")
def file_size(size: int) -> str:
    """A size as people read it: "240 Ko", "3,2 Mo"."""
    if size < MB:
        return f"{max(1, round(size / 1024))} Ko"
    return f"{format_decimal(round(size / MB, 1))} Mo"


def _attachment_of(annonce: Annonce, attachment_id: int) -> AnnonceAttachment:
    """The attachment if it belongs to this ad, else 404."""
    for attachment in annonce.attachments:
        if attachment.id == attachment_id:
            return attachment
    abort(404)


@bp.get("/<int:annonce_id>/pieces/<int:attachment_id>")
def attachment(annonce_id: int, attachment_id: int):
    annonce = load_visible(annonce_id, current_user)
    attachment = _attachment_of(annonce, attachment_id)
    try:
        return send_upload(attachment.stored_name, attachment.original_name,
                           attachment.content_type)
    except FileNotFoundError:
        current_app.logger.error("attachment %s missing from the upload folder", attachment.id)
        abort(404)


@bp.post("/<int:annonce_id>/pieces/<int:attachment_id>/supprimer")
def delete_attachment(annonce_id: int, attachment_id: int):
    user = current_user._get_current_object()
    annonce = load_own(annonce_id, user)
    attachment = _attachment_of(annonce, attachment_id)
    name = attachment.original_name
    stored_name = remove_attachment(annonce, attachment, user)
    db.session.commit()
    delete_upload(stored_name)  # only once the row is gone for good
    flash(f"La pièce jointe « {name} » est retirée de l'annonce.", "success")
    if not is_htmx():
        response = redirect(url_for("annonces.edit", annonce_id=annonce.id), code=303)
        response.vary.add("HX-Request")
        return response
    return render("annonces/form.html", "annonces/_attachment_list.html", annonce=annonce,
                  swapped=True)
