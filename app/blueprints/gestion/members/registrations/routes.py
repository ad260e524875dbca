"""Back office: the lists of registration requests, deciding from them and
sending a decision email again."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from app.blueprints.gestion import bp, registration_services
from app.blueprints.gestion.forms import RegistrationFilterForm
from app.blueprints.gestion.services import ManagementError
from app.blueprints.inscription.forms import DecisionForm
from app.blueprints.inscription.services import (
    ALREADY_DECIDED,
    AlreadyDecided,
    DecisionError,
    decide,
)
from app.extensions import db
from app.models import RegistrationRequest
from app.web.render import render


def _render_list(failed: DecisionForm | None = None, failed_id: int | None = None):
    """One tab of the list; pending requests get blank decision forms,
    except the one that failed, shown with its error."""
    form = RegistrationFilterForm(formdata=request.args)
    form.validate()
    tab = form.value("statut") or registration_services.DEFAULT_TAB
    search = form.value("q")
    results = registration_services.list_registrations(
        tab, search, request.args.get("page", 1, type=int))
    forms = {}
    if tab == registration_services.DEFAULT_TAB:
        forms = {registration.id: DecisionForm(formdata=None, request_id=registration.id)
                 for registration in results.items}
    if failed is not None:
        forms[failed_id] = failed
    filters = {key: value for key, value in {"statut": tab, "q": search}.items() if value}
    return render("gestion/registrations.html", "gestion/_registrations_results.html",
                  form=form, tab=tab, search=search, results=results, forms=forms,
                  filters=filters, counts=registration_services.tab_counts(),
                  tab_labels=registration_services.TAB_LABELS,
                  ages=registration_services.ages_in_days(results.items),
                  can_resend=registration_services.can_resend)


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


@bp.post("/inscriptions/<int:request_id>/renvoyer")
def resend_decision_email(request_id: int):
    registration = db.get_or_404(RegistrationRequest, request_id)
    try:
        done = registration_services.resend_decision_email(registration)
    except ManagementError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("gestion.registrations",
                            statut=registration_services.tab_of(registration)), code=303)
