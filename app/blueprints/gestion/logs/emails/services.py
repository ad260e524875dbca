"""Putting a message that failed for good back in the outbox.

The service audits and flushes; the route commits once.
"""
from __future__ import annotations

from flask import g

from app.audit import record
from app.blueprints.gestion.logs.emails.queries import get_email
from app.extensions import db
from app.mail.delivery import retry_dead
from app.models import OutboxStatus


def retry_email(message_id: int) -> bool:
    """Put a dead message back in the queue; False (and no change) otherwise."""
    message = get_email(message_id)
    if message.status != OutboxStatus.DEAD:
        return False
    retry_dead(message)
    record("email.retried", message, summary=f"Courriel n° {message.id} remis en envoi")
    db.session.flush()
    g.outbox_queued = True  # wakes the sender thread once the request commits
    return True
