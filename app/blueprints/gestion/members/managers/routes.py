"""Back office: granting or withdrawing the manager role, from the user list."""
from __future__ import annotations

from flask import flash, redirect, url_for

from app.blueprints.gestion import bp
from app.blueprints.gestion.members.managers.forms import ManagerForm
from app.blueprints.gestion.members.managers.services import set_manager as change_role
from app.web.actions import run_service


@bp.post("/utilisateurs/<int:user_id>/gestionnaire")
def set_manager(user_id: int):
    form = ManagerForm()
    if not form.validate():
        flash("Action inconnue : utilisez les boutons de la liste des utilisateurs.", "error")
    elif done := run_service(change_role, user_id, grant=form.grant.data == "1"):
        flash(done.value, "success")
    return redirect(url_for("gestion.users"), code=303)
