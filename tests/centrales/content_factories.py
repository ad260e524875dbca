"""Factories and helpers for the missions and centrals tests."""
from __future__ import annotations

import io
import itertools
import secrets
from datetime import date, timedelta

from sqlalchemy import select

from app.localtime import brussels_today
from app.models import (
    AuditEntry,
    Centrale,
    CentraleDocument,
    CentraleDomain,
    Mission,
    MissionDocument,
    OutboxMessage,
)
from app.uploads import upload_folder
from tests.helpers import TOKEN_PAGE, csrf_token

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_numbers = itertools.count(1)


def in_days(days: int) -> date:
    return brussels_today() + timedelta(days=days)


def make_mission(db, **fields) -> Mission:
    number = next(_numbers)
    mission = Mission(
        title=fields.pop("title", f"Mission {number}"),
        slug=fields.pop("slug", f"mission-{number}"),
        theme=fields.pop("theme", "Soutien aux pouvoirs locaux"),
        summary=fields.pop("summary", "Un résumé."),
        body=fields.pop("body", "Le **corps** de la mission."),
        contact_service=fields.pop("contact_service", "Cellule supracommunale"),
        contact_email=fields.pop("contact_email", "cellule@province.test"),
        contact_phone=fields.pop("contact_phone", "063 99 99 99"),
        position=fields.pop("position", number),
        is_published=fields.pop("is_published", True), **fields)
    db.session.add(mission)
    db.session.commit()
    return mission


def make_centrale(db, **fields) -> Centrale:
    number = next(_numbers)
    centrale = Centrale(
        title=fields.pop("title", f"Centrale {number}"),
        slug=fields.pop("slug", f"centrale-{number}"),
        domain=fields.pop("domain", CentraleDomain.FOURNITURES),
        description=fields.pop("description", "Une *centrale* de test."),
        reference=fields.pop("reference", f"CA-{number}"),
        valid_from=fields.pop("valid_from", in_days(-10)),
        valid_until=fields.pop("valid_until", in_days(365)),
        adhesion_deadline=fields.pop("adhesion_deadline", in_days(30)),
        position=fields.pop("position", number),
        is_published=fields.pop("is_published", True), **fields)
    db.session.add(centrale)
    db.session.commit()
    return centrale


def add_document(db, item, title: str = "Cahier spécial des charges",
                 name: str = "cahier-spécial.pdf", content: bytes = PDF_BYTES):
    """A document written straight to the upload folder."""
    stored_name = secrets.token_hex(16)
    (upload_folder() / stored_name).write_bytes(content)
    model = MissionDocument if isinstance(item, Mission) else CentraleDocument
    document = model(title=title, original_name=name, stored_name=stored_name,
                     content_type="application/pdf", size=len(content))
    item.documents.append(document)
    db.session.commit()
    return document


def post(client, path: str, data: dict | None = None, token_from: str | None = None,
         **kwargs):
    """POST with a valid CSRF token (multipart when a file is joined)."""
    payload = {"csrf_token": csrf_token(client, token_from or TOKEN_PAGE), **(data or {})}
    if any(isinstance(value, tuple) for value in payload.values()):
        kwargs.setdefault("content_type", "multipart/form-data")
    return client.post(path, data=payload, **kwargs)


def pdf_file(name: str = "convention.pdf", content: bytes = PDF_BYTES):
    return (io.BytesIO(content), name)


def audit_actions(db) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def outbox(db, template: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.template == template).order_by(OutboxMessage.id)))
