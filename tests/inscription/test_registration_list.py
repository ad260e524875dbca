"""The back-office lists of registration requests: tabs, search,
pagination, and sending a decision email again for each status."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.models import (
    AuditEntry,
    InstitutionKind,
    OutboxMessage,
    RegistrationStatus,
    User,
    UserStatus,
    utcnow,
)
from tests.helpers import post_form


@pytest.fixture()
def three_requests(manager, make_request, make_institution, make_user):
    """One request of each status."""
    now = utcnow()
    pending = make_request(institution_name="CPAS d'Étalle", name="Zoé Lambert",
                           email="zoe@etalle.test")
    approved_institution = make_institution(InstitutionKind.COMMUNE, name="Commune de Habay")
    referent = make_user(institution=approved_institution, email="rene@habay.test",
                         name="René Habay", status=UserStatus.INVITED, is_referent=True)
    approved = make_request(institution=approved_institution, name="René Habay",
                            email="rene@habay.test", status=RegistrationStatus.APPROVED,
                            decided_at=now, decided_by=manager, user=referent)
    refused = make_request(institution=make_institution(
        InstitutionKind.COMMUNE, name="Commune de Nassogne", is_member=False),
        name="Jean Refusé", email="jean@nassogne.test", status=RegistrationStatus.REFUSED,
        decided_at=now - timedelta(days=1), decided_by=manager,
        refusal_reason="Votre commune est déjà inscrite.")
    return pending, approved, refused


def _text(response) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'")


def test_tabs_show_each_status(client, three_requests):
    html = _text(client.get("/gestion/inscriptions"))
    assert "En attente (1)" in html and "Approuvées (1)" in html and "Refusées (1)" in html
    assert 'aria-current="page">En attente' in html
    assert "CPAS d'Étalle" in html and "Commune de Habay" not in html
    html = _text(client.get("/gestion/inscriptions?statut=approuvees"))
    assert "1 demande approuvée" in html and "Commune de Habay" in html
    assert "pas encore activé" in html and "Renvoyer le lien d'activation" in html
    assert "CPAS d'Étalle" not in html and "Commune de Nassogne" not in html
    html = _text(client.get("/gestion/inscriptions?statut=refusees"))
    assert "Commune de Nassogne" in html and "Votre commune est déjà inscrite." in html
    assert "Renvoyer l'e-mail de refus" in html
    # an unknown tab falls back on the pending requests
    assert "CPAS d'Étalle" in _text(client.get("/gestion/inscriptions?statut=toutes"))


@pytest.mark.parametrize("query, found", [
    ({"q": "etalle"}, True), ({"q": "ÉTALLE"}, True), ({"q": "zoe"}, True),
    ({"q": "Zoé Lamb"}, True), ({"q": "ZOE@ETALLE"}, True), ({"q": "bertrix"}, False),
])
def test_search_ignores_accents_and_case(client, three_requests, query, found):
    html = _text(client.get("/gestion/inscriptions", query_string=query))
    assert ("CPAS d'Étalle</h3>" in html) == found, query
    if not found:
        assert "Aucune demande en attente ne correspond à cette recherche." in html


def test_search_within_a_tab_and_bad_input(client, three_requests):
    html = _text(client.get("/gestion/inscriptions",
                            query_string={"statut": "refusees", "q": "jean"}))
    assert "Commune de Nassogne" in html
    assert "Commune de Nassogne" not in _text(client.get(
        "/gestion/inscriptions", query_string={"statut": "approuvees", "q": "jean"}))
    too_long = client.get("/gestion/inscriptions", query_string={"q": "x" * 300})
    assert too_long.status_code == 200 and "trop longue" in too_long.get_data(as_text=True)
    assert client.get("/gestion/inscriptions?page=abc").status_code == 200
    assert client.get("/gestion/inscriptions?page=999999999").status_code == 200


def test_pagination_keeps_tab_and_search(client, manager, make_request, make_institution):
    institution = make_institution(is_member=False, name="Commune de Vaux-sur-Sûre")
    now = utcnow()
    for number in range(52):
        make_request(institution=institution, name=f"Personne {number:02d}",
                     email=f"p{number}@vaux.test", status=RegistrationStatus.REFUSED,
                     decided_at=now - timedelta(minutes=number), refusal_reason="Non.")
    html = _text(client.get("/gestion/inscriptions?statut=refusees&q=sure"))
    assert "52 demandes refusées" in html and "Personne 00" in html
    assert "Personne 51" not in html and "Page 1 sur 2" in html
    assert "statut=refusees" in html and "q=sure" in html
    html = _text(client.get("/gestion/inscriptions?statut=refusees&q=sure&page=2"))
    assert "Personne 51" in html and "Personne 00" not in html


def test_htmx_search_returns_the_results_fragment(client, three_requests):
    response = client.get("/gestion/inscriptions?q=etalle", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="registration-results">')
    assert "<h1>" not in html and "HX-Request" in response.headers["Vary"]


def _resend(client, registration):
    return post_form(client, f"/gestion/inscriptions/{registration.id}/renvoyer",
                     token_from="/gestion/inscriptions")


def _outbox(db) -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_resend_for_a_pending_request(app, client, db, three_requests):
    pending, _approved, _refused = three_requests
    response = _resend(client, pending)
    assert response.status_code == 303
    assert response.headers["Location"] == "/gestion/inscriptions?statut=en-attente"
    [message] = _outbox(db)
    assert message.recipient == app.config["PLATFORM_MANAGER_EMAIL"]
    assert message.template == "registration_manager"
    assert "/inscription/decision/" in message.body_text
    assert "nouveau lien de décision" in client.get(response.headers["Location"]) \
        .get_data(as_text=True)
    _resend(client, pending)
    first, second = _outbox(db)
    link = [line for line in first.body_text.split() if "/inscription/decision/" in line]
    assert link and link[0] not in second.body_text  # a fresh link each time


def test_resend_for_an_approved_request_while_not_activated(client, db, three_requests):
    _pending, approved, _refused = three_requests
    response = _resend(client, approved)
    assert response.headers["Location"] == "/gestion/inscriptions?statut=approuvees"
    [message] = _outbox(db)
    assert message.recipient == "rene@habay.test" and message.template == "activation"
    assert message.sensitive
    referent = db.session.get(User, approved.user_id)
    referent.status = UserStatus.ACTIVE
    db.session.commit()
    response = _resend(client, approved)
    assert "déjà activé" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert len(_outbox(db)) == 1
    html = client.get("/gestion/inscriptions?statut=approuvees").get_data(as_text=True)
    assert "Renvoyer le lien d" not in html and ">activé<" in html


def test_resend_for_a_refused_request(client, db, three_requests):
    _pending, _approved, refused = three_requests
    response = _resend(client, refused)
    assert response.headers["Location"] == "/gestion/inscriptions?statut=refusees"
    [message] = _outbox(db)
    assert message.recipient == "jean@nassogne.test"
    assert message.template == "registration_refused"
    assert "Votre commune est déjà inscrite." in message.body_text


def test_every_resend_is_audited_and_needs_a_manager(auth, client, db, three_requests,
                                                     make_user):
    for registration in three_requests:
        _resend(client, registration)
    assert len(_outbox(db)) == 3
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [entry.action for entry in entries] == ["registration.email_resent"] * 3
    assert [entry.details["status"] for entry in entries] == ["pending", "approved", "refused"]
    assert all("@" not in entry.summary for entry in entries)
    assert client.post(f"/gestion/inscriptions/{three_requests[0].id}/renvoyer").status_code \
        == 400
    assert _resend(client, type("Missing", (), {"id": 999999})).status_code == 404
    member = auth.client_for(make_user())
    response = post_form(member, f"/gestion/inscriptions/{three_requests[0].id}/renvoyer",
                         token_from="/")
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 3
