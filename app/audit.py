"""Write decisions and admin actions to the audit log."""
from __future__ import annotations

from flask import has_request_context
from flask_login import current_user

from app.extensions import db
from app.models import AuditEntry


def record(action: str, target=None, summary: str = "", actor=None, **details) -> AuditEntry:
    """Add an audit entry to the current transaction (committed with the change)."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    entry = AuditEntry(
        action=action,
        actor_id=getattr(actor, "id", None),
        target_type=type(target).__name__ if target is not None else "",
        target_id=getattr(target, "id", None),
        summary=summary[:300],
        details=details,
    )
    db.session.add(entry)
    return entry
