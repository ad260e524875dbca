"""Who may see and act on an annonce: the server-side checks per object."""
from __future__ import annotations

from flask import abort
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Annonce, AnnonceStatus, User


def can_see(user: User, annonce: Annonce) -> bool:
    """Members see every ad except hidden ones, which only their own
    institution and the managers still see."""
    if annonce.status != AnnonceStatus.MASQUEE:
        return True
    return user.is_manager or user.institution_id == annonce.institution_id


def is_own(user: User, annonce: Annonce) -> bool:
    """Users of the author's institution edit, close and reopen the ad."""
    return user.institution_id == annonce.institution_id


def load_visible(annonce_id: int, user: User) -> Annonce:
    """The ad, or 404 if it does not exist or is hidden from `user`."""
    annonce = db.session.get(
        Annonce, annonce_id,
        options=[joinedload(Annonce.institution), joinedload(Annonce.location)],
    )
    if annonce is None or not can_see(user, annonce):
        abort(404)
    return annonce


def load_own(annonce_id: int, user: User) -> Annonce:
    """The ad if `user` belongs to its institution; 404 if invisible, 403 if
    visible but someone else's."""
    annonce = load_visible(annonce_id, user)
    if not is_own(user, annonce):
        abort(403)
    return annonce
