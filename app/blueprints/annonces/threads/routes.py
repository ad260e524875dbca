"""Mise en relation: answer an ad (`/annonces/<id>/repondre`) and write in a
thread (`/annonces/<id>/fil/<partner_id>`).

Without JavaScript a sent message redirects (303) to the ad page, at the
thread; with htmx the threads section is swapped in place and focus goes to
the new message. Invalid messages come back with status 200, text kept.
"""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from app.blueprints.annonces import bp
from app.blueprints.annonces.access import is_own, load_visible
from app.blueprints.annonces.relation_forms import MessageForm
from app.blueprints.annonces.threads import (
    ThreadProblem,
    answer_annonce,
    ensure_thread_member,
    other_side_name,
    reply_in_thread,
    thread_context,
)
from app.extensions import db
from app.models import Annonce, AnnonceMessage, User
from app.web.render import render
from app.web.urls import is_htmx

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
    if is_htmx():
        return render(PAGE, FRAGMENT, annonce=annonce,
                      **thread_context(annonce, user, focus_message_id=message.id))
    response = redirect(url_for("annonces.detail", annonce_id=annonce.id,
                                _anchor=f"fil-{message.partner_id}"), code=303)
    response.vary.add("HX-Request")
    return response


@bp.route("/<int:annonce_id>/repondre", methods=["GET", "POST"])
def answer(annonce_id: int):
    user = _me()
    annonce = load_visible(annonce_id, user)
    if is_own(user, annonce):
        abort(403)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            message = answer_annonce(annonce, user, form.message.data)
        except ThreadProblem as problem:
            form.message.errors.append(problem.message)
        else:
            db.session.commit()
            return _sent(annonce, user, message)
    return _threads_page(annonce, user, form if form.is_submitted() else None)


@bp.post("/<int:annonce_id>/fil/<int:partner_id>")
def reply(annonce_id: int, partner_id: int):
    user = _me()
    annonce = load_visible(annonce_id, user)
    ensure_thread_member(annonce, partner_id, user)
    form = MessageForm()
    if form.validate_on_submit():
        message = reply_in_thread(annonce, partner_id, user, form.message.data)
        db.session.commit()
        return _sent(annonce, user, message)
    return _threads_page(annonce, user, form, partner_id)
