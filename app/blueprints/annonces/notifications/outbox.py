"""Queuing the emails about annonces. A message that many recipients share is
rendered once and its outbox rows inserted in one statement, so that posting
an ad stays as fast with 2 000 users."""
from __future__ import annotations

from flask import g, render_template
from sqlalchemy import insert

from app.extensions import db
from app.mail.queue import external_url
from app.models import Annonce, OutboxMessage


def outbox_rows(recipients: list[str], template: str, subject: str, **context) -> list[dict]:
    """Outbox rows of one message rendered once for several recipients."""
    subject = " ".join(subject.split())[:250]
    context.setdefault("subject", subject)
    body_text = render_template(f"email/{template}.txt", **context)
    body_html = render_template(f"email/{template}.html", **context)
    return [{"recipient": to, "subject": subject, "own_text": body_text,
             "own_html": body_html, "template": template} for to in recipients]


def queue_rows(rows: list[dict]) -> int:
    """Add the rows to the outbox in the current transaction, in one INSERT."""
    if rows:
        db.session.execute(insert(OutboxMessage), rows)
        g.outbox_queued = True
    return len(rows)


def annonce_link(annonce: Annonce) -> str:
    return external_url("annonces.detail", annonce_id=annonce.id)


def ad_links(annonces: list[Annonce]) -> dict[int, str]:
    return {annonce.id: annonce_link(annonce) for annonce in annonces}
