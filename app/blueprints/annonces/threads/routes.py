"""Mise en relation: answer an ad (`/annonces/<id>/repondre`) and write in a
thread (`/annonces/<id>/fil/<partner_id>`).

Without JavaScript a sent message redirects (303) to the ad page, at the
thread; with htmx the threads section is swapped in place and focus goes to
the new message. Invalid messages come back with status 200, text kept.
"""
from __future__ import annotations

from flask import abort, flash, url_for
from flask_login import current_user

from app.blueprints.annonces import bp
from app.blueprints.annonces.access import is_own, load_visible
from app.blueprints.annonces.threads.forms import MessageForm
from app.blueprints.annonces.threads.services import (
    answer_annonce,
    ensure_thread_member,
    other_side_name,
    reply_in_thread,
    thread_context,
)
from app.models import Annonce, AnnonceMessage, User
from app.web.actions import run_service
from app.web.render import fragment_or_redirect, render

PAGE = "annonces/answer.html"
FRAGMENT = "annonces/_threads.html"


def _me() -> User:
    return current_user._get_current_object()


def _threads_page(annonce: Annonce, user: User, form: MessageForm | None = None,
                  partner_id: int | None = None):
    return render(PAGE, FRAGMENT, annonce=annonce,
                  **thread_context(annonce, user, form, partner_id))


def _sent(annonce: Annonce, user: User, message: AnnonceMessage):
    flash(f"Votre message a été envoyé à {other_side_name(annonce, message)}.", "success")
    return fragment_or_redirect(
        url_for("annonces.detail", annonce_id=annonce.id, _anchor=f"fil-{message.partner_id}"),
        FRAGMENT, lambda: {"annonce": annonce,
                           **thread_context(annonce, user, focus_message_id=message.id)})


@bp.route("/<int:annonce_id>/repondre", methods=["GET", "POST"])
def answer(annonce_id: int):
    user = _me()
    annonce = load_visible(annonce_id, user)
    if is_own(user, annonce):
        abort(403)
    form = MessageForm()
    if form.validate_on_submit() and (
            done := run_service(answer_annonce, annonce, user, form.message.data, form=form)):
        return _sent(annonce, user, done.value)
    return _threads_page(annonce, user, form if form.is_submitted() else None)


@bp.post("/<int:annonce_id>/fil/<int:partner_id>")
def reply(annonce_id: int, partner_id: int):
    user = _me()
    annonce = load_visible(annonce_id, user)
    ensure_thread_member(annonce, partner_id, user)
    form = MessageForm()
    if form.validate_on_submit() and (
            done := run_service(reply_in_thread, annonce, partner_id, user, form.message.data,
                                form=form)):
        return _sent(annonce, user, done.value)
    return _threads_page(annonce, user, form, partner_id)
