"""Queue emails into the outbox, rendered from `templates/email/<name>.txt|html`.

Sections keep their own senders (`blueprints/<section>/emails.py`) that call
`queue_email`; nothing here talks to SMTP (see `app.mail.delivery`).
"""
from __future__ import annotations

import logging
import re

from flask import current_app, g, render_template, url_for

from app.extensions import db
from app.models import OutboxMessage

log = logging.getLogger(__name__)


def external_url(endpoint: str, **values) -> str:
    """An absolute link built from PUBLIC_URL, for emails."""
    return current_app.config["PUBLIC_URL"] + url_for(endpoint, _external=False, **values)


def queue_email(to: str, template: str, subject: str, *, reply_to: str | None = None,
                sensitive: bool = False, **context) -> OutboxMessage:
    """Add a message to the outbox in the current transaction."""
    context.setdefault("subject", subject)
    body_text = render_template(f"email/{template}.txt", **context)
    body_html = render_template(f"email/{template}.html", **context)
    message = OutboxMessage(
        recipient=to, reply_to=reply_to, subject=_one_line(subject)[:250],
        body_text=body_text, body_html=body_html, template=template, sensitive=sensitive,
    )
    db.session.add(message)
    db.session.flush()
    g.outbox_queued = True
    if not current_app.config.get("MAIL_SERVER"):
        log.info("email %s (%s) kept in the outbox: no MAIL_SERVER configured",
                 message.id, template)
    return message


def _one_line(text: str) -> str:
    return re.sub(r"[\r\n]+", " ", text).strip()
