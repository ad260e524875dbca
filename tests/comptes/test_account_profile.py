"""My account: profile, password, email address, notifications, sessions and
the download of my data (docs/requirements.md, S2.1.5-6, Q5, Q30)."""
from __future__ import annotations

import json
import re
from html import unescape

import pytest
from sqlalchemy import select

from app.auth.passwords import verify_password
from app.models import AuditEntry, InstitutionKind, NotificationPreference
from tests.comptes.account_helpers import is_logged_in, outbox_to, replay, session_cookie
from tests.conftest import TEST_PASSWORD
from tests.helpers import post_form

NEW_PASSWORD = "une autre phrase de passe"


def _post(client, path: str, data: dict):
    return post_form(client, path, data, token_from="/compte")


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _checked_preference(page: str) -> str:
    match = re.search(r'<input checked [^>]*name="notification_preference"[^>]*value="(\w+)"',
                      page)
    return match.group(1) if match else ""


@pytest.fixture()
def member(auth, make_institution, make_user):
    institution = make_institution(InstitutionKind.CPAS, name="CPAS de Habay")
    user = make_user(institution=institution, name="Lucie Martin", email="lucie@habay.test")
    assert auth.login(user).status_code == 303
    return user


def test_account_pages_need_a_login(client, db):
    for path in ("/compte", "/compte/donnees"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/connexion?next=")
    for path in ("/compte/mot-de-passe", "/compte/adresse-email", "/compte/notifications"):
        response = post_form(client, path, {"current_password": "x", "password": "x"},
                             token_from="/connexion")
        assert response.headers["Location"].startswith("/connexion?next=")


def test_profile_page_shows_institution_role_and_the_four_forms(client, member):
    response = client.get("/compte")
    page = _text(response)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "CPAS de Habay" in page
    assert "<td>agent</td>" in page
    for action in ("/compte", "/compte/mot-de-passe", "/compte/adresse-email",
                   "/compte/notifications"):
        assert f'action="{action}"' in page
    assert 'href="/vie-privee"' in page
    assert 'href="/compte/donnees"' in page
    assert "Nouvelles annonces" in page
    assert _checked_preference(page) == "daily"


@pytest.mark.parametrize("fields, label", [
    ({"is_referent": True}, "référent"),
    ({"is_manager": True}, "gestionnaire"),
])
def test_profile_page_names_the_role(client, auth, make_user, fields, label):
    auth.login(make_user(**fields))
    assert f"<td>{label}</td>" in _text(client.get("/compte"))


def test_profile_is_saved(client, db, member):
    response = _post(client, "/compte", {"name": "Lucie Martin-Dubois",
                                         "function": "Directrice générale",
                                         "phone": "+32 63 21 22 23",
                                         "consent_share_contact": "y"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/compte"
    db.session.expire_all()
    assert member.name == "Lucie Martin-Dubois"
    assert member.function == "Directrice générale"
    assert member.phone == "+32 63 21 22 23"
    assert member.consent_share_contact is True
    assert "Votre profil est enregistré." in _text(client.get("/compte"))
    assert db.session.scalars(select(AuditEntry.action)).all() == ["account.consent_changed"]


def test_an_invalid_profile_keeps_what_was_typed_and_the_other_forms(client, db, member):
    response = _post(client, "/compte", {"name": "", "function": "Échevine",
                                         "phone": "appelez-moi"})
    page = _text(response)
    assert response.status_code == 200
    assert "Indiquez votre nom et votre prénom." in page
    assert "Indiquez un numéro de téléphone avec des chiffres" in page
    assert 'value="Échevine"' in page
    assert 'value="appelez-moi"' in page
    assert _checked_preference(page) == "daily"  # the other forms show what is stored
    db.session.expire_all()
    assert member.name == "Lucie Martin"


def test_changing_the_password_needs_the_current_one(client, db, member):
    response = _post(client, "/compte/mot-de-passe", {
        "current_password": "pas le bon mot de passe", "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD})
    page = _text(response)
    assert response.status_code == 200
    assert 'id="current_password-error">Mot de passe incorrect.' in page
    assert 'value="Lucie Martin"' in page  # the profile form is intact
    db.session.expire_all()
    assert verify_password(member.password_hash, TEST_PASSWORD)


def test_changing_the_password_applies_the_rules(client, member):
    response = _post(client, "/compte/mot-de-passe", {
        "current_password": TEST_PASSWORD, "password": "motdepasse123",
        "password_confirm": "motdepasse123"})
    assert response.status_code == 200
    assert "trop courant" in _text(response)


def test_password_change_keeps_this_browser_and_refuses_every_other_cookie(app, auth, client,
                                                                           db, member):
    captured = session_cookie(client)
    elsewhere = auth.client_for(member)
    response = _post(client, "/compte/mot-de-passe", {
        "current_password": TEST_PASSWORD, "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert is_logged_in(client)
    assert not is_logged_in(elsewhere)
    assert replay(app, captured).get("/compte").status_code == 302
    db.session.expire_all()
    assert verify_password(member.password_hash, NEW_PASSWORD)
    [notice] = outbox_to(db, member.email, "password_changed")
    assert "vient d'être modifié" in notice.body_text
    assert not notice.sensitive
    assert "account.password_changed" in db.session.scalars(select(AuditEntry.action)).all()


def test_wrong_current_passwords_are_rate_limited(client, member):
    data = {"current_password": "pas le bon", "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD}
    statuses = [_post(client, "/compte/mot-de-passe", data).status_code for _ in range(11)]
    assert statuses == [200] * 10 + [429]


def test_logout_ends_every_session_of_the_user(app, auth, client, member):
    captured = session_cookie(client)
    elsewhere = auth.client_for(member)
    assert is_logged_in(elsewhere)
    assert auth.logout().status_code == 303
    assert not is_logged_in(client)
    assert not is_logged_in(elsewhere)
    assert not is_logged_in(replay(app, captured))


def test_email_change_needs_the_password(client, db, member):
    response = _post(client, "/compte/adresse-email", {"email": "nouvelle@habay.test",
                                                       "password": "pas le bon"})
    page = _text(response)
    assert response.status_code == 200
    assert 'id="email_current_password-error">Mot de passe incorrect.' in page
    assert 'value="nouvelle@habay.test"' in page
    db.session.expire_all()
    assert member.email == "lucie@habay.test"


def test_email_change_refuses_an_address_already_used(client, db, member, make_user):
    make_user(email="deja.prise@example.test")
    response = _post(client, "/compte/adresse-email", {"email": "Deja.Prise@example.test",
                                                       "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "déjà utilisée" in _text(response)
    response = _post(client, "/compte/adresse-email", {"email": "pas une adresse",
                                                       "password": TEST_PASSWORD})
    assert "Indiquez une adresse e-mail valide" in _text(response)


def test_email_change_notifies_the_old_address(app, auth, client, db, member):
    response = _post(client, "/compte/adresse-email", {"email": "Lucie.Martin@habay.test",
                                                       "password": TEST_PASSWORD})
    assert response.status_code == 303
    db.session.expire_all()
    assert member.email == "lucie.martin@habay.test"
    [notice] = outbox_to(db, "lucie@habay.test", "email_changed")
    assert "lucie.martin@habay.test" in notice.body_text
    assert outbox_to(db, "lucie.martin@habay.test") == []
    auth.client_for("lucie.martin@habay.test")
    assert auth.login("lucie@habay.test", client=app.test_client()).status_code == 200
    assert "account.email_changed" in db.session.scalars(select(AuditEntry.action)).all()


def test_notification_preference_is_saved(client, db, member):
    response = _post(client, "/compte/notifications", {"notification_preference": "immediate"})
    assert response.status_code == 303
    db.session.expire_all()
    assert member.notification_preference == NotificationPreference.IMMEDIATE
    assert _checked_preference(_text(client.get("/compte"))) == "immediate"


def test_an_unknown_notification_preference_is_explained(client, db, member):
    response = _post(client, "/compte/notifications", {"notification_preference": "toujours"})
    assert response.status_code == 200
    assert "Choisissez une des trois possibilités." in _text(response)
    db.session.expire_all()
    assert member.notification_preference == NotificationPreference.DAILY


@pytest.mark.parametrize("path", ["/compte", "/compte/mot-de-passe", "/compte/adresse-email",
                                  "/compte/notifications"])
def test_account_forms_need_csrf(client, member, path):
    response = client.post(path, data={"notification_preference": "never", "name": "X"})
    assert response.status_code == 400
    assert "Votre formulaire a expiré" in _text(response)


def test_my_data_is_a_json_download_without_secrets(client, db, member):
    _post(client, "/compte/notifications", {"notification_preference": "never"})
    _post(client, "/compte/mot-de-passe", {"current_password": TEST_PASSWORD,
                                           "password": NEW_PASSWORD,
                                           "password_confirm": NEW_PASSWORD})
    response = client.get("/compte/donnees")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="mes-donnees.json"'
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "lucie@habay.test"
    assert data["account"]["name"] == "Lucie Martin"
    assert data["account"]["role"] == "agent"
    assert data["account"]["notification_preference"] == "never"
    assert data["account"]["consent_share_contact"] is False
    assert data["account"]["created_at"].startswith("20")
    assert data["institution"]["name"] == "CPAS de Habay"
    assert [entry["action"] for entry in data["actions"]] == ["account.password_changed"]
    assert [email["subject"] for email in data["emails"]] == ["Votre mot de passe a été modifié"]
    db.session.expire_all()
    raw = response.get_data(as_text=True)
    assert member.password_hash not in raw
    assert member.session_token not in raw
    assert "password_hash" not in raw and "session_token" not in raw
