"""CSRF on every POST, safe `next=`, login rate limits, session replay."""
from __future__ import annotations

import logging

import pytest
from werkzeug.routing import IntegerConverter

from app.extensions import limiter
from tests.conftest import TEST_PASSWORD
from tests.figures import record
from tests.helpers import csrf_token, post_form

OPEN_REDIRECTS = ["//evil.example", "/\\evil.example", "/\t/evil.example",
                  "https://evil.example", "javascript:alert(1)", "http:/evil.example",
                  "\\\\evil.example", " //evil.example"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits(app):
    limiter.reset()
    yield
    limiter.reset()


def _post_rules(app):
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            values = {name: 999999 if isinstance(conv, IntegerConverter) else "x"
                      for name, conv in rule._converters.items()}
            yield rule.build(values, append_unknown=False)[1]


@pytest.mark.parametrize("htmx", [False, True])
def test_every_post_without_csrf_token_is_refused(app, auth, make_manager, htmx):
    client = auth.client_for(make_manager())
    headers = {"HX-Request": "true"} if htmx else {}
    urls = list(_post_rules(app))
    assert urls, "no POST routes found"
    for url in urls:
        response = client.post(url, data={"email": "x@example.test"}, headers=headers)
        assert response.status_code == 400, url
        assert "expiré" in response.get_data(as_text=True)
    record(f"CSRF {'htmx' if htmx else 'plain'}",
           f"{len(urls)} POST routes without a token: 400 on every one")


def test_htmx_header_token_is_accepted(app, make_user):
    user = make_user()
    client = app.test_client()
    token = csrf_token(client, "/connexion")
    response = client.post("/connexion", data={"email": user.email, "password": TEST_PASSWORD},
                           headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert response.status_code == 303


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_login_never_redirects_off_site(app, make_user, target):
    user = make_user()
    client = app.test_client()
    response = post_form(client, "/connexion?next=" + target,
                         {"email": user.email, "password": TEST_PASSWORD, "next": target},
                         token_from="/connexion")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_login_follows_a_local_next(app, make_user):
    user = make_user()
    client = app.test_client()
    response = post_form(client, "/connexion?next=/vie-privee",
                         {"email": user.email, "password": TEST_PASSWORD},
                         token_from="/connexion")
    assert response.headers["Location"] == "/vie-privee"


def test_login_page_sends_a_visitor_back_after_login(app, make_user):
    client = app.test_client()
    response = client.get("/compte")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion?next=/compte")


def test_ten_failures_for_one_address_give_429(auth, make_user):
    user = make_user()
    for _ in range(10):
        response = auth.login(user, "wrong password 123")
        assert response.status_code == 200
        assert "incorrect" in response.get_data(as_text=True)
    response = auth.login(user, TEST_PASSWORD)
    assert response.status_code == 429
    assert "Trop de tentatives" in response.get_data(as_text=True)


def test_ten_failures_from_one_ip_give_429_for_any_address(auth, make_user):
    for number in range(10):
        auth.login(f"unknown{number}@example.test", "wrong password 123")
    response = auth.login(make_user(), TEST_PASSWORD)
    assert response.status_code == 429


def test_successful_logins_do_not_count_against_the_limit(auth, make_user):
    user = make_user()
    for _ in range(12):
        auth.client_for(user)


def test_cookie_captured_before_logout_is_refused(app, client, auth, make_user):
    auth.login(make_user())
    stolen = client.get_cookie("eplateforme_session").value
    assert client.get("/compte").status_code != 302
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("eplateforme_session", stolen)
    response = thief.get("/compte")
    assert response.status_code == 302
    assert "/connexion" in response.headers["Location"]


def test_logout_ends_sessions_on_other_browsers(auth, make_user):
    user = make_user()
    office, home = auth.client_for(user), auth.client_for(user)
    auth.logout(client=office)
    assert home.get("/compte").status_code == 302


def test_login_starts_a_new_session(client, auth, make_user):
    user = make_user()
    client.get("/connexion")
    before = client.get_cookie("eplateforme_session").value
    auth.login(user)
    assert client.get_cookie("eplateforme_session").value != before


def test_session_cookie_flags(auth, make_user):
    response = auth.login(make_user())
    cookie = next(h for h in response.headers.getlist("Set-Cookie")
                  if h.startswith("eplateforme_session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_authenticated_pages_are_not_cached(client, auth, make_user):
    auth.login(make_user())
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_security_log_has_no_password(auth, make_user, caplog):
    user = make_user()
    with caplog.at_level(logging.INFO):
        auth.login(user, "a secret attempt 42")
        auth.login(user)
    text = caplog.text
    assert "login_failed" in text and "login_succeeded" in text
    assert "a secret attempt 42" not in text and TEST_PASSWORD not in text


def test_inactive_user_cannot_log_in(auth, make_user):
    from app.models import UserStatus

    user = make_user(status=UserStatus.INVITED)
    response = auth.login(user)
    assert response.status_code == 200
    assert "pas encore activé" in response.get_data(as_text=True)


def test_request_log_hides_tokens_in_urls(app, client, caplog):
    with caplog.at_level(logging.INFO, logger="app.request"):
        client.get("/compte/activer/secret-token-value-123")
    assert "secret-token-value-123" not in caplog.text
    routes = [record.fields["route"] for record in caplog.records
              if record.name == "app.request"]
    assert routes == ["/compte/activer/<token>"]


def test_idle_session_ends(client, auth, make_user):
    from app.auth.sessions import IDLE_TIMEOUT_SECONDS

    auth.login(make_user())
    assert client.get("/compte").status_code == 200
    with client.session_transaction() as session:
        session["last_seen"] -= IDLE_TIMEOUT_SECONDS + 1
    response = client.get("/compte")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
