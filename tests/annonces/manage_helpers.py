"""Helpers for the tests of publishing and managing annonces."""
from __future__ import annotations

import io
import os
from datetime import date, timedelta

from sqlalchemy import func, select

from app.localtime import brussels_today
from app.models import Annonce, AuditEntry, OutboxMessage
from tests.helpers import csrf_token

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def ad_form(**overrides) -> dict:
    """A valid annonce form, as a browser would send it."""
    data = {
        "kind": "demande", "category": "soutien-humain",
        "title": "Agent d'état civil pour trois jours",
        "body": "Notre agent est **absent** : nous cherchons un renfort.",
        "start_date": "", "end_date": "", "quantity": "",
    }
    data.update(overrides)
    return data


def post_ad(client, data: dict, path: str = "/annonces/nouvelle", **kwargs):
    """POST an annonce form (multipart, so files may be joined)."""
    payload = {"csrf_token": csrf_token(client, "/annonces/nouvelle"), **data}
    return client.post(path, data=payload, content_type="multipart/form-data", **kwargs)


def post_action(client, path: str, data: dict | None = None, **kwargs):
    """POST a button-only or small form with a valid CSRF token."""
    payload = {"csrf_token": csrf_token(client, "/annonces/nouvelle"), **(data or {})}
    return client.post(path, data=payload, **kwargs)


def pdf(name: str = "convention.pdf", content: bytes = PDF_BYTES):
    return (io.BytesIO(content), name)


def png(name: str = "remorque.png"):
    return (io.BytesIO(PNG_BYTES), name)


def in_days(days: int) -> date:
    return brussels_today() + timedelta(days=days)


def annonces(db) -> list[Annonce]:
    db.session.expire_all()
    return list(db.session.scalars(select(Annonce).order_by(Annonce.id)))


def outbox(db, template: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if template:
        query = query.where(OutboxMessage.template == template)
    return list(db.session.scalars(query))


def audit_actions(db) -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def stored_files(app) -> list[str]:
    """Files in the upload folder (temporary ones included)."""
    folder = app.config["UPLOAD_FOLDER"]
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []
