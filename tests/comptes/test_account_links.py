"""Email links that let someone choose a password: activation, invitation,
password reset (docs/requirements.md, S2.1.4-6, Q7-8)."""
from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import func, select

from app.auth.passwords import verify_password
from app.auth.tokens import consume_token, make_token
from app.blueprints.comptes.services import password_fingerprint
from app.models import AuditEntry, UsedToken, User, UserStatus
from tests.comptes.account_helpers import is_logged_in, old_token, outbox_to
from tests.conftest import TEST_PASSWORD
from tests.helpers import TOKEN_PAGE, post_form

NEW_PASSWORD = "une phrase de passe solide"


def _choose(client, url: str, password: str = NEW_PASSWORD, confirm: str | None = None,
            token_from: str | None = None):
    return post_form(client, url, {"password": password,
                                   "password_confirm": password if confirm is None else confirm},
                     token_from=token_from)


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_activation_page_shows_the_form_and_changes_nothing(client, db, make_invited):
    user = make_invited()
    url = f"/compte/activer/{make_token('activation', u=user.id)}"
    for _ in range(2):
        response = client.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert 'name="password"' in html and 'name="password_confirm"' in html
        assert "Activer votre compte" in html
    db.session.expire_all()
    assert user.status == UserStatus.INVITED
    assert user.password_hash is None
    assert _count(db, UsedToken) == 0
    assert _count(db, AuditEntry) == 0


def test_activation_sets_the_password_and_logs_in(auth, client, db, make_invited):
    user = make_invited(email="nouveau.referent@example.test")
    response = _choose(client, f"/compte/activer/{make_token('activation', u=user.id)}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    db.session.expire_all()
    assert user.status == UserStatus.ACTIVE
    assert user.activated_at is not None
    assert verify_password(user.password_hash, NEW_PASSWORD)
    assert "Votre compte est activé" in client.get("/").get_data(as_text=True)
    assert is_logged_in(client)
    auth.client_for(user, NEW_PASSWORD)
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions == ["account.activated"]


def test_a_used_link_says_so_and_never_shows_the_form_again(app, client, db, make_invited):
    user = make_invited()
    url = f"/compte/activer/{make_token('activation', u=user.id)}"
    assert _choose(client, url).status_code == 303
    other = app.test_client()
    for response in (other.get(url), _choose(other, url, token_from=TOKEN_PAGE)):
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "Ce lien a déjà été utilisé" in html
        assert 'name="password"' not in html
        assert 'href="/connexion"' in html
        assert 'href="/mot-de-passe-oublie"' in html


def test_a_link_is_single_use_even_before_the_account_changes(client, db, make_invited):
    user = make_invited()
    token = make_token("activation", u=user.id)
    consume_token("activation", token)
    db.session.commit()
    response = client.get(f"/compte/activer/{token}")
    assert response.status_code == 400
    assert "Ce lien a déjà été utilisé" in response.get_data(as_text=True)


def test_an_expired_link_is_refused(client, db, make_invited):
    user = make_invited()
    token = old_token("activation", 8 * 24 * 3600, u=user.id)
    for response in (client.get(f"/compte/activer/{token}"),
                     _choose(client, f"/compte/activer/{token}", token_from=TOKEN_PAGE)):
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "Ce lien a expiré" in html
        assert 'name="password"' not in html
    db.session.expire_all()
    assert user.status == UserStatus.INVITED


@pytest.mark.parametrize("purpose, path", [
    ("password-reset", "/compte/activer/{}"),
    ("activation", "/compte/invitation/{}"),
    ("invitation", "/mot-de-passe/{}"),
])
def test_a_link_of_another_purpose_is_refused(client, db, make_invited, purpose, path):
    user = make_invited()
    response = client.get(path.format(make_token(purpose, u=user.id, h="x")))
    assert response.status_code == 400
    assert "Ce lien n'est pas valable" in unescape(response.get_data(as_text=True))


def test_a_tampered_or_truncated_link_is_refused(client, db, make_invited):
    token = make_token("activation", u=make_invited().id)
    for bad in (token[:-3], token + "x", "inexistant"):
        assert client.get(f"/compte/activer/{bad}").status_code == 400


def test_the_link_of_a_suspended_invitee_is_refused(client, db, make_invited):
    user = make_invited()
    token = make_token("invitation", u=user.id)
    user.status = UserStatus.SUSPENDED
    db.session.commit()
    response = client.get(f"/compte/invitation/{token}")
    assert response.status_code == 400
    assert 'name="password"' not in response.get_data(as_text=True)


@pytest.mark.parametrize("password, confirm, message", [
    ("court", "court", "au moins 10 caractères"),
    ("a" * 129, "a" * 129, "ne peut pas dépasser 128 caractères"),
    ("motdepasse123", "motdepasse123", "trop courant"),
    ("MotDePasse123", "MotDePasse123", "trop courant"),
    (NEW_PASSWORD, NEW_PASSWORD + "!", "ne sont pas identiques"),
    ("", "", "Choisissez un mot de passe."),
])
def test_password_rules_are_explained_in_french(client, db, make_invited, password,
                                                 confirm, message):
    user = make_invited()
    url = f"/compte/activer/{make_token('activation', u=user.id)}"
    response = _choose(client, url, password, confirm)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert 'class="error"' in html
    assert _count(db, UsedToken) == 0  # the link still works
    db.session.expire_all()
    assert user.status == UserStatus.INVITED
    assert _choose(client, url).status_code == 303


def test_an_invitation_link_activates_the_account(client, db, make_invited):
    user = make_invited()
    url = f"/compte/invitation/{make_token('invitation', u=user.id)}"
    assert "Rejoindre la plateforme" in client.get(url).get_data(as_text=True)
    assert _choose(client, url).status_code == 303
    db.session.expire_all()
    assert user.status == UserStatus.ACTIVE
    assert is_logged_in(client)


def _reset_link(db, user: User) -> str:
    message = outbox_to(db, user.email, "password_reset")[-1]
    assert message.sensitive
    link = next(word for word in message.body_text.split() if "/mot-de-passe/" in word)
    return link.removeprefix("http://localhost")


def test_forgot_password_answers_the_same_for_known_and_unknown_addresses(app, db, make_user):
    make_user(email="connu@example.test")
    suspended = make_user(email="suspendu@example.test", status=UserStatus.SUSPENDED)
    answers = []
    for address in ("connu@example.test", "inconnu@example.test", suspended.email):
        client = app.test_client()
        response = post_form(client, "/mot-de-passe-oublie", {"email": address})
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        answers.append((response.status_code, response.headers["Location"],
                        response.get_data(as_text=True)))
        assert "Si un compte correspond à cette adresse" in page
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 303
    assert len(outbox_to(db, "connu@example.test", "password_reset")) == 1
    assert outbox_to(db, "inconnu@example.test") == []
    assert outbox_to(db, suspended.email) == []


def test_forgot_password_sends_a_new_activation_link_to_an_invited_account(client, db,
                                                                          make_invited):
    user = make_invited()
    post_form(client, "/mot-de-passe-oublie", {"email": user.email.upper()})
    [message] = outbox_to(db, user.email)
    assert message.template == "activation" and message.sensitive


def test_forgot_password_checks_the_address_format(client, db):
    response = post_form(client, "/mot-de-passe-oublie", {"email": "pas-une-adresse"})
    assert response.status_code == 200
    assert "Indiquez une adresse e-mail valide" in response.get_data(as_text=True)
    assert 'value="pas-une-adresse"' in response.get_data(as_text=True)


def test_forgot_password_is_rate_limited_per_ip_and_per_address(app, db):
    client = app.test_client()
    statuses = [post_form(client, "/mot-de-passe-oublie", {"email": f"x{n}@example.test"})
                .status_code for n in range(6)]
    assert statuses == [303] * 5 + [429]
    statuses = []
    for n in range(6):
        other = app.test_client()
        other.environ_base["REMOTE_ADDR"] = f"10.0.0.{n + 1}"
        statuses.append(post_form(other, "/mot-de-passe-oublie",
                                  {"email": "cible@example.test"}).status_code)
    assert statuses == [303] * 5 + [429]


def test_reset_sets_the_password_once_and_ends_other_sessions(app, auth, client, db, make_user):
    user = make_user()
    elsewhere = auth.client_for(user)
    assert is_logged_in(elsewhere)
    post_form(client, "/mot-de-passe-oublie", {"email": user.email})
    link = _reset_link(db, user)
    assert client.get(link).status_code == 200
    response = _choose(client, link)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert is_logged_in(client)
    assert not is_logged_in(elsewhere)
    db.session.expire_all()
    assert verify_password(user.password_hash, NEW_PASSWORD)
    assert auth.login(user, TEST_PASSWORD, client=app.test_client()).status_code == 200
    assert [m.template for m in outbox_to(db, user.email)] == ["password_reset",
                                                               "password_changed"]
    again = app.test_client().get(link)
    assert again.status_code == 400
    assert "Ce lien a déjà été utilisé" in again.get_data(as_text=True)


def test_a_reset_link_dies_when_the_password_changes_another_way(app, auth, client, db,
                                                                make_user):
    user = make_user()
    post_form(client, "/mot-de-passe-oublie", {"email": user.email})
    link = _reset_link(db, user)
    auth.login(user)
    response = post_form(client, "/compte/mot-de-passe", {
        "current_password": TEST_PASSWORD, "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD}, token_from="/compte")
    assert response.status_code == 303
    assert app.test_client().get(link).status_code == 400


def test_a_reset_link_expires_after_one_hour(client, db, make_user):
    user = make_user()
    token = old_token("password-reset", 3601, u=user.id, h=password_fingerprint(user))
    response = client.get(f"/mot-de-passe/{token}")
    assert response.status_code == 400
    assert "Ce lien a expiré" in response.get_data(as_text=True)
    fresh = make_token("password-reset", u=user.id, h=password_fingerprint(user))
    assert client.get(f"/mot-de-passe/{fresh}").status_code == 200


def test_choosing_a_password_needs_csrf(client, db, make_invited):
    url = f"/compte/activer/{make_token('activation', u=make_invited().id)}"
    response = client.post(url, data={"password": NEW_PASSWORD,
                                      "password_confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert _count(db, UsedToken) == 0
