"""How far the emails of an ad's broadcast (or urgent alert) have gone:
sent, waiting, failed, out of how many, read from the outbox rows that share
its body (`Annonce.broadcast_body_id`). Shown to the ad's institution and to
the managers, refreshed by polling while some emails still wait."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, func, select

from app.blueprints.annonces.access import is_own
from app.extensions import db
from app.models import Annonce, OutboxMessage, OutboxStatus, User

# One statement built once; the index on outbox_message.body_id finds the rows.
_COUNTS = (select(OutboxMessage.status, func.count())
           .where(OutboxMessage.body_id == bindparam("body_id"))
           .group_by(OutboxMessage.status))

# Queued, being sent, or waiting for a retry (a retry is PENDING with attempts).
_WAITING = (OutboxStatus.PENDING, OutboxStatus.SENDING)


@dataclass(frozen=True)
class Delivery:
    sent: int = 0
    waiting: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.waiting + self.failed

    @property
    def done(self) -> bool:
        return self.waiting == 0


def delivery_of(body_id: int) -> Delivery:
    """The figures of the emails sharing the body `body_id` (one query)."""
    counts = dict(db.session.execute(_COUNTS, {"body_id": body_id}).tuples().all())
    return Delivery(sent=counts.get(OutboxStatus.SENT, 0),
                    waiting=sum(counts.get(status, 0) for status in _WAITING),
                    failed=counts.get(OutboxStatus.DEAD, 0))


def may_follow(user: User, annonce: Annonce) -> bool:
    """The ad's institution and the managers follow its broadcast, if it had one."""
    return annonce.broadcast_body_id is not None and (user.is_manager or is_own(user, annonce))


def delivery_context(annonce: Annonce, user: User) -> dict:
    """The variables of `annonces/_delivery.html` on the ad's page."""
    if not may_follow(user, annonce):
        return {"delivery": None}
    return {"delivery": delivery_of(annonce.broadcast_body_id)}
