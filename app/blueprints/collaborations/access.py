"""Who may see and act on a collaboration: its two institutions (and the
platform managers, who only look). Everyone else gets a 404, as if it did
not exist."""
from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Annonce, AnnonceMessage, Collaboration, Institution, User


def load_collaboration(collaboration_id: int, user: User) -> Collaboration:
    """The collaboration if `user`'s institution is one of its sides or
    `user` is a manager; 404 otherwise."""
    collaboration = db.session.get(
        Collaboration, collaboration_id,
        options=[joinedload(Collaboration.annonce), joinedload(Collaboration.provider),
                 joinedload(Collaboration.beneficiary)])
    if collaboration is None or not (
            user.is_manager or collaboration.side_of(user.institution_id)):
        abort(404)
    return collaboration


def partners_in_touch(annonce: Annonce) -> list[Institution]:
    """The active member institutions that answered the ad (a thread puts
    them in touch with its institution), by name."""
    return [institution for institution in db.session.scalars(
        select(Institution).where(Institution.id.in_(
            select(AnnonceMessage.partner_id).where(AnnonceMessage.annonce_id == annonce.id)))
        .order_by(Institution.name)) if institution.is_active_member]


def is_in_touch(annonce: Annonce, institution_id: int) -> bool:
    """Whether `institution_id` answered the ad."""
    return db.session.scalar(select(AnnonceMessage.id).where(
        AnnonceMessage.annonce_id == annonce.id,
        AnnonceMessage.partner_id == institution_id).limit(1)) is not None


def may_propose(annonce: Annonce, user: User) -> bool:
    """Either side, once in touch: the ad's institution when someone answered,
    or an institution that answered it."""
    if user.institution_id == annonce.institution_id:
        return bool(partners_in_touch(annonce))
    return is_in_touch(annonce, user.institution_id)
