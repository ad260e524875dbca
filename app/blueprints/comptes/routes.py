"""Accounts: login and logout, and the email links with which people choose
a password (activation, invitation, password reset)."""
from __future__ import annotations

import logging

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.sessions import authenticate, end_session, find_user_by_email, start_session
from app.auth.tokens import TokenError
from app.blueprints.comptes import bp
from app.blueprints.comptes.forms import ForgotPasswordForm, LoginForm, PasswordChoiceForm
from app.blueprints.comptes.services import (
    log_in_with_link,
    request_password_reset,
    user_for_link,
)
from app.extensions import limiter
from app.forms import normalise_email
from app.web.actions import run_service
from app.web.logs import log_event
from app.web.urls import safe_next_path

LOGIN_LIMIT = "10 per minute"
RESET_LIMIT = "5 per minute"
LINK_SUCCESS = {
    "activation": "Votre compte est activé. Bienvenue sur la plateforme !",
    "invitation": "Votre compte est activé. Bienvenue sur la plateforme !",
    "password-reset": "Votre nouveau mot de passe est enregistré. Vous êtes connecté.",
}
RESET_REQUESTED = (
    "Si un compte correspond à cette adresse, un e-mail vient de lui être envoyé avec un "
    "lien pour choisir un nouveau mot de passe (valable une heure). Pensez à vérifier le "
    "dossier des indésirables."
)


def _login_failed(response) -> bool:
    return request.method == "POST" and response.status_code == 200


def _login_email_key() -> str:
    return "login-email:" + normalise_email(request.form.get("email"))


def _reset_email_key() -> str:
    return "reset-email:" + normalise_email(request.form.get("email"))


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"], deduct_when=_login_failed)
@limiter.limit(LOGIN_LIMIT, methods=["POST"], key_func=_login_email_key,
               deduct_when=_login_failed)
def login():
    next_path = safe_next_path(request.values.get("next"))
    if current_user.is_authenticated:
        return redirect(next_path or url_for("public.home"))
    form = LoginForm(next=next_path)
    error = None
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            run_service(start_session, user)
            flash(f"Bienvenue, {user.name}.", "success")
            return redirect(next_path or url_for("public.home"), code=303)
        # The address typed is personal data: the account id only, if any.
        account = find_user_by_email(form.email.data)
        log_event("login_failed", logging.WARNING, account=account.id if account else None)
        error = ("Adresse e-mail ou mot de passe incorrect, ou compte pas encore activé. "
                 "Vérifiez vos informations ou demandez un nouveau mot de passe.")
    return render_template("comptes/login.html", form=form, error=error)


@bp.post("/deconnexion")
def logout():
    run_service(end_session)
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("public.home"), code=303)


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@limiter.limit(RESET_LIMIT, methods=["POST"])
@limiter.limit(RESET_LIMIT, methods=["POST"], key_func=_reset_email_key)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        run_service(request_password_reset, form.email.data)
        flash(RESET_REQUESTED, "info")
        return redirect(url_for("comptes.login"), code=303)
    return render_template("comptes/forgot_password.html", form=form)


@bp.route("/compte/activer/<token>", methods=["GET", "POST"])
def activate(token: str):
    return _choose_password("activation", token)


@bp.route("/compte/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    return _choose_password("invitation", token)


@bp.route("/mot-de-passe/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return _choose_password("password-reset", token)


def _choose_password(purpose: str, token: str):
    """The page of every link that lets someone choose a password. GET only
    reads the link; a valid POST uses it up, once."""
    try:
        user = user_for_link(purpose, token)
    except TokenError as error:
        return _link_refused(purpose, error)
    form = PasswordChoiceForm()
    if form.validate_on_submit():
        done = run_service(log_in_with_link, purpose, token, form.password.data, category=None)
        if not done:
            return _link_refused(purpose, done.error)
        flash(LINK_SUCCESS[purpose], "success")
        return redirect(url_for("public.home"), code=303)
    return render_template("comptes/choose_password.html", form=form, user=user,
                           purpose=purpose)


def _link_refused(purpose: str, error: TokenError):
    log_event("email_link_refused", purpose=purpose, reason=error.reason)
    return render_template("comptes/link_refused.html", reason=error.reason,
                           purpose=purpose), 400
