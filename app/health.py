"""Figures for the sysadmin health check (no personal data)."""
from __future__ import annotations


def outbox_backlog() -> dict[str, int] | None:
    """Pending and dead messages in the outbox, once the outbox exists."""
    return None
