"""The email log: outbox messages, newest first, filtered by status (the
outbox's own, plus "retardés": still waiting an hour after they were
written) and by recipient."""
from __future__ import annotations

from datetime import timedelta

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select
from sqlalchemy.sql.elements import ColumnElement

from app.extensions import db
from app.models import OutboxMessage, OutboxStatus, utcnow
from app.web.pagination import page_number

PER_PAGE = 50
DELAYED = "retardes"
DELAYED_AFTER = timedelta(hours=1)


def status_condition(status: str) -> ColumnElement[bool]:
    """The WHERE condition of a valid, non-empty status filter."""
    if status == DELAYED:
        return (OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
                & (OutboxMessage.created_at < utcnow() - DELAYED_AFTER))
    return OutboxMessage.status == OutboxStatus(status)


def list_emails(status: str | None, recipient: str | None, page: int) -> Pagination:
    """Outbox messages, newest first, optionally filtered."""
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(),
                                           OutboxMessage.id.desc())
    if status:
        query = query.where(status_condition(status))
    if recipient:
        query = query.where(func.lower(OutboxMessage.recipient)
                            .contains(recipient.strip().lower(), autoescape=True))
    return db.paginate(query, page=page_number(page), per_page=PER_PAGE, error_out=False)


def get_email(message_id: int) -> OutboxMessage:
    return db.get_or_404(OutboxMessage, message_id)
