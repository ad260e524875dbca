"""Threads of an annonce: one conversation per responding institution,
visible to that institution and to the ad's institution only.

Another institution answers an open ad (`answer_annonce`), which opens its
thread; then both sides write in it (`reply_in_thread`). Every message is
emailed to the other side at once, through the outbox.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask import abort
from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload

from app.audit import record
from app.blueprints.annonces.notifications.recipients import partner_writers, people_in_charge
from app.blueprints.annonces.threads.emails import send_answer, send_reply
from app.blueprints.annonces.threads.forms import MessageForm
from app.blueprints.annonces.threads.summary import record_message
from app.domain import FieldErrors
from app.extensions import db
from app.models import Annonce, AnnonceKind, AnnonceMessage, Institution, User, utcnow

CLOSED = "Cette annonce n'est plus ouverte : il n'est plus possible d'y répondre."
# The same text sent again by the same person this soon is a double submit.
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=5)


@dataclass
class Thread:
    partner: Institution
    messages: list[AnnonceMessage] = field(default_factory=list)
    form: MessageForm | None = None


def visible_threads(annonce: Annonce, user: User) -> list[Thread]:
    """The threads `user` may read: all of them for the ad's institution,
    only its own for a responding institution, none for anyone else."""
    query = (
        select(AnnonceMessage)
        .where(AnnonceMessage.annonce_id == annonce.id)
        .options(joinedload(AnnonceMessage.partner), joinedload(AnnonceMessage.sender),
                 joinedload(AnnonceMessage.sender_institution))
        .order_by(AnnonceMessage.partner_id, AnnonceMessage.created_at, AnnonceMessage.id)
    )
    if user.institution_id != annonce.institution_id:
        query = query.where(AnnonceMessage.partner_id == user.institution_id)
    threads: dict[int, Thread] = {}
    for message in db.session.scalars(query):
        threads.setdefault(message.partner_id, Thread(message.partner)).messages.append(message)
    return list(threads.values())


def answer_label(annonce: Annonce) -> str:
    """The answer button: "Je peux aider" for a demande, "Je suis intéressé"
    for an offre."""
    return "Je peux aider" if annonce.kind == AnnonceKind.DEMANDE else "Je suis intéressé"


def thread_context(annonce: Annonce, user: User, form: MessageForm | None = None,
                   partner_id: int | None = None,
                   focus_message_id: int | None = None) -> dict:
    """What the ad page needs to show its threads.

    `form` is a message form just posted with errors, for the thread of
    `partner_id` (or for the answer when `partner_id` is None): it keeps what
    was typed. `focus_message_id` is a message just sent, which takes focus.
    """
    threads = visible_threads(annonce, user)
    for thread in threads:
        posted = form if partner_id == thread.partner.id else None
        thread.form = (posted or MessageForm(formdata=None)).named(
            f"reponse-{thread.partner.id}", "Votre réponse")
    own = user.institution_id == annonce.institution_id
    can_answer = annonce.is_open and not own and not threads
    answer_form = None
    if can_answer:
        posted = form if partner_id is None else None
        answer_form = (posted or MessageForm(formdata=None)).named(
            "reponse-nouvelle", "Votre message")
    return {
        "threads": threads,
        "can_answer": can_answer,
        "answer_form": answer_form,
        "answer_label": answer_label(annonce),
        "own_annonce": own,
        "closed_notice": CLOSED if not (own or threads or annonce.is_open) else None,
        "focus_message_id": focus_message_id,
    }


def ensure_thread_member(annonce: Annonce, partner_id: int, user: User) -> None:
    """404 unless the thread of `partner_id` exists and `user` is on one of
    its two sides: the ad's institution or the partner institution."""
    if user.institution_id not in (annonce.institution_id, partner_id):
        abort(404)
    if partner_id == annonce.institution_id or not db.session.scalar(select(exists().where(
            AnnonceMessage.annonce_id == annonce.id,
            AnnonceMessage.partner_id == partner_id))):
        abort(404)


def _same_message_just_sent(annonce: Annonce, partner_id: int, user: User,
                            body: str) -> AnnonceMessage | None:
    return db.session.scalar(
        select(AnnonceMessage).where(
            AnnonceMessage.annonce_id == annonce.id, AnnonceMessage.partner_id == partner_id,
            AnnonceMessage.sender_id == user.id, AnnonceMessage.body == body,
            AnnonceMessage.created_at >= utcnow() - DOUBLE_SUBMIT_WINDOW)
        .limit(1))


def _add_message(annonce: Annonce, partner_id: int, user: User, body: str) -> AnnonceMessage:
    message = AnnonceMessage(annonce=annonce, partner_id=partner_id,
                             sender_institution_id=user.institution_id, sender=user,
                             body=body)
    db.session.add(message)
    db.session.flush()
    record_message(annonce, message)
    return message


def answer_annonce(annonce: Annonce, user: User, body: str) -> AnnonceMessage:
    """Another institution answers an open ad: the message opens (or
    continues) its thread and goes to the people in charge of the ad. A
    double submit returns the message already sent."""
    if user.institution_id == annonce.institution_id:
        abort(403)
    if not annonce.is_open:
        raise FieldErrors({"message": CLOSED})
    duplicate = _same_message_just_sent(annonce, user.institution_id, user, body)
    if duplicate is not None:
        return duplicate
    message = _add_message(annonce, user.institution_id, user, body)
    send_answer(annonce, message, people_in_charge([annonce])[annonce.id])
    record("annonce.answered", annonce,
           f"{user.institution.name} répond à l'annonce « {annonce.title} »",
           actor=user, message_id=message.id, partner_id=user.institution_id)
    return message


def reply_in_thread(annonce: Annonce, partner_id: int, user: User,
                    body: str) -> AnnonceMessage:
    """A message in an existing thread, from either side, emailed to the
    other side: the partner's writers, or the people in charge of the ad."""
    ensure_thread_member(annonce, partner_id, user)
    duplicate = _same_message_just_sent(annonce, partner_id, user, body)
    if duplicate is not None:
        return duplicate
    message = _add_message(annonce, partner_id, user, body)
    if user.institution_id == annonce.institution_id:
        recipients = partner_writers(annonce, partner_id)
    else:
        recipients = people_in_charge([annonce])[annonce.id]
    send_reply(annonce, message, recipients)
    record("annonce.thread_replied", annonce,
           f"{user.institution.name} écrit dans un échange sur « {annonce.title} »",
           actor=user, message_id=message.id, partner_id=partner_id)
    return message


def other_side_name(annonce: Annonce, message: AnnonceMessage) -> str:
    """The institution a message was sent to."""
    if message.sender_institution_id == annonce.institution_id:
        return message.partner.name
    return annonce.institution.name
