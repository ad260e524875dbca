"""Back office: the adherents of a central, their CSV export, and the
decision on a request to join (taken once)."""
from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_login import current_user

from app.blueprints.centrales.adhesions import ALREADY_DECIDED, decide_adhesion
from app.blueprints.gestion import bp
from app.blueprints.gestion.content.adhesions.export import adherents_csv, centrale_adhesions
from app.blueprints.gestion.content.adhesions.forms import AdhesionDecisionForm
from app.extensions import db
from app.models import Adhesion, AdhesionStatus, Centrale
from app.web.actions import run_service


def _adherents_page(centrale: Centrale, failed: AdhesionDecisionForm | None = None,
                    failed_id: int | None = None):
    """The list, with blank decision forms except the one that failed."""
    adhesions = centrale_adhesions(centrale)
    forms = {adhesion.id: AdhesionDecisionForm(formdata=None, adhesion_id=adhesion.id)
             for adhesion in adhesions if adhesion.status is AdhesionStatus.PENDING}
    if failed is not None:
        forms[failed_id] = failed
    return render_template("gestion/centrale_adherents.html", centrale=centrale,
                           adhesions=adhesions, forms=forms)


def _to_adherents(centrale_id: int):
    return redirect(url_for("gestion.centrale_adherents", centrale_id=centrale_id), code=303)


@bp.get("/centrales/<int:centrale_id>/adherents")
def centrale_adherents(centrale_id: int):
    return _adherents_page(db.get_or_404(Centrale, centrale_id))


@bp.get("/centrales/<int:centrale_id>/adherents.csv")
def centrale_adherents_csv(centrale_id: int):
    centrale = db.get_or_404(Centrale, centrale_id)
    response = make_response(adherents_csv(centrale))
    response.mimetype = "text/csv"
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = \
        f'attachment; filename="adherents-{centrale.slug}.csv"'
    return response


@bp.post("/adhesions/<int:adhesion_id>")
def adhesion_decide(adhesion_id: int):
    adhesion = db.session.get(Adhesion, adhesion_id)
    if adhesion is None:
        abort(404)
    centrale_id = adhesion.centrale_id
    if adhesion.status is not AdhesionStatus.PENDING:
        flash(ALREADY_DECIDED, "info")
        return _to_adherents(centrale_id)
    form = AdhesionDecisionForm(adhesion_id=adhesion_id)
    if not form.validate():
        return _adherents_page(adhesion.centrale, form, adhesion_id)
    done = run_service(decide_adhesion, adhesion, current_user._get_current_object(),
                       form.decision.data, form.reason.data or "", category="info")
    if done:
        flash(done.value, "success")
    return _to_adherents(centrale_id)
