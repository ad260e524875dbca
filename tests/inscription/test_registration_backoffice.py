"""The back-office list of registration requests, and deciding from it."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from app.models import (
    AuditEntry,
    InstitutionKind,
    OutboxMessage,
    RegistrationRequest,
    RegistrationStatus,
    User,
    utcnow,
)
from tests.helpers import post_form


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def decide(client, registration_id, decision, reason=""):
    return post_form(client, f"/gestion/inscriptions/{registration_id}/decision",
                     {"decision": decision, "reason": reason}, token_from="/gestion/inscriptions")


def test_list_shows_pending_oldest_first_decided_in_their_tab(client, db, manager, make_request,
                                                      make_institution):
    now = utcnow()
    recent = make_request(institution_name="CPAS de Bertrix", created_at=now)
    old = make_request(institution_name="CPAS d'Aubange", created_at=now - timedelta(days=12))
    make_request(institution=make_institution(InstitutionKind.COMMUNE, name="Commune de Nassogne",
                                              is_member=False),
                 status=RegistrationStatus.REFUSED, decided_at=now, decided_by=manager,
                 refusal_reason="Doublon")

    response = client.get("/gestion/inscriptions")
    html = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "2 demandes en attente" in html
    assert html.index("CPAS d'Aubange") < html.index("CPAS de Bertrix")
    assert "Reçue il y a 12 jours" in html and "Reçue aujourd'hui" in html
    assert "Commune de Nassogne" not in html
    assert "Refusées (1)" in html and "Approuvées (0)" in html
    decided = client.get("/gestion/inscriptions?statut=refusees").get_data(as_text=True)
    assert "Commune de Nassogne" in decided and "Doublon" in decided
    assert "Gaëlle Gestion" in decided
    for registration in (old, recent):
        action = f'action="/gestion/inscriptions/{registration.id}/decision"'
        assert html.count(action) == 2
        assert f'id="reason-{registration.id}"' in html


def test_list_is_for_managers_only(client, auth, make_user):
    assert client.get("/gestion/inscriptions").status_code == 302
    auth.login(make_user(is_referent=True))
    assert client.get("/gestion/inscriptions").status_code == 403


def test_approve_from_the_list(client, db, manager, make_request):
    registration = make_request()
    response = decide(client, registration.id, "approve")
    assert response.status_code == 303
    assert response.headers["Location"] == "/gestion/inscriptions"
    db.session.expire_all()
    registration = db.session.get(RegistrationRequest, registration.id)
    assert registration.status == RegistrationStatus.APPROVED
    assert registration.institution.is_member
    assert registration.user.is_referent
    assert db.session.scalars(select(OutboxMessage)).one().sensitive
    html = client.get("/gestion/inscriptions").get_data(as_text=True)
    assert "est approuvée" in html and "Aucune demande en attente." in html


def test_refusal_without_reason_reopens_the_list_with_the_error(client, db, manager,
                                                                make_request):
    first = make_request(institution_name="CPAS d'Aubange")
    second = make_request(institution_name="CPAS de Bertrix")
    response = decide(client, second.id, "refuse", "")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    error = re.search(r'<span class="error" id="reason-(\d+)-error">([^<]+)</span>', html)
    assert error.group(1) == str(second.id)
    assert error.group(2) == "Indiquez le motif du refus : il sera envoyé au demandeur."
    assert f'id="reason-{first.id}-error"' not in html
    assert count(db, OutboxMessage) == 0
    db.session.expire_all()
    assert db.session.get(RegistrationRequest, second.id).is_pending


def test_refuse_from_the_list_emails_the_reason(client, db, manager, make_request):
    registration = make_request()
    assert decide(client, registration.id, "refuse", "Hors du territoire.").status_code == 303
    email = db.session.scalars(select(OutboxMessage)).one()
    assert email.template == "registration_refused"
    assert "Hors du territoire." in email.body_text
    assert db.session.scalars(select(AuditEntry)).one().action == "registration.refused"


def test_decision_is_taken_once_from_the_list_too(client, db, manager, make_request):
    registration = make_request()
    assert decide(client, registration.id, "approve").status_code == 303
    second = decide(client, registration.id, "refuse", "Changement d'avis")
    assert second.status_code == 303
    assert "Cette demande a déjà été traitée." in client.get(
        "/gestion/inscriptions").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(RegistrationRequest, registration.id).status == (
        RegistrationStatus.APPROVED)
    assert count(db, OutboxMessage) == 1
    assert count(db, User) == 2


def test_unknown_request_is_not_found(client, manager):
    assert decide(client, 999999, "approve").status_code == 404


def test_decision_without_csrf_is_refused(client, db, manager, make_request):
    registration = make_request()
    response = client.post(f"/gestion/inscriptions/{registration.id}/decision",
                           data={"decision": "approve"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(RegistrationRequest, registration.id).is_pending


def test_member_cannot_decide(client, auth, db, make_user, make_request):
    registration = make_request()
    auth.login(make_user(is_referent=True))
    response = post_form(client, f"/gestion/inscriptions/{registration.id}/decision",
                         {"decision": "approve"}, token_from="/")
    assert response.status_code == 403
    assert count(db, OutboxMessage) == 0
