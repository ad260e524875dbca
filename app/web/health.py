"""Figures for the sysadmin health check (no personal data)."""
from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import OutboxMessage, OutboxStatus


def outbox_backlog() -> dict[str, int]:
    """Messages waiting to be sent and messages given up on."""
    counts = dict(db.session.execute(
        select(OutboxMessage.status, func.count())
        .where(OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING,
                                         OutboxStatus.DEAD]))
        .group_by(OutboxMessage.status)
    ).all())
    return {
        "pending": counts.get(OutboxStatus.PENDING, 0) + counts.get(OutboxStatus.SENDING, 0),
        "dead": counts.get(OutboxStatus.DEAD, 0),
    }
