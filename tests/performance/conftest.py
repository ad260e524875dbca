"""Fixtures of the performance tests: a `grow(n)` helper that bulk-inserts
n more rows of every listed kind of data (the `member` and `manager`
clients come from the root conftest)."""
from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from app.blueprints.annonces.search import normalise
from app.extensions import db as _db
from app.localtime import brussels_today
from app.models import (
    AddressedTo,
    Annonce,
    AnnonceCategory,
    AnnonceKind,
    AnnonceMessage,
    AnnonceReport,
    AnnonceStatus,
    AnnonceThread,
    AuditEntry,
    Centrale,
    CentraleDomain,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    DocumentTemplate,
    Institution,
    InstitutionKind,
    Mission,
    OutboxMessage,
    OutboxStatus,
    TemplateCategory,
    TemplateFile,
    TemplateVersion,
    ThreadRead,
    User,
    UserStatus,
    utcnow,
)
from tests.helpers import recorded_statements

_serial = itertools.count(1)


def count_queries(client, path: str, headers: dict | None = None) -> tuple[int, str]:
    """The number of SQL statements of one GET, and its HTML."""
    with recorded_statements() as statements:
        response = client.get(path, headers=headers or {})
    assert response.status_code == 200, path
    return len(statements), response.get_data(as_text=True)


def _institutions(n: int, now) -> list[int]:
    rows = [{"kind": InstitutionKind.COMMUNE, "name": f"Commune bulk {k}",
             "short_name": f"Bulk {k}", "slug": f"commune-bulk-{k}",
             "arrondissement": "Arlon", "is_reference": True, "is_member": True,
             "member_since": now, "created_at": now}
            for k in (next(_serial) for _ in range(n))]
    _db.session.execute(insert(Institution), rows)
    slugs = [row["slug"] for row in rows]
    return list(_db.session.scalars(select(Institution.id).where(Institution.slug.in_(slugs))))


def _templates(n: int, now, author_id: int) -> None:
    for _ in range(n):
        k = next(_serial)
        template_id = _db.session.execute(insert(DocumentTemplate).values(
            title=f"Modèle bulk {k}", description="Un modèle.", category=TemplateCategory.AUTRE,
            is_published=True, search_text=f"modele bulk {k}", created_at=now,
            updated_at=now)).inserted_primary_key[0]
        version_id = _db.session.execute(insert(TemplateVersion).values(
            template_id=template_id, number=1, created_at=now, created_by_id=author_id,
        )).inserted_primary_key[0]
        _db.session.execute(insert(TemplateFile).values(
            version_id=version_id, format="pdf", original_name=f"modele-{k}.pdf",
            content_type="application/pdf", size=10, stored_name=f"bulk-{k}.pdf",
            created_at=now))
        _db.session.get(DocumentTemplate, template_id).current_version_id = version_id


