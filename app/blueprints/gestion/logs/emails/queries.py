"""The statuses the email log filters on: the outbox's own, plus "retardés"
(messages still waiting an hour after they were written)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy.sql.elements import ColumnElement
from wtforms.fields.choices import SelectChoice

from app.models import OutboxMessage, OutboxStatus, utcnow

DELAYED = "retardes"
DELAYED_AFTER = timedelta(hours=1)
STATUS_CHOICES = [
    SelectChoice("", "Tous les statuts"),
    *(SelectChoice(status.value, status.label) for status in OutboxStatus),
    SelectChoice(DELAYED, "Retardés (en attente depuis plus d'une heure)"),
]
STATUS_VALUES = [choice.value for choice in STATUS_CHOICES if choice.value]


def status_condition(status: str) -> ColumnElement[bool]:
    """The WHERE condition of a valid, non-empty `statut` filter."""
    if status == DELAYED:
        return (OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
                & (OutboxMessage.created_at < utcnow() - DELAYED_AFTER))
    return OutboxMessage.status == OutboxStatus(status)
