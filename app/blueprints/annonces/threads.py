"""Threads of an annonce: one conversation per responding institution,
visible to that institution and to the ad's institution only."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Annonce, AnnonceMessage, Institution, User


@dataclass
class Thread:
    partner: Institution
    messages: list[AnnonceMessage] = field(default_factory=list)


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


def thread_context(annonce: Annonce, user: User) -> dict:
    """What the ad page needs to show its threads."""
    return {
        "threads": visible_threads(annonce, user),
        "can_answer": annonce.is_open and user.institution_id != annonce.institution_id,
    }
