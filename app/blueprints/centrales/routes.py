"""Purchasing centrals (public): the filtered list, one central with its
documents, the Atom feed and the iCalendar of their dates, and a member's
request to join."""
from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user

from app.blueprints.centrales import bp
from app.blueprints.centrales.adhesions import adhesion_of, request_adhesion
from app.blueprints.centrales.calendar import centrales_calendar
from app.blueprints.centrales.feed import centrales_feed
from app.blueprints.centrales.forms import AdhereForm
from app.blueprints.centrales.queries import (
    CentraleFilters,
    centrale_page,
    facts_of,
    published_centrales,
    visible_centrale,
    visible_document,
)
from app.documents.ical import calendar_response
from app.localtime import brussels_today
from app.markdown import render_markdown
from app.models import Centrale, CentraleDomain, CentraleStatus
from app.uploads import send_stored
from app.web.actions import run_service
from app.web.render import render


@bp.app_template_filter("centrale_status")
def centrale_status(centrale: Centrale) -> CentraleStatus:
    """The status of a central today, in Brussels."""
    return centrale.status_on(brussels_today())


@bp.get("/centrales")
def index():
    filters = CentraleFilters.from_args(request.args)
    page = centrale_page(filters, brussels_today())
    return render("centrales/index.html", "centrales/_results.html",
                  announce=ngettext("%(num)d centrale trouvée.", "%(num)d centrales trouvées.",
                                    page.total), filters=filters,
                  page=page, centrales=page.items, statuses=list(CentraleStatus),
                  domains=list(CentraleDomain))


def _detail_page(centrale: Centrale, form: AdhereForm):
    return render_template("centrales/detail.html", centrale=centrale, form=form,
                           facts=facts_of(centrale, brussels_today()),
                           adhesion=adhesion_of(centrale, current_user),
                           description_html=render_markdown(centrale.description))


@bp.get("/centrales/<slug>")
def detail(slug: str):
    return _detail_page(visible_centrale(slug, current_user), AdhereForm(formdata=None))


@bp.get("/centrales/<slug>/documents/<int:document_id>")
def document(slug: str, document_id: int):
    return send_stored(visible_document(slug, document_id, current_user))


@bp.post("/centrales/<slug>/adherer")
def adhere(slug: str):
    centrale = visible_centrale(slug, current_user)
    form = AdhereForm()
    if not form.validate():
        return _detail_page(centrale, form)
    done = run_service(request_adhesion, centrale, current_user._get_current_object(),
                       form.message.data or "")
    if done:
        flash(done.value, "success")
    return redirect(url_for("centrales.detail", slug=centrale.slug), code=303)


@bp.get("/centrales.atom")
def feed():
    response = make_response(centrales_feed(published_centrales()))
    response.mimetype = "application/atom+xml"
    return response


@bp.get("/centrales.ics")
def calendar():
    return calendar_response(centrales_calendar(published_centrales()), "centrales.ics")
