"""Files joined to an annonce: download (whoever may see the ad) and removal
(its own institution), the latter enhanced with htmx on the edit page."""
from __future__ import annotations

from flask import abort, flash, url_for
from flask_babel import format_decimal
from flask_login import current_user

from app.blueprints.annonces import bp
from app.blueprints.annonces.access import load_own, load_visible
from app.blueprints.annonces.attachments.services import remove_attachment
from app.models import Annonce, AnnonceAttachment
from app.uploads import MB, delete_upload, send_stored
from app.web.actions import run_service
from app.web.render import fragment_or_redirect


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
    return send_stored(_attachment_of(annonce, attachment_id))


@bp.post("/<int:annonce_id>/pieces/<int:attachment_id>/supprimer")
def delete_attachment(annonce_id: int, attachment_id: int):
    user = current_user._get_current_object()
    annonce = load_own(annonce_id, user)
    attachment = _attachment_of(annonce, attachment_id)
    name = attachment.original_name
    stored_name = run_service(remove_attachment, annonce, attachment, user).value
    delete_upload(stored_name)  # only once the row is gone for good
    flash(f"La pièce jointe « {name} » est retirée de l'annonce.", "success")
    return fragment_or_redirect(url_for("annonces.edit", annonce_id=annonce.id),
                                "annonces/_attachment_list.html", lambda: {"annonce": annonce})
