"""Demo content of the missions and purchasing centrals (idempotent).

Missions and centrals already present (same slug) are left alone, so a
manager's edits survive a new `flask seed demo`. Documents are generated
(`app.demo.documents`) and stored through `app.uploads` like any upload.
"""
from __future__ import annotations

import io
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from app.demo.centrals import CENTRALES, EXAMPLE, DemoCentrale, convention, specifications
from app.demo.documents import odt_document, pdf_document
from app.demo.missions import ILLUSTRATIVE, MISSIONS
from app.extensions import db
from app.localtime import brussels_today
from app.models import Centrale, CentraleDocument, Mission, MissionDocument
from app.uploads import DOCUMENTS, MB, store_upload


def _stored(document_model, title: str, filename: str, content: bytes, position: int):
    """A document row for a generated file, stored like an upload."""
    stored = store_upload(FileStorage(io.BytesIO(content), filename=filename), DOCUMENTS,
                          20 * MB)
    return document_model(title=title, original_name=stored.original_name,
                          stored_name=stored.stored_name, content_type=stored.content_type,
                          size=stored.size, position=position)


def _existing(model) -> tuple[set[str], int]:
    slugs = set(db.session.scalars(select(model.slug)))
    last = db.session.scalar(select(func.max(model.position))) or 0
    return slugs, last


def seed_demo_missions() -> int:
    """Create the missing demo missions, published; returns how many."""
    slugs, position = _existing(Mission)
    created = 0
    for demo in MISSIONS:
        if demo.slug in slugs:
            continue
        position += 1
        service, email, phone = demo.contact
        mission = Mission(
            slug=demo.slug, title=demo.title, theme=demo.theme, summary=demo.summary,
            body=ILLUSTRATIVE + demo.body, contact_service=service, contact_email=email,
            contact_phone=phone, position=position, is_published=True)
        if demo.document is not None:
            title, paragraphs = demo.document
            mission.documents.append(_stored(
                MissionDocument, f"{title} (document illustratif)",
                f"{demo.slug}.pdf", pdf_document(title, paragraphs), 0))
        db.session.add(mission)
        created += 1
    db.session.flush()
    return created


def _documents(demo: DemoCentrale) -> list[CentraleDocument]:
    province = current_app.config["PROVINCE_NAME"]
    title = f"Cahier spécial des charges – {demo.title}"
    agreement = f"Convention d'adhésion – {demo.title}"
    return [
        _stored(CentraleDocument, "Cahier spécial des charges (exemple)",
                f"cahier-special-des-charges-{demo.slug}.pdf",
                pdf_document(title, specifications(demo, province)), 0),
        _stored(CentraleDocument, "Convention d'adhésion (exemple, à compléter)",
                f"convention-d-adhesion-{demo.slug}.odt",
                odt_document(agreement, convention(demo, province)), 1),
    ]


def seed_demo_centrales() -> int:
    """Create the missing illustrative centrals, published, with dates around
    today (open, running and closed); returns how many."""
    slugs, position = _existing(Centrale)
    today = brussels_today()
    created = 0
    for demo in CENTRALES:
        if demo.slug in slugs:
            continue
        position += 1
        centrale = Centrale(
            slug=demo.slug, title=demo.title, domain=demo.domain, reference=demo.reference,
            description=EXAMPLE + demo.description,
            valid_from=today + timedelta(days=demo.starts),
            valid_until=today + timedelta(days=demo.ends),
            adhesion_deadline=today + timedelta(days=demo.deadline),
            position=position, is_published=True)
        centrale.documents.extend(_documents(demo))
        db.session.add(centrale)
        created += 1
    db.session.flush()
    return created
