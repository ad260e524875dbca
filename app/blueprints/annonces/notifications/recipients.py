"""Who is emailed about an annonce: the people in charge of it, the members
of a responding institution, the members who chose a notification rhythm.

Only active users of active member institutions ever receive mail.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import contains_eager

from app.extensions import db
from app.models import (
    Annonce,
    AnnonceMessage,
    Institution,
    NotificationPreference,
    User,
    UserStatus,
)


def active_member_conditions() -> tuple[ColumnElement[bool], ...]:
    """Active user of an active member institution (query joins User.institution)."""
    return (User.status == UserStatus.ACTIVE, Institution.is_member.is_(True),
            Institution.suspended_at.is_(None), Institution.retired_at.is_(None))


def active_member_users() -> Select:
    """Active users of active member institutions, their institution loaded."""
    return (
        select(User).join(User.institution).where(*active_member_conditions())
        .options(contains_eager(User.institution))
        .order_by(User.institution_id, User.id)
    )


def users_with_preference(preference: NotificationPreference) -> list[User]:
    return list(db.session.scalars(
        active_member_users().where(User.notification_preference == preference)))


def _active(user: User | None) -> bool:
    # The institution is the ad's, already in the session: no query.
    return user is not None and user.is_active


def people_in_charge(annonces: Iterable[Annonce]) -> dict[int, list[User]]:
    """For each ad, its author, or its contact person if the author is no
    longer active; when neither is, every active user of its institution.
    One query at most, whatever the number of ads (callers load author and
    contact)."""
    result: dict[int, list[User]] = {}
    orphans: dict[int, list[Annonce]] = defaultdict(list)
    for annonce in annonces:
        person = next((p for p in (annonce.author, annonce.contact) if _active(p)), None)
        result[annonce.id] = [person] if person is not None else []
        if person is None:
            orphans[annonce.institution_id].append(annonce)
    if orphans:
        for user in db.session.scalars(
                active_member_users().where(User.institution_id.in_(orphans))):
            for annonce in orphans[user.institution_id]:
                result[annonce.id].append(user)
    return result


def partner_writers(annonce: Annonce, partner_id: int) -> list[User]:
    """The active users of the partner institution who wrote in its thread;
    if none is left, every active user of that institution."""
    writers = list(db.session.scalars(
        active_member_users().where(User.institution_id == partner_id, User.id.in_(
            select(AnnonceMessage.sender_id).where(
                AnnonceMessage.annonce_id == annonce.id,
                AnnonceMessage.partner_id == partner_id)))))
    if writers:
        return writers
    return list(db.session.scalars(
        active_member_users().where(User.institution_id == partner_id)))
