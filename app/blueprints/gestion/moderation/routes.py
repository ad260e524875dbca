"""Back office: moderation of annonces. Every ad, hidden ones included, with
filters, those with open reports first; hiding and showing again go through
the annonces blueprint's routes (`annonces.hide`, `annonces.unhide`), which
tell the author and resolve the open reports; « classer sans suite »
dismisses them here."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.blueprints.annonces.reports.services import dismiss_reports as dismiss_reports_of
from app.blueprints.gestion import bp
from app.blueprints.gestion.moderation.forms import REPORTED, ModerationFilterForm
from app.blueprints.gestion.moderation.queries import moderation_page
from app.extensions import db
from app.models import Annonce
from app.web.actions import run_service
from app.web.render import render


@bp.get("/annonces")
def annonces():
    form = ModerationFilterForm(formdata=request.args)
    form.validate()
    results = moderation_page(form.criteria(), request.args.get("page", 1, type=int))
    return render("gestion/annonces.html", "gestion/_annonces_results.html",
                  announce=ngettext("%(num)d annonce trouvée.", "%(num)d annonces trouvées.",
                                    results.total),
                  form=form, results=results, filters=form.filters())


@bp.post("/annonces/<int:annonce_id>/classer")
def dismiss_reports(annonce_id: int):
    """« Classer sans suite »: the annonce's open reports are resolved as
    dismissed; the annonce stays as it is. Back to the reported annonces."""
    annonce = db.session.get(Annonce, annonce_id) or abort(404)
    if run_service(dismiss_reports_of, annonce, current_user._get_current_object(),
                   category="info"):
        flash(_("Les signalements de l’annonce « %(title)s » sont classés sans suite.",
                title=annonce.title), "success")
    return redirect(url_for("gestion.annonces", signalement=REPORTED), code=303)
