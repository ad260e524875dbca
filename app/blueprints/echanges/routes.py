"""`/echanges`, the list of my institution's threads (with htmx, the filter
"Non lus seulement" swaps the list only), and `/echanges/compteur`, the
header's link with its unread count, polled by htmx once a minute.

The counter is public in the policy table: when the session has expired, a
poll must not bring the login page into the header; it answers 286 (htmx
stops polling) with a plain link. Polls do not count as activity
(app/auth/sessions.py): they never keep an idle session alive."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import make_response, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user

from app.blueprints.echanges import bp
from app.blueprints.echanges.queries import header_unread_count, inbox
from app.web.pagination import page_arg
from app.web.render import render

STOP_POLLING = 286  # htmx's status for "stop polling"


@bp.get("/echanges")
def index():
    user = current_user._get_current_object()
    unread_only = request.args.get("non-lus") == "1"
    threads = inbox(user, unread_only, page_arg(request.args.get("page")))
    total = threads.total
    announce = (ngettext("%(num)d échange non lu.", "%(num)d échanges non lus.", total)
                if unread_only else ngettext("%(num)d échange.", "%(num)d échanges.", total))
    return render("echanges/index.html", "echanges/_list.html", announce=announce,
                  threads=threads, unread_only=unread_only,
                  filters={"non-lus": "1"} if unread_only else {})


@bp.get("/echanges/compteur")
def counter():
    member = current_user.is_authenticated and current_user.institution_id is not None
    # htmx names the page the poll comes from: the link keeps aria-current there.
    page = urlsplit(request.headers.get("HX-Current-URL", "")).path
    body = render_template("echanges/_counter.html", polling=member,
                           unread=header_unread_count() if member else 0,
                           current=page == url_for("echanges.index"))
    response = make_response(body, 200 if member else STOP_POLLING)
    response.headers["Cache-Control"] = "no-store"
    return response


# The header calls it only for a logged-in member (_account_nav.html).
bp.add_app_template_global(header_unread_count, "unread_threads_count")
