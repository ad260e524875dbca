"""The private calendar feed of an institution: the address a calendar
client subscribes to (no session: the token is the key) and the member's
request for a new address."""
from __future__ import annotations

from flask import flash, url_for
from flask_login import current_user

from app.blueprints.collaborations import bp
from app.blueprints.collaborations.feed import (
    institution_by_token,
    institution_feed,
    renew_calendar_token,
)
from app.documents.ical import calendar_response
from app.web.actions import run_service
from app.web.render import fragment_or_redirect


@bp.get("/collaborations/agenda/<token>.ics")
def feed(token: str):
    response = calendar_response(institution_feed(institution_by_token(token)), "agenda.ics")
    # The address is a secret: kept out of shared caches, search engines
    # and the Referer of any link followed from the calendar.
    response.headers["Cache-Control"] = "private"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.post("/collaborations/agenda")
def renew_feed():
    user = current_user._get_current_object()
    done = run_service(renew_calendar_token, user.institution, user)
    if done:
        flash(done.value, "success")
    return fragment_or_redirect(url_for("collaborations.index", _anchor="agenda"),
                                "collaborations/_agenda.html",
                                lambda: {"institution": user.institution})
