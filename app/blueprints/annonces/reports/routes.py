"""Report an annonce to the platform managers (`POST /annonces/<id>/signaler`).

With htmx the report section of the annonce page is swapped in place; without
JavaScript a report redirects (303) to the annonce page with a message. A
refused reason comes back with status 200 and the text kept.
"""
from __future__ import annotations

from flask import abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.blueprints.annonces import bp
from app.blueprints.annonces.access import is_own, load_visible
from app.blueprints.annonces.reports.forms import ReportForm
from app.blueprints.annonces.reports.services import report_annonce
from app.extensions import limiter
from app.web.actions import run_service
from app.web.render import fragment_or_redirect, render

REPORT_LIMIT = "10 per hour"
PAGE = "annonces/report.html"
FRAGMENT = "annonces/_report.html"


def _reporter_key() -> str:
    return f"report:{current_user.get_id()}"


@bp.post("/<int:annonce_id>/signaler")
@limiter.limit(REPORT_LIMIT, key_func=_reporter_key)
def report(annonce_id: int):
    user = current_user._get_current_object()
    annonce = load_visible(annonce_id, user)
    if is_own(user, annonce):
        abort(403)
    form = ReportForm()
    if form.validate_on_submit() and (
            done := run_service(report_annonce, annonce, user, form.reason.data, form=form)):
        if done.value:
            flash(_("Merci : votre signalement a été transmis au gestionnaire de la "
                    "plateforme."), "success")
        else:
            flash(_("Vous avez déjà signalé cette annonce."), "info")
        return fragment_or_redirect(
            url_for("annonces.detail", annonce_id=annonce.id, _anchor="signaler"), FRAGMENT,
            lambda: {"annonce": annonce, "is_own": False, "report_sent": True})
    return render(PAGE, FRAGMENT, annonce=annonce, is_own=False, report_form=form)