@pytest.fixture()
def grow(db, member, manager):
    """Add n rows of annonces (of the member and of others), n (or
    `answers`) answers to the member's first ad, templates, versions of the first template,
    centrals, missions, member institutions and their users, outbox
    messages, collaborations of the member's institution (every state) and
    journal entries."""

    def add(n: int, answers: int | None = None) -> None:
        now = utcnow()
        today = brussels_today(now)
        user = _db.session.get(User, member.user.id)
        others = _institutions(n, now)
        _db.session.execute(insert(User), [{
            "institution_id": institution_id, "email": f"bulk{next(_serial)}@example.test",
            "name": "Agent bulk", "status": UserStatus.ACTIVE, "session_token": str(k),
        } for k, institution_id in enumerate(others)])
        annonces = []
        for k in range(n):
            institution_id = user.institution_id if k % 2 else others[k]
            title = f"Agent bulk {next(_serial)} pour la voirie"
            annonces.append({
                "institution_id": institution_id, "author_id": user.id, "contact_id": user.id,
                "location_id": user.institution_id, "kind": AnnonceKind.DEMANDE,
                "category": AnnonceCategory.SOUTIEN_HUMAIN, "title": title,
                "body": "Texte.", "status": AnnonceStatus.OPEN,
                "expires_on": today + timedelta(days=30),
                "search_text": normalise(title), "created_at": now, "updated_at": now,
                "addressed_to": AddressedTo.PROVINCE if k % 3 == 0 else AddressedTo.TOUS})
        _db.session.execute(insert(Annonce), annonces)
        # reports by the member on others' ads not yet reported by them
        reported = _db.session.scalars(select(Annonce.id).where(
            Annonce.institution_id != user.institution_id,
            Annonce.id.not_in(select(AnnonceReport.annonce_id))).limit(n)).all()
        _db.session.execute(insert(AnnonceReport), [{
            "annonce_id": annonce_id, "user_id": user.id, "institution_id": user.institution_id,
            "reason": "Doute", "created_at": now} for annonce_id in reported])
        first = _db.session.scalar(select(Annonce.id).where(
            Annonce.institution_id == user.institution_id).order_by(Annonce.id))
        _db.session.execute(insert(AnnonceMessage), [{
            "annonce_id": first, "partner_id": others[k % len(others)],
            "sender_institution_id": others[k % len(others)], "body": "Nous pouvons aider.",
            "created_at": now} for k in range(n if answers is None else answers)])
        # the threads of those answers, and threads where the member answered
        # others' ads, half of them read by the member
        partners = sorted({others[k % len(others)] for k in range(n if answers is None
                                                                   else answers)})
        theirs = _db.session.scalars(select(Annonce.id).where(
            Annonce.institution_id.in_(others)).order_by(Annonce.id.desc()).limit(n)).all()
        threads = [{"annonce_id": first, "owner_id": user.institution_id, "partner_id": p,
                    "last_message_at": now, "last_sender_id": p, "message_count": 1}
                   for p in partners]
        threads += [{"annonce_id": annonce_id, "owner_id": owner, "partner_id": user.institution_id,
                     "last_message_at": now, "last_sender_id": owner, "message_count": 2}
                    for annonce_id, owner in _db.session.execute(select(
                        Annonce.id, Annonce.institution_id).where(Annonce.id.in_(theirs)))]
        _db.session.execute(insert(AnnonceThread), threads)
        _db.session.execute(insert(ThreadRead), [{
            "user_id": user.id, "thread_id": thread_id, "read_at": now}
            for thread_id in _db.session.scalars(select(AnnonceThread.id).where(
                AnnonceThread.annonce_id.in_(theirs[::2])))])
        _templates(n, now, user.id)
        first_template = _db.session.scalar(select(DocumentTemplate.id).order_by(
            DocumentTemplate.id))
        top = _db.session.scalar(select(TemplateVersion.number).where(
            TemplateVersion.template_id == first_template).order_by(
            TemplateVersion.number.desc()).limit(1))
        _db.session.execute(insert(TemplateVersion), [{
            "template_id": first_template, "number": top + 1 + k, "created_at": now}
            for k in range(n)])
        _db.session.execute(insert(Centrale), [{
            "title": f"Centrale bulk {k}", "slug": f"centrale-bulk-{k}",
            "domain": CentraleDomain.FOURNITURES, "is_published": True,
            "valid_from": today, "valid_until": today + timedelta(days=300),
            "adhesion_deadline": today + timedelta(days=30)}
            for k in (next(_serial) for _ in range(n))])
        _db.session.execute(insert(Mission), [{
            "title": f"Mission bulk {k}", "slug": f"mission-bulk-{k}", "theme": "Voirie",
            "summary": "Un service.", "is_published": True}
            for k in (next(_serial) for _ in range(n))])
        _db.session.execute(insert(OutboxMessage), [{
            "recipient": f"bulk{k}@example.test", "subject": "Sujet", "own_text": "Texte",
            "own_html": "<p>Texte</p>", "template": "annonce_broadcast",
            "status": OutboxStatus.SENT, "attempts": 1, "next_attempt_at": now,
            "last_error": "", "created_at": now} for k in range(n)])
        statuses = list(CollaborationStatus)
        _db.session.execute(insert(Collaboration), [{
            "annonce_id": first, "provider_id": others[k % len(others)],
            "beneficiary_id": user.institution_id, "proposer_id": user.institution_id,
            "proposed_by_id": user.id, "kind": CollaborationKind.PERSONNEL,
            "status": statuses[k % len(statuses)],
            "start_date": today + timedelta(days=k % 40 - 20),
            "end_date": today + timedelta(days=k % 40 - 18), "description": "Agent bulk",
            "quantity": 1, "days_planned": 3, "days_done": 3 if k % len(statuses) == 4 else None,
            "value_per_day": 200, "created_at": now, "updated_at": now} for k in range(n)])
        _db.session.execute(insert(AuditEntry), [{
            "actor_id": user.id, "action": "annonce.created", "target_type": "annonce",
            "summary": "Annonce", "details": {}, "created_at": now} for _ in range(n)])
        _db.session.commit()

    return add
