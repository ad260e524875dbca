"""Accounts: login and logout (the other account pages follow)."""
from __future__ import annotations

import logging

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.blueprints.comptes import bp
from app.blueprints.comptes.forms import LoginForm
from app.extensions import db, limiter
from app.sessions import authenticate, end_session, start_session
from app.urls import safe_next_path
from app.validators import normalise_email

security_log = logging.getLogger("app.security")
LOGIN_LIMIT = "10 per minute"


def _login_failed(response) -> bool:
    return request.method == "POST" and response.status_code == 200


def _login_email_key() -> str:
    return "login-email:" + normalise_email(request.form.get("email"))


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
            start_session(user)
            db.session.commit()
            flash(f"Bienvenue, {user.name}.", "success")
            return redirect(next_path or url_for("public.home"), code=303)
        security_log.warning("login failure ip=%s", request.remote_addr)
        error = ("Adresse e-mail ou mot de passe incorrect, ou compte pas encore activé. "
                 "Vérifiez vos informations ou demandez un nouveau mot de passe.")
    return render_template("comptes/login.html", form=form, error=error)


@bp.post("/deconnexion")
def logout():
    end_session()
    db.session.commit()
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("public.home"), code=303)
