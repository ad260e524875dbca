"""Registration: the public form, its inline checks, and the decision link."""
from __future__ import annotations

import logging

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.tokens import TokenError
from app.blueprints.inscription import bp
from app.blueprints.inscription.forms import DecisionForm, RegistrationForm
from app.blueprints.inscription.services import (
    AlreadyDecided,
    Application,
    decide,
    registration_from_token,
    submit_registration,
)
from app.extensions import limiter
from app.web.actions import run_service
from app.web.logs import log_event

REGISTER_LIMIT = "5 per minute"
VALIDATE_LIMIT = "120 per minute"


@bp.route("", methods=["GET", "POST"])
@limiter.limit(REGISTER_LIMIT, methods=["POST"])
def register():
    form = RegistrationForm(institution=request.args.get("institution"))
    if form.is_submitted() and form.is_bot:
        log_event("registration_honeypot")
        return redirect(url_for("inscription.sent"), code=303)
    if form.validate_on_submit() and run_service(submit_registration, Application(
            institution_id=int(form.institution.data), name=form.name.data,
            function=form.function.data, email=form.email.data,
            phone=form.phone.data or "", message=form.message.data or "",
            consent=form.consent.data), form=form):
        return redirect(url_for("inscription.sent"), code=303)
    return render_template("inscription/register.html", form=form)


@bp.post("/verifier")
@limiter.limit(VALIDATE_LIMIT)
def validate_field():
    """Check the whole form, answer with one field and its error (htmx)."""
    name = request.args.get("champ", "")
    if name not in RegistrationForm.CHECKABLE:
        abort(400)
    form = RegistrationForm()
    form.validate()
    return render_template("inscription/_field.html", form=form, name=name)


@bp.get("/envoyee")
def sent():
    return render_template("inscription/sent.html")


@bp.route("/decision/<token>", methods=["GET", "POST"])
def decision(token: str):
    try:
        registration = registration_from_token(token)
    except TokenError as error:
        log_event("decision_link_refused", logging.WARNING, reason=error.reason,
                  user=current_user.id)
        return render_template("inscription/decision_invalid.html",
                               reason=error.reason), 400
    form = DecisionForm(request_id=registration.id)
    error_message = None
    if registration.is_pending and form.validate_on_submit():
        # The page says why itself, in its error summary (no flash).
        done = run_service(decide, registration, current_user, form.decision.data,
                           form.reason.data, category=None)
        if done:
            flash(done.value, "success")
            return redirect(url_for("gestion.registrations"), code=303)
        if not isinstance(done.error, AlreadyDecided):  # the page shows the decision
            error_message = done.error.message
    return render_template("inscription/decision.html", registration=registration,
                           form=form, error_message=error_message)
