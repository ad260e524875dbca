"""Back office: the list of registration requests and deciding from it."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.blueprints.gestion import bp
from app.blueprints.inscription.forms import DecisionForm
from app.blueprints.inscription.services import (
    ALREADY_DECIDED,
    AlreadyDecided,
    DecisionError,
    decide,
    registration_overview,
)
from app.extensions import db
from app.models import RegistrationRequest


def _render_list(failed: DecisionForm | None = None, failed_id: int | None = None):
    """The list, with blank decision forms except the one that failed."""
    overview = registration_overview()
    forms = {item.registration.id: DecisionForm(formdata=None, request_id=item.registration.id)
             for item in overview.pending}
    if failed is not None:
        forms[failed_id] = failed
    return render_template("gestion/registrations.html", overview=overview, forms=forms)


@bp.get("/inscriptions")
def registrations():
    return _render_list()


@bp.post("/inscriptions/<int:request_id>/decision")
def decide_registration(request_id: int):
    registration = db.session.get(RegistrationRequest, request_id)
    if registration is None:
        abort(404)
    if not registration.is_pending:
        flash(ALREADY_DECIDED, "info")
        return redirect(url_for("gestion.registrations"), code=303)
    form = DecisionForm(request_id=request_id)
    if not form.validate():
        return _render_list(form, request_id)
    try:
        confirmation = decide(registration, current_user, form.decision.data, form.reason.data)
    except AlreadyDecided:
        db.session.rollback()
        flash(ALREADY_DECIDED, "info")
    except DecisionError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(confirmation, "success")
    return redirect(url_for("gestion.registrations"), code=303)
