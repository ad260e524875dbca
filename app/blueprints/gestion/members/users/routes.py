"""Back office: suspend or reactivate a user, anonymise one who left. Both
act from the page of the user's institution and come back to it."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_login import current_user

from app.blueprints.gestion import bp
from app.blueprints.gestion.anonymisation import anonymise_user
from app.blueprints.gestion.institution_forms import ActionForm
from app.blueprints.gestion.institution_services import load_institution
from app.blueprints.gestion.institutions_admin import UNKNOWN_ACTION, anonymise_form, detail_page
from app.blueprints.gestion.services import ManagementError
from app.blueprints.gestion.user_services import set_user_suspended
from app.extensions import db
from app.models import User


def _back(user: User):
    return redirect(url_for("gestion.institution_detail", institution_id=user.institution_id),
                    code=303)


def _me() -> User:
    return current_user._get_current_object()


@bp.post("/utilisateurs/<int:user_id>/suspendre")
def user_suspend(user_id: int):
    user = db.get_or_404(User, user_id)
    form = ActionForm()
    if not form.validate():
        flash(UNKNOWN_ACTION, "error")
        return _back(user)
    try:
        done = set_user_suspended(user, form.action.data == "suspend", _me())
    except ManagementError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return _back(user)


@bp.post("/utilisateurs/<int:user_id>/anonymiser")
def user_anonymise(user_id: int):
    user = db.get_or_404(User, user_id)
    form = anonymise_form(user, request.form)
    if not form.validate():
        return detail_page(load_institution(user.institution_id), anonymise={user.id: form})
    try:
        done = anonymise_user(user, _me())
    except ManagementError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return _back(user)
