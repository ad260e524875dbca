"""The manager's decision link: GET shows, POST decides, once."""
from __future__ import annotations

import threading
import time
from zoneinfo import ZoneInfo

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from app.auth.tokens import make_token
from app.blueprints.inscription import services
from app.blueprints.inscription.services import AlreadyDecided, approve_registration
from app.models import (
    AuditEntry,
    Institution,
    OutboxMessage,
    RegistrationRequest,
    RegistrationStatus,
    UsedToken,
    User,
    UserStatus,
)
from tests.helpers import csrf_token, post_form

BRUSSELS = ZoneInfo("Europe/Brussels")
TABLES = (RegistrationRequest, User, OutboxMessage, AuditEntry, UsedToken, Institution)


def counts(db) -> dict:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in TABLES}


def decide(client, link, decision, reason=""):
    return post_form(client, link, {"decision": decision, "reason": reason})


def test_get_shows_the_request_and_changes_nothing(client, db, manager, make_request,
                                                   decision_link):
    registration = make_request()
    link = decision_link(registration)
    before = counts(db)
    response = client.get(link)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for text in ["CPAS d&#39;Attert", "Jean Lambert", "Directeur général",
                 "jean.lambert@attert.be", "063 22 33 44", "Première ligne.<br>Deuxième ligne.",
                 registration.created_at.astimezone(BRUSSELS).strftime("%d/%m/%Y")]:
        assert text in html
    assert 'name="decision" value="approve"' in html
    assert 'name="decision" value="refuse"' in html
    assert f'id="reason-{registration.id}"' in html
    assert counts(db) == before
    db.session.expire_all()
    assert db.session.get(RegistrationRequest, registration.id).is_pending


def test_logged_out_manager_is_sent_to_login_and_back(client, make_request, decision_link):
    link = decision_link(make_request())
    response = client.get(link)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion?next=")
    assert "/inscription/decision/" in response.headers["Location"]


def test_member_who_is_not_a_manager_is_refused(client, auth, make_user, make_request,
                                                decision_link):
    link = decision_link(make_request())
    auth.login(make_user())
    assert client.get(link).status_code == 403


def _expired_token(monkeypatch, registration) -> str:
    fifteen_days_ago = int(time.time()) - 15 * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: fifteen_days_ago)
        return make_token("registration-decision", r=registration.id)


@pytest.mark.parametrize("kind, words", [
    ("garbage", "n'est pas valide"),
    ("expired", "a expiré"),
    ("wrong_purpose", "n'est pas valide"),
    ("unknown_request", "n'est pas valide"),
    ("not_an_id", "n'est pas valide"),
])
def test_bad_links_are_refused_without_the_form(client, db, manager, make_request,
                                                monkeypatch, kind, words):
    registration = make_request()
    token = {
        "garbage": lambda: "pas-un-jeton",
        "expired": lambda: _expired_token(monkeypatch, registration),
        "wrong_purpose": lambda: make_token("activation", r=registration.id),
        "unknown_request": lambda: make_token("registration-decision", r=999999),
        "not_an_id": lambda: make_token("registration-decision", r="1"),
    }[kind]()
    before = counts(db)
    for response in (client.get(f"/inscription/decision/{token}"),
                     post_form(client, f"/inscription/decision/{token}",
                               {"decision": "approve"}, token_from="/")):
        html = response.get_data(as_text=True).replace("&#39;", "'")
        assert response.status_code == 400
        assert words in html
        assert 'href="/gestion/inscriptions"' in html
        assert 'name="decision"' not in html
    assert counts(db) == before


def test_approval_makes_a_member_and_a_referent_with_an_activation_email(
        client, db, manager, make_request, decision_link):
    registration = make_request()
    response = decide(client, decision_link(registration), "approve")
    assert response.status_code == 303
    assert response.headers["Location"] == "/gestion/inscriptions"

    db.session.expire_all()
    registration = db.session.get(RegistrationRequest, registration.id)
    assert registration.status == RegistrationStatus.APPROVED
    assert registration.decided_by_id == manager.id and registration.decided_at is not None
    institution = registration.institution
    assert institution.is_member and institution.member_since is not None
    user = registration.user
    assert user.email == "jean.lambert@attert.be" and user.institution_id == institution.id
    assert user.status == UserStatus.INVITED and user.is_referent and not user.is_manager
    assert (user.name, user.function, user.phone) == (
        "Jean Lambert", "Directeur général", "063 22 33 44")
    assert user.consent_share_contact is True and user.password_hash is None

    activation = db.session.scalars(select(OutboxMessage)).one()
    assert activation.recipient == "jean.lambert@attert.be"
    assert activation.template == "activation" and activation.sensitive is True
    assert "http://localhost/compte/activer/" in activation.body_text
    audit = db.session.scalars(select(AuditEntry)).one()
    assert audit.action == "registration.approved" and audit.actor_id == manager.id
    assert "est approuvée" in client.get("/gestion/inscriptions").get_data(as_text=True)


