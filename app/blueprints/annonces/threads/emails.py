"""Emails of the mise en relation: an answer to an ad, a reply in a thread.
Always sent at once, whatever the recipients' notification preference; the
Reply-To is the sender, so that answering the email reaches them."""
from __future__ import annotations

from app.mail.queue import external_url, queue_email
from app.models import Annonce, AnnonceKind, AnnonceMessage, User


def _thread_link(message: AnnonceMessage) -> str:
    return external_url("annonces.detail", annonce_id=message.annonce_id,
                        _anchor=f"fil-{message.partner_id}")


def send_answer(annonce: Annonce, message: AnnonceMessage, recipients: list[User]) -> None:
    """Tell the people in charge of the ad that an institution answered it."""
    sender = message.sender
    institution = message.sender_institution.name
    if annonce.kind == AnnonceKind.DEMANDE:
        subject = f"{institution} peut vous aider : « {annonce.title} »"
    else:
        subject = f"{institution} s'intéresse à votre offre « {annonce.title} »"
    for user in recipients:
        queue_email(user.email, "thread_answer", subject, reply_to=sender.email, user=user,
                    annonce=annonce, message=message, sender=sender,
                    link=_thread_link(message))


def send_reply(annonce: Annonce, message: AnnonceMessage, recipients: list[User]) -> None:
    """Tell the other side of a thread that a new message is waiting."""
    sender = message.sender
    subject = (f"Nouveau message de {message.sender_institution.name} au sujet de "
               f"« {annonce.title} »")
    for user in recipients:
        queue_email(user.email, "thread_reply", subject, reply_to=sender.email, user=user,
                    annonce=annonce, message=message, sender=sender,
                    link=_thread_link(message))
