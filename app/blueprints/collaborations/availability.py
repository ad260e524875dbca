"""Units of an equipment offer booked per day.

An offer of equipment (an annonce `offre` of category `pret-materiel`) has
`quantity_available` units. The collaborations tied to it that are agreed
and not over (accepted or signed, whatever today's date: a current one is
signed or accepted too) hold `quantity` units on every day from start to
end. Ended, refused and cancelled ones hold none.
"""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import select, update

from app.extensions import db
from app.models import (
    BOOKING_STATUSES,
    Annonce,
    AnnonceCategory,
    AnnonceKind,
    Collaboration,
    CollaborationKind,
)


def is_equipment_offer(annonce: Annonce) -> bool:
    return (annonce.kind == AnnonceKind.OFFRE
            and annonce.category == AnnonceCategory.PRET_MATERIEL)


def bookings_between(offer_id: int, first: date, last: date):
    """The conditions of the bookings of an offer that touch [first, last]:
    equipment lent by the offer's own institution, accepted or signed."""
    return (
        Collaboration.annonce_id == offer_id,
        Collaboration.provider_id == select(Annonce.institution_id)
        .where(Annonce.id == offer_id).scalar_subquery(),
        Collaboration.kind == CollaborationKind.MATERIEL,
        Collaboration.status.in_(BOOKING_STATUSES),
        Collaboration.start_date <= last, Collaboration.end_date >= first,
    )


def booked_units(offer_id: int, first: date, last: date,
                 exclude_id: int | None = None) -> Counter[date]:
    """Units booked on each day of [first, last] (days without any are absent).
    One query, whatever the number of bookings."""
    query = select(Collaboration.start_date, Collaboration.end_date,
                   Collaboration.quantity).where(*bookings_between(offer_id, first, last))
    if exclude_id is not None:
        query = query.where(Collaboration.id != exclude_id)
    booked: Counter[date] = Counter()
    for start, end, quantity in db.session.execute(query):
        day = max(start, first)
        while day <= min(end, last):
            booked[day] += quantity
            day += timedelta(days=1)
    return booked


def first_overbooked_day(offer: Annonce, start: date, end: date, quantity: int,
                         exclude_id: int | None = None) -> date | None:
    """The first day of [start, end] on which `quantity` more units would
    exceed what the offer has, or None if every day has room."""
    if quantity > offer.quantity_available:
        return start
    booked = booked_units(offer.id, start, end, exclude_id)
    return next((day for day in sorted(booked)
                 if booked[day] + quantity > offer.quantity_available), None)


def lock_offer(offer: Annonce) -> None:
    """Serialise bookings of one offer until the transaction ends, so that two
    acceptances at the same moment cannot both take the last unit: a row
    lock on PostgreSQL, the database's write lock on SQLite (taken before
    the bookings are read). The row is written back unchanged."""
    db.session.execute(
        update(Annonce).where(Annonce.id == offer.id)
        .values(quantity_available=Annonce.quantity_available,
                updated_at=Annonce.updated_at)
        .execution_options(synchronize_session=False))
