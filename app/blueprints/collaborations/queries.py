"""Reading collaborations: an institution's, grouped by what it has to do,
and those of one annonce."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app.blueprints.collaborations.access import may_propose
from app.blueprints.collaborations.steps import closing_side
from app.extensions import db
from app.localtime import brussels_today
from app.models import (
    BOOKING_STATUSES,
    Annonce,
    Collaboration,
    CollaborationStatus,
    User,
)

# The past is long: the list shows its most recent part.
PAST_SHOWN = 100
# An ad's page shows its most recent collaborations; the rest are on /collaborations.
ON_ANNONCE_PAGE = 10


@dataclass
class Groups:
    to_do: list[tuple[Collaboration, str]] = field(default_factory=list)
    current: list[Collaboration] = field(default_factory=list)
    upcoming: list[Collaboration] = field(default_factory=list)
    past: list[Collaboration] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.to_do or self.current or self.upcoming or self.past)


def next_action(collaboration: Collaboration, institution_id: int, today: date) -> str | None:
    """What `institution_id` has to do on it now, in a few words, or None."""
    status = collaboration.status
    if status == CollaborationStatus.PROPOSEE and collaboration.responder_id == institution_id:
        return _("Accepter ou refuser la proposition")
    if status == CollaborationStatus.ACCEPTEE and collaboration.start_date > today:
        return _("Déposer la convention signée")
    if (status in BOOKING_STATUSES and collaboration.end_date < today
            and collaboration.side_of(institution_id) == closing_side(collaboration)):
        return _("Indiquer la fin de la collaboration")
    return None


def _of_institution(institution_id: int):
    return (select(Collaboration)
            .where(or_(Collaboration.provider_id == institution_id,
                       Collaboration.beneficiary_id == institution_id))
            .options(joinedload(Collaboration.annonce), joinedload(Collaboration.provider),
                     joinedload(Collaboration.beneficiary)))


def institution_groups(institution_id: int, today: date) -> Groups:
    """The collaborations of an institution: to do, current, upcoming, past
    (the most recent first). Two queries whatever their number."""
    groups = Groups()
    live = db.session.scalars(_of_institution(institution_id).where(
        Collaboration.status.in_([CollaborationStatus.PROPOSEE, *BOOKING_STATUSES]))
        .order_by(Collaboration.start_date, Collaboration.id))
    for collaboration in live:
        action = next_action(collaboration, institution_id, today)
        if action:
            groups.to_do.append((collaboration, action))
        elif collaboration.start_date > today or (
                collaboration.status == CollaborationStatus.PROPOSEE
                and collaboration.end_date >= today):
            groups.upcoming.append(collaboration)
        elif collaboration.end_date >= today:
            groups.current.append(collaboration)
        else:
            groups.past.append(collaboration)
    groups.past.extend(db.session.scalars(_of_institution(institution_id).where(
        Collaboration.status.not_in([CollaborationStatus.PROPOSEE, *BOOKING_STATUSES]))
        .order_by(Collaboration.end_date.desc(), Collaboration.id.desc())
        .limit(PAST_SHOWN)))
    return groups


def annonce_collaborations(annonce: Annonce, user: User) -> list[Collaboration]:
    """The most recent collaborations of an ad (one more than shown, to tell
    whether there are others) that `user` may see: those of its institution
    (managers see them all). One query."""
    query = (select(Collaboration).where(Collaboration.annonce_id == annonce.id)
             .options(joinedload(Collaboration.provider),
                      joinedload(Collaboration.beneficiary))
             .order_by(Collaboration.start_date.desc(), Collaboration.id.desc())
             .limit(ON_ANNONCE_PAGE + 1))
    if not user.is_manager:
        query = query.where(or_(Collaboration.provider_id == user.institution_id,
                                Collaboration.beneficiary_id == user.institution_id))
    return list(db.session.scalars(query))


def annonce_context(annonce: Annonce, user: User) -> dict:
    """What the ad page shows of its collaborations: those `user` may see,
    and whether `user` may propose one."""
    collaborations = annonce_collaborations(annonce, user)
    return {"collaborations": collaborations[:ON_ANNONCE_PAGE],
            "more_collaborations": len(collaborations) > ON_ANNONCE_PAGE,
            "can_propose": may_propose(annonce, user), "today_date": brussels_today()}
