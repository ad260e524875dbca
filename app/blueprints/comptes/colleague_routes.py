"""The référent's page of colleagues (`/compte/collegues`): invite, remove,
hand over the référent role. Managers act on their own institution."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from app.blueprints.comptes import bp, colleague_services
from app.blueprints.comptes.forms import InviteForm
from app.web.actions import run_service
from app.web.render import render


def _me():
    return current_user._get_current_object()


def _back_to_colleagues():
    return redirect(url_for("comptes.colleagues"), code=303)


@bp.route("/compte/collegues", methods=["GET", "POST"])
def colleagues():
    actor = _me()
    form = InviteForm()
    if form.validate_on_submit() and (done := run_service(
            colleague_services.invite_colleague, actor, name=form.name.data,
            email=form.email.data, function=form.function.data, form=form)):
        flash(f"Invitation envoyée à {done.value.name} ({done.value.email}).", "success")
        return _back_to_colleagues()
    return render("comptes/colleagues.html", "comptes/_colleagues.html", form=form,
                  actor=actor, colleagues=colleague_services.colleagues_of(actor))


@bp.post("/compte/collegues/<int:user_id>/retirer")
def remove_colleague(user_id: int):
    done = run_service(colleague_services.remove_colleague, _me(), user_id)
    if done:
        flash(f"{done.value.name} n'a plus accès à la plateforme.", "success")
    return _back_to_colleagues()


@bp.post("/compte/collegues/<int:user_id>/referent")
def hand_over(user_id: int):
    actor = _me()
    done = run_service(colleague_services.hand_over_referent, actor, user_id)
    if not done:
        return _back_to_colleagues()
    flash(f"{done.value.name} est désormais référent de votre institution.", "success")
    if actor.is_referent or actor.is_manager:
        return _back_to_colleagues()
    return redirect(url_for("comptes.profile"), code=303)
