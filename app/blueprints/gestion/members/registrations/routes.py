"""Back office: the lists of registration requests, deciding from them and
sending a decision email again."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from app.blueprints.gestion import bp
from app.blueprints.gestion.members.registrations import queries, services
from app.blueprints.gestion.members.registrations.forms import RegistrationFilterForm
from app.blueprints.inscription.forms import DecisionForm
from app.blueprints.inscription.services import ALREADY_DECIDED, AlreadyDecided, decide
from app.extensions import db
from app.models import RegistrationRequest
from app.web.actions import run_service
from app.web.render import render


def _render_list(failed: DecisionForm | None = None, failed_id: int | None = None):
    """One tab of the list; pending requests get blank decision forms,
    except the one that failed, shown with its error."""
    form = RegistrationFilterForm(formdata=request.args)
    form.validate()
    tab = form.value("tab") or queries.DEFAULT_TAB
    search = form.value("q")
    results = queries.list_registrations(tab, search, request.args.get("page", 1, type=int))
    forms = {}
    if tab == queries.DEFAULT_TAB:
        forms = {registration.id: DecisionForm(formdata=None, request_id=registration.id)
                 for registration in results.items}
    if failed is not None:
        forms[failed_id] = failed
    filters = {key: value for key, value in {"statut": tab, "q": search}.items() if value}
    return render("gestion/registrations.html", "gestion/_registrations_results.html",
                  form=form, tab=tab, search=search, results=results, forms=forms,
                  filters=filters, counts=queries.tab_counts(),
                  tab_labels=queries.TAB_LABELS, ages=queries.ages_in_days(results.items),
                  can_resend=queries.can_resend)


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
    done = run_service(decide, registration, current_user, form.decision.data,
                       form.reason.data, category=None)
    if done:
        flash(done.value, "success")
    elif isinstance(done.error, AlreadyDecided):
        flash(ALREADY_DECIDED, "info")
    else:
        flash(done.error.message, "error")
    return redirect(url_for("gestion.registrations"), code=303)


@bp.post("/inscriptions/<int:request_id>/renvoyer")
def resend_decision_email(request_id: int):
    registration = db.get_or_404(RegistrationRequest, request_id)
    if done := run_service(services.resend_decision_email, registration):
        flash(done.value, "success")
    return redirect(url_for("gestion.registrations", statut=queries.tab_of(registration)),
                    code=303)
