"""Back office: the list of users; suspending or reactivating a user, and
anonymising one who left. Both act from the page of the user's institution
and come back to it."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.blueprints.gestion import bp
from app.blueprints.gestion.members.institutions.forms import ActionForm
from app.blueprints.gestion.members.institutions.queries import load_institution
from app.blueprints.gestion.members.institutions.routes import (
    UNKNOWN_ACTION,
    anonymise_form,
    detail_page,
)
from app.blueprints.gestion.members.users.anonymisation import anonymise_user
from app.blueprints.gestion.members.users.forms import UserSearchForm
from app.blueprints.gestion.members.users.queries import USER_STATUS_LABELS, list_users
from app.blueprints.gestion.members.users.services import set_user_suspended
from app.extensions import db
from app.models import User
from app.web.actions import run_service


def _back(user: User):
    return redirect(url_for("gestion.institution_detail", institution_id=user.institution_id),
                    code=303)


def _me() -> User:
    return current_user._get_current_object()


@bp.get("/utilisateurs")
def users():
    form = UserSearchForm(formdata=request.args)
    form.validate()
    results = list_users(form.value("q"), request.args.get("page", 1, type=int))
    return render_template("gestion/users.html", form=form, results=results,
                           filters=form.filters(), status_labels=USER_STATUS_LABELS)


@bp.post("/utilisateurs/<int:user_id>/suspendre")
def user_suspend(user_id: int):
    user = db.get_or_404(User, user_id)
    form = ActionForm()
    if not form.validate():
        flash(UNKNOWN_ACTION, "error")
    elif done := run_service(set_user_suspended, user, form.action.data == "suspend", _me()):
        flash(done.value, "success")
    return _back(user)


@bp.post("/utilisateurs/<int:user_id>/anonymiser")
def user_anonymise(user_id: int):
    user = db.get_or_404(User, user_id)
    form = anonymise_form(user, request.form)
    if not form.validate():
        return detail_page(load_institution(user.institution_id), anonymise={user.id: form})
    if done := run_service(anonymise_user, user, _me()):
        flash(done.value, "success")
    return _back(user)
