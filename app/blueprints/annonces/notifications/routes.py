"""Following the delivery of an ad's broadcast: the figures, polled by htmx.

The answer is always the partial, with or without `HX-Request`: the page of
the ad shows the same figures at load (without JavaScript too), and only its
`hx-get` asks for this URL. It goes through neither `render` nor
`fragment_or_redirect`, on purpose: a poll every 5 seconds must not empty
the flash region out of band (the "annonce publiée" message would vanish),
nor take the focus as a swapped fragment does. The poll does not count as
activity for the idle timeout (`app/auth/sessions.py`); like every member's
page, it is sent with `Cache-Control: no-store` (`app/web/headers.py`).
"""
from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from app.blueprints.annonces import bp
from app.blueprints.annonces.notifications.delivery import delivery_of, may_follow
from app.extensions import db
from app.models import Annonce


@bp.get("/<int:annonce_id>/envoi")
def delivery(annonce_id: int):
    user = current_user._get_current_object()
    annonce = db.session.get(Annonce, annonce_id)
    if annonce is None or not may_follow(user, annonce):
        abort(404)
    return render_template("annonces/_delivery.html", annonce=annonce,
                           delivery=delivery_of(annonce.broadcast_body_id))
