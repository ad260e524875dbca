"""Reminders of collaborations, sent each morning by `flask jobs run`
(SPEC 2.9): the day before a collaboration starts and the day before it ends
(equipment: its return), to both sides; three days after its end, while it
is not marked ended, to the side that must close it (staff: the beneficiary
gives the days done; equipment: the provider confirms the return).

Who is told, on each side: the people who arranged the collaboration (the
user who proposed it, the writers of the conversation that put the two
institutions in touch, the annonce's author and contact) and the
institution's référent, who coordinates the platform for it; when none of
them is active any more, every active user of the institution. A commune
wants the agents who organised the loan and its référent told, not every
colleague registered on the platform; and never nobody.

Each reminder goes once: its `*_reminder_sent_at` column is set in the
transaction that queues the emails. The start and end reminders are sent
on the day before only, so a run after missed days never announces a
start that is already past; the overdue one is sent by the first run on or
after its day.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import joinedload

from app.blueprints.annonces.notifications.recipients import active_member_users
from app.blueprints.collaborations.steps import closing_side
from app.extensions import db
from app.mail.queue import external_url, queue_email
from app.models import BOOKING_STATUSES, AnnonceMessage, Collaboration, User

OVERDUE_AFTER = timedelta(days=3)


def both_sides(collaboration: Collaboration) -> tuple[int, ...]:
    return (collaboration.provider_id, collaboration.beneficiary_id)


def closing_institution(collaboration: Collaboration) -> tuple[int, ...]:
    """The side that marks it ended (`closing_side`: the beneficiary counts
    the days of staff, the provider confirms the equipment came back)."""
    if closing_side(collaboration) == "provider":
        return (collaboration.provider_id,)
    return (collaboration.beneficiary_id,)


@dataclass(frozen=True)
class ReminderKind:
    name: str
    sent_column: str
    due: Callable[[date], tuple[ColumnElement[bool], ...]]
    sides: Callable[[Collaboration], tuple[int, ...]]
    subject: Callable[[str], str]

    @property
    def template(self) -> str:
        return f"collaboration_reminder_{self.name}"


def _tomorrow(today: date) -> date:
    return today + timedelta(days=1)


REMINDERS = (
    ReminderKind(
        "start", "start_reminder_sent_at",
        lambda today: (Collaboration.start_date == _tomorrow(today),),
        both_sides,
        lambda partner: _("Rappel : votre collaboration avec %(partner)s commence demain",
                          partner=partner)),
    # A one-day collaboration gets the start reminder only, which gives its
    # end too: two emails about the same day would be one too many.
    ReminderKind(
        "end", "end_reminder_sent_at",
        lambda today: (Collaboration.end_date == _tomorrow(today),
                       Collaboration.end_date > Collaboration.start_date),
        both_sides,
        lambda partner: _("Rappel : votre collaboration avec %(partner)s se termine demain",
                          partner=partner)),
    ReminderKind(
        "overdue", "overdue_reminder_sent_at",
        lambda today: (Collaboration.end_date <= today - OVERDUE_AFTER,),
        closing_institution,
        lambda partner: _("Collaboration avec %(partner)s : à marquer comme terminée",
                          partner=partner)),
)


def due_collaborations(kind: ReminderKind, today: date) -> list[Collaboration]:
    """The agreed collaborations (accepted or signed) whose reminder of this
    kind is due and not yet sent, with what the emails show; one query."""
    return list(db.session.scalars(
        select(Collaboration)
        .where(Collaboration.status.in_(BOOKING_STATUSES),
               getattr(Collaboration, kind.sent_column).is_(None), *kind.due(today))
        .options(joinedload(Collaboration.annonce), joinedload(Collaboration.provider),
                 joinedload(Collaboration.beneficiary))
        .order_by(Collaboration.id)))


class Recipients:
    """The people to remind on each side of the given collaborations, loaded
    in two queries whatever their number: the active users of the
    institutions concerned, and who wrote in the conversations."""

    def __init__(self, collaborations: list[Collaboration]) -> None:
        self.colleagues: dict[int, list[User]] = defaultdict(list)
        # (annonce, responding institution) -> who wrote in that conversation
        self.writers: dict[tuple[int, int], set[int]] = defaultdict(set)
        if not collaborations:
            return
        institutions = {i for c in collaborations for i in both_sides(c)}
        for user in db.session.scalars(
                active_member_users().where(User.institution_id.in_(institutions))):
            self.colleagues[user.institution_id].append(user)
        for annonce_id, partner_id, sender_id in db.session.execute(
                select(AnnonceMessage.annonce_id, AnnonceMessage.partner_id,
                       AnnonceMessage.sender_id).where(
                    AnnonceMessage.annonce_id.in_({c.annonce_id for c in collaborations}),
                    AnnonceMessage.partner_id.in_(institutions),
                    AnnonceMessage.sender_id.is_not(None)).distinct()):
            self.writers[annonce_id, partner_id].add(sender_id)

    def of(self, collaboration: Collaboration, institution_id: int) -> list[User]:
        """Those who arranged it and the référent of that side, else everyone."""
        annonce = collaboration.annonce
        thread = (annonce.id, collaboration.other_side_id(annonce.institution_id))
        involved = {collaboration.proposed_by_id, annonce.author_id, annonce.contact_id,
                    *self.writers[thread]}
        colleagues = self.colleagues[institution_id]
        chosen = [user for user in colleagues if user.id in involved or user.is_referent]
        return chosen or colleagues


def send_collaboration_reminders(today: date, now: datetime) -> dict[str, int]:
    """Queue every reminder due on `today` (a Brussels date) and mark each
    collaboration reminded; returns how many collaborations, per kind."""
    due = {kind.name: due_collaborations(kind, today) for kind in REMINDERS}
    recipients = Recipients([c for collaborations in due.values() for c in collaborations])
    for kind in REMINDERS:
        for collaboration in due[kind.name]:
            setattr(collaboration, kind.sent_column, now)
            for institution_id in kind.sides(collaboration):
                _queue(kind, collaboration, institution_id,
                       recipients.of(collaboration, institution_id))
    return {name: len(collaborations) for name, collaborations in due.items()}


def _queue(kind: ReminderKind, collaboration: Collaboration, institution_id: int,
           people: list[User]) -> None:
    side = collaboration.side_of(institution_id)
    partner = (collaboration.beneficiary if side == "provider" else collaboration.provider)
    subject = kind.subject(partner.name)
    closes = side == closing_side(collaboration)
    for user in people:
        queue_email(user.email, kind.template, subject, user=user,
                    collaboration=collaboration, side=side, partner=partner, closes=closes,
                    link=external_url("collaborations.detail",
                                      collaboration_id=collaboration.id))
