"""Mise en relation: the open ads that answer an ad (a demande for an offre
and the reverse), and whom to tell when a new ad is posted."""
from __future__ import annotations

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Annonce, AnnonceStatus, User, UserStatus

MAX_MATCH_EMAILS = 20
# Candidates read to find the recipients: enough for 20 distinct people.
MATCH_SCAN = 200


def _matching_query(annonce: Annonce) -> Select:
    """Open ads of the opposite kind, same category, other institutions, whose
    period overlaps; a date missing on either side leaves that end open."""
    conditions = [
        Annonce.status == AnnonceStatus.OPEN,
        Annonce.kind == annonce.kind.opposite,
        Annonce.category == annonce.category,
        Annonce.institution_id != annonce.institution_id,
    ]
    if annonce.end_date is not None:
        conditions.append(or_(Annonce.start_date.is_(None),
                              Annonce.start_date <= annonce.end_date))
    if annonce.start_date is not None:
        conditions.append(or_(Annonce.end_date.is_(None),
                              Annonce.end_date >= annonce.start_date))
    return select(Annonce).where(*conditions).order_by(Annonce.created_at.desc(),
                                                       Annonce.id.desc())


def matching_annonces(annonce: Annonce, limit: int = 5) -> list[Annonce]:
    """The newest matching ads, for the "annonces correspondantes" of a page."""
    query = _matching_query(annonce).options(
        joinedload(Annonce.institution), joinedload(Annonce.location)).limit(limit)
    return list(db.session.scalars(query))


def match_recipients(annonce: Annonce) -> list[tuple[User, Annonce]]:
    """Whom to tell about a new ad: the author of each matching ad (its contact
    if the author has left), one message per person, at most 20, never
    anyone of the new ad's own institution."""
    query = _matching_query(annonce).options(
        joinedload(Annonce.author), joinedload(Annonce.contact),
        joinedload(Annonce.institution)).limit(MATCH_SCAN)
    recipients: dict[int, tuple[User, Annonce]] = {}
    for match in db.session.scalars(query):
        person = responsible_person(match)
        if person is None or person.id in recipients \
                or person.institution_id == annonce.institution_id \
                or not match.institution.is_active_member:
            continue
        recipients[person.id] = (person, match)
        if len(recipients) >= MAX_MATCH_EMAILS:
            break
    return list(recipients.values())


def responsible_person(annonce: Annonce) -> User | None:
    """Who hears about an ad: its author, or its contact if the author has left."""
    for person in (annonce.author, annonce.contact):
        if person is not None and person.status == UserStatus.ACTIVE:
            return person
    return None