def test_second_approval_changes_nothing_and_says_so(client, db, manager, make_request,
                                                     decision_link):
    registration = make_request()
    link = decision_link(registration)
    assert decide(client, link, "approve").status_code == 303
    before = counts(db)
    second = decide(client, link, "approve")
    html = second.get_data(as_text=True)
    assert second.status_code == 200
    assert "Cette demande a déjà été traitée" in html
    assert "Gaëlle Gestion" in html and "Approuvée le" in html
    assert 'name="decision"' not in html
    assert counts(db) == before
    assert counts(db)["User"] == 2 and counts(db)["OutboxMessage"] == 1
    assert "déjà été traitée" in client.get(link).get_data(as_text=True)


def test_stale_request_cannot_be_approved_twice(app, db, make_request, make_manager):
    """The conditional UPDATE refuses a request another process decided."""
    manager = make_manager()
    registration = make_request()
    with db.engine.begin() as other_process:
        other_process.execute(
            RegistrationRequest.__table__.update()
            .where(RegistrationRequest.__table__.c.id == registration.id)
            .values(status="approved"))
    assert registration.is_pending  # this session has not seen the change
    with app.test_request_context(), pytest.raises(AlreadyDecided):
        approve_registration(registration, manager)
    db.session.rollback()
    assert counts(db)["User"] == 1 and counts(db)["OutboxMessage"] == 0


def test_concurrent_approvals_create_one_user_and_one_email(auth, db, make_request,
                                                            make_manager, decision_link):
    manager = make_manager()
    registration = make_request()
    link = decision_link(registration)
    clients = [auth.client_for(manager) for _ in range(2)]
    tokens = [csrf_token(each, link) for each in clients]
    barrier = threading.Barrier(2)
    statuses = []

    def approve(each, token):
        barrier.wait()
        statuses.append(each.post(link, data={"csrf_token": token, "decision": "approve"})
                        .status_code)

    threads = [threading.Thread(target=approve, args=pair) for pair in zip(clients, tokens,
                                                                          strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [200, 303]
    db.session.expire_all()
    assert counts(db)["User"] == 2  # the manager and the new référent
    assert counts(db)["OutboxMessage"] == 1


def test_refusal_needs_a_reason(client, db, manager, make_request, decision_link):
    registration = make_request()
    response = decide(client, decision_link(registration), "refuse", "   ")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Indiquez le motif du refus : il sera envoyé au demandeur." in html
    assert f'id="reason-{registration.id}-error"' in html
    db.session.expire_all()
    assert db.session.get(RegistrationRequest, registration.id).is_pending
    assert counts(db)["OutboxMessage"] == 0


def test_refusal_sends_the_reason(client, db, manager, make_request, decision_link):
    registration = make_request()
    reason = "Votre commune est déjà représentée par l'intercommunale."
    assert decide(client, decision_link(registration), "refuse", reason).status_code == 303
    db.session.expire_all()
    registration = db.session.get(RegistrationRequest, registration.id)
    assert registration.status == RegistrationStatus.REFUSED
    assert registration.refusal_reason == reason and registration.user_id is None
    assert not registration.institution.is_member
    email = db.session.scalars(select(OutboxMessage)).one()
    assert email.recipient == "jean.lambert@attert.be" and not email.sensitive
    assert reason in email.body_text
    assert "http://localhost/inscription?institution=" in email.body_text
    assert db.session.scalars(select(AuditEntry)).one().action == "registration.refused"
    assert counts(db)["User"] == 1


def test_unknown_decision_value_changes_nothing(client, db, manager, make_request,
                                                decision_link):
    registration = make_request()
    response = decide(client, decision_link(registration), "peut-etre")
    assert response.status_code == 200
    assert "Choisissez d&#39;approuver ou de refuser." in response.get_data(as_text=True)
    assert counts(db)["OutboxMessage"] == 0


def test_approval_is_refused_when_the_address_already_has_an_account(
        client, db, manager, make_request, make_user, decision_link):
    registration = make_request()
    make_user(email="jean.lambert@attert.be")
    response = decide(client, decision_link(registration), "approve")
    assert response.status_code == 200
    assert "Un compte existe déjà avec l&#39;adresse jean.lambert@attert.be" in (
        response.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(RegistrationRequest, registration.id).is_pending
    assert counts(db)["OutboxMessage"] == 0


def test_account_created_meanwhile_gives_a_message_not_an_error(
        client, db, manager, make_request, make_user, decision_link, monkeypatch):
    registration = make_request()
    make_user(email="jean.lambert@attert.be")
    # The account appeared after the check: the database still refuses it.
    monkeypatch.setattr(services, "find_user_by_email", lambda email: None)
    response = decide(client, decision_link(registration), "approve")
    assert response.status_code == 200
    assert "Un compte existe déjà" in response.get_data(as_text=True)
    db.session.expire_all()
    registration = db.session.get(RegistrationRequest, registration.id)
    assert registration.is_pending and not registration.institution.is_member
    assert counts(db)["OutboxMessage"] == 0


def test_institution_with_a_referent_cannot_be_approved_again(
        client, db, manager, make_request, make_user, make_institution, decision_link):
    institution = make_institution(name="Commune de Vaux-sur-Sûre", is_member=False)
    make_user(institution=institution, is_referent=True)
    registration = make_request(institution=institution)
    response = decide(client, decision_link(registration), "approve")
    assert response.status_code == 200
    assert "Cette institution a déjà un référent" in response.get_data(as_text=True)
    assert counts(db)["OutboxMessage"] == 0
