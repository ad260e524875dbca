"""Outbox rows stored directly, for the tests of the outbox and the email log."""
from __future__ import annotations

from app.extensions import db
from app.models import OutboxMessage, OutboxStatus


def add_message(**fields) -> OutboxMessage:
    """A committed outbox message; any column can be given."""
    fields.setdefault("recipient", "destinataire@commune.test")
    fields.setdefault("subject", "Un message de la plateforme")
    fields.setdefault("body_text", "Bonjour,\nVoici un message.\n")
    fields.setdefault("body_html", "<p>Bonjour,</p><p>Voici un message.</p>")
    fields.setdefault("template", "test")
    fields.setdefault("status", OutboxStatus.PENDING)
    message = OutboxMessage(**fields)
    db.session.add(message)
    db.session.commit()
    return message
