"""Helpers of the job tests."""
from __future__ import annotations

from sqlalchemy import select

from app.models import OutboxMessage


def outbox(db, template: str | None = None) -> list[OutboxMessage]:
    """The outbox rows, oldest first, of one template or of all."""
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if template:
        query = query.where(OutboxMessage.template == template)
    return list(db.session.scalars(query))
