"""My account (`/compte`): profile, password, email address, notifications,
and the download of my personal data.

The page holds four separate forms; each posts to its own URL and, when
invalid, the page is shown again with that form's errors and typed values
while the other forms show what is stored.
"""
from __future__ import annotations

import json
from collections.abc import Callable

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.sessions import start_session
from app.blueprints.centrales.adhesions import institution_adhesions
from app.blueprints.comptes import bp, services
from app.blueprints.comptes.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    NotificationsForm,
    ProfileForm,
)
from app.blueprints.comptes.services import STATUS_LABELS, role_label
from app.extensions import limiter
from app.models import User
from app.web.actions import run_service

REAUTH_LIMIT = "10 per minute"


def _wrong_password(response) -> bool:
    """Only failed attempts count against the limit (the page shown again)."""
    return response.status_code == 200


@bp.context_processor
def account_labels() -> dict:
    """Role and status wording for the account templates."""
    return {"role_label": role_label, "status_labels": STATUS_LABELS}


def _password_check_key() -> str:
    """Per account (per IP for a visitor, whom the policy then sends to login)."""
    return f"password-check:{getattr(current_user, 'id', None) or request.remote_addr}"


def _me():
    return current_user._get_current_object()


def _account_page(**bound_form):
    """`/compte` with its four forms; `bound_form` is the one just posted."""
    user = _me()
    forms = {
        "profile_form": ProfileForm(formdata=None, obj=user),
        "password_form": ChangePasswordForm(formdata=None),
        "email_form": ChangeEmailForm(formdata=None),
        "notifications_form": NotificationsForm(
            formdata=None, notification_preference=user.notification_preference.value,
            urgent_alerts=user.urgent_alerts),
    }
    forms.update(bound_form)
    return render_template("comptes/profile.html", user=user,
                           adhesions=institution_adhesions(user.institution_id), **forms)


def _save(form, form_name: str, change: Callable[[], None], saved: str):
    """Make `change` if the posted `form` is valid, then back to `/compte`
    saying `saved`; else the page again, with `form` as `form_name`."""
    if form.validate_on_submit() and run_service(change, form=form):
        flash(saved, "success")
        return redirect(url_for("comptes.profile"), code=303)
    return _account_page(**{form_name: form})


@bp.route("/compte", methods=["GET", "POST"])
def profile():
    form = ProfileForm(obj=_me())
    return _save(form, "profile_form", lambda: services.update_profile(
        _me(), name=form.name.data, function=form.function.data, phone=form.phone.data,
        consent=form.consent_share_contact.data), "Votre profil est enregistré.")


def _change_password_here(user: User, current_password: str, new_password: str) -> None:
    services.change_password(user, current_password, new_password)
    start_session(user)  # a fresh cookie here; every other one is refused


@bp.post("/compte/mot-de-passe")
@limiter.limit(REAUTH_LIMIT, key_func=_password_check_key,
               deduct_when=_wrong_password)
def change_password():
    form = ChangePasswordForm()
    return _save(form, "password_form", lambda: _change_password_here(
        _me(), form.current_password.data, form.password.data),
        "Votre mot de passe est modifié. Vos autres sessions "
        "(autres navigateurs, autres appareils) sont fermées.")


@bp.post("/compte/adresse-email")
@limiter.limit(REAUTH_LIMIT, key_func=_password_check_key,
               deduct_when=_wrong_password)
def change_email():
    form = ChangeEmailForm()
    return _save(form, "email_form", lambda: services.change_email(
        _me(), form.email.data, form.password.data),
        "Votre adresse e-mail est modifiée : utilisez-la désormais pour vous connecter.")


@bp.post("/compte/notifications")
def notifications():
    form = NotificationsForm()
    return _save(form, "notifications_form", lambda: services.set_notification_preference(
        _me(), form.notification_preference.data, urgent_alerts=form.urgent_alerts.data),
        "Vos préférences de notification sont enregistrées.")


@bp.get("/compte/donnees")
def my_data():
    data = services.personal_data(_me())
    response = make_response(json.dumps(data, ensure_ascii=False, indent=2))
    response.mimetype = "application/json"
    response.headers["Content-Disposition"] = 'attachment; filename="mes-donnees.json"'
    response.headers["Cache-Control"] = "no-store"
    return response
