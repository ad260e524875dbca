"""Structured logs (docs/requirements.md, Q24): one JSON line per request and per security
event, with the request id, and no password, token or typed address."""
from __future__ import annotations

import io
import json
import logging
import re

import pytest

from app import create_app
from app.extensions import db as _db
from app.web.logs import json_handler
from tests.conftest import TEST_PASSWORD, IsolatedClient
from tests.helpers import csrf_token, post_form


@pytest.fixture()
def log_lines():
    """The JSON lines the app's formatter writes, parsed, as a callable."""
    stream = io.StringIO()
    handler = json_handler(stream)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def lines() -> list[dict]:
        text = stream.getvalue()
        return [json.loads(line) for line in text.splitlines()]

    lines.text = stream.getvalue
    yield lines
    root.removeHandler(handler)
    root.setLevel(level)


def events(lines: list[dict], name: str) -> list[dict]:
    return [line for line in lines if line.get("event") == name]


def test_a_request_gives_one_json_line_with_its_request_id(client, log_lines):
    response = client.get("/")
    lines = log_lines()
    assert len(lines) == 1
    line = lines[0]
    assert line["logger"] == "app.request" and line["message"] == "request"
    assert (line["method"], line["route"], line["status"]) == ("GET", "/", 200)
    assert isinstance(line["ms"], float) and line["ip"] == "127.0.0.1"
    assert line["user"] is None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])
    assert re.fullmatch(r"[0-9a-f]{16}", line["request_id"])
    assert response.headers["X-Request-ID"] == line["request_id"]
    assert client.get("/").headers["X-Request-ID"] != line["request_id"]


def test_a_proxy_request_id_is_kept_only_if_well_formed(client, log_lines):
    kept = client.get("/", headers={"X-Request-ID": "proxy-1234-abcd"})
    assert kept.headers["X-Request-ID"] == "proxy-1234-abcd"
    forged = client.get("/", headers={"X-Request-ID": 'x" "level": "fake'})
    assert re.fullmatch(r"[0-9a-f]{16}", forged.headers["X-Request-ID"])
    assert [line["request_id"] for line in log_lines()] == [
        "proxy-1234-abcd", forged.headers["X-Request-ID"]]
    assert "fake" not in log_lines.text()


def test_login_events_hold_neither_password_nor_typed_address(auth, make_user, log_lines):
    user = make_user()
    auth.login(user, "a secret attempt 42")
    auth.login("nobody.known@example.test", "another secret 43")
    auth.login(user)
    failed = events(log_lines(), "login_failed")
    assert [line["account"] for line in failed] == [user.id, None]
    assert all(line["level"] == "WARNING" and line["ip"] == "127.0.0.1" for line in failed)
    [succeeded] = events(log_lines(), "login_succeeded")
    assert succeeded["user"] == user.id
    post_lines = [line for line in log_lines() if line.get("method") == "POST"]
    assert {line["request_id"] for line in failed} <= {line["request_id"] for line in post_lines}
    text = log_lines.text()
    for secret in ("a secret attempt 42", "another secret 43", TEST_PASSWORD, user.email,
                   "nobody.known", "eplateforme_session", "csrf"):
        assert secret not in text


def test_tokens_in_links_never_reach_the_log(client, log_lines):
    token = "secret-token-value-123"
    client.get(f"/compte/activer/{token}?next=/{token}")
    client.post(f"/compte/activer/{token}", data={"password": "x"})
    client.get(f"/mot-de-passe/{token}")
    lines = log_lines()
    assert token not in log_lines.text()
    routes = [line["route"] for line in lines if line["logger"] == "app.request"]
    assert routes == ["/compte/activer/<token>", "/compte/activer/<token>",
                      "/mot-de-passe/<token>"]
    [csrf] = events(lines, "csrf_failure")
    assert csrf["route"] == "/compte/activer/<token>" and csrf["method"] == "POST"


def test_csrf_failure_and_rate_limit_are_events(client, make_user, log_lines):
    user = make_user()
    assert client.post("/connexion", data={"email": user.email}).status_code == 400
    token = csrf_token(client)
    for _attempt in range(10):
        client.post("/connexion", data={"csrf_token": token, "email": user.email,
                                        "password": "wrong password"})
    response = client.post("/connexion", data={"csrf_token": token, "email": user.email,
                                               "password": "wrong password"})
    assert response.status_code == 429
    lines = log_lines()
    [csrf] = events(lines, "csrf_failure")
    assert csrf["route"] == "/connexion" and csrf["level"] == "WARNING"
    [limited] = events(lines, "rate_limited")
    assert limited["route"] == "/connexion"
    assert limited["request_id"] == response.headers["X-Request-ID"]
    assert "wrong password" not in log_lines.text()


def test_forbidden_is_an_event_with_the_user(client, auth, make_user, log_lines):
    user = make_user()
    auth.login(user)
    assert client.get("/gestion").status_code == 403
    [forbidden] = events(log_lines(), "forbidden")
    assert forbidden["user"] == user.id and forbidden["route"] == "/gestion"


def test_registration_decisions_are_events(client, auth, db, make_manager, make_institution,
                                           log_lines):
    from app.models import InstitutionKind, RegistrationRequest

    manager = make_manager()
    auth.login(manager)
    requests = []
    for name in ("CPAS d'Attert", "CPAS de Bertrix"):
        registration = RegistrationRequest(
            institution=make_institution(InstitutionKind.CPAS, name=name, is_member=False),
            name="Jean Lambert", function="Directeur", email=f"{len(requests)}@attert.test",
            phone="063 22 33 44", message="", consent=True)
        db.session.add(registration)
        db.session.commit()
        requests.append(registration.id)
    for registration_id, decision in zip(requests, ("approve", "refuse"), strict=True):
        response = post_form(client, f"/gestion/inscriptions/{registration_id}/decision",
                             {"decision": decision, "reason": "Doublon d'une adhésion"},
                             token_from="/gestion/inscriptions")
        assert response.status_code == 303
    lines = log_lines()
    [approved] = events(lines, "registration_approved")
    [refused] = events(lines, "registration_refused")
    assert (approved["registration"], approved["user"]) == (requests[0], manager.id)
    assert (refused["registration"], refused["user"]) == (requests[1], manager.id)
    assert "attert.test" not in log_lines.text()


@pytest.fixture()
def failing_app(tmp_path, monkeypatch):
    """An app of its own with a route that fails, as a real bug would."""
    from app.auth.policy import POLICY, Access

    app = create_app({
        "TESTING": True,
        "PROPAGATE_EXCEPTIONS": False,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'failing.sqlite3'}",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
    })
    app.test_client_class = IsolatedClient

    def broken_view():
        raise RuntimeError("a bug")

    app.add_url_rule("/panne", "broken", broken_view)
    monkeypatch.setitem(POLICY, "broken", Access.PUBLIC)
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.engine.dispose()


def test_a_server_error_shows_its_reference_on_the_page_and_in_the_log(failing_app,
                                                                        log_lines):
    response = failing_app.test_client().get("/panne?cle=secret-query-value")
    assert response.status_code == 500
    reference = response.headers["X-Request-ID"]
    html = response.get_data(as_text=True)
    assert "Erreur interne" in html
    assert f"Référence de l'erreur : {reference}" in html.replace("&#39;", "'")
    assert "a bug" not in html and "Traceback" not in html
    lines = log_lines()
    [error] = [line for line in lines if line["level"] == "ERROR"]
    assert error["request_id"] == reference and error["route"] == "/panne"
    assert "RuntimeError: a bug" in error["exception"]
    [request_line] = [line for line in lines if line["logger"] == "app.request"]
    assert request_line["status"] == 500 and request_line["request_id"] == reference
    assert "secret-query-value" not in log_lines.text()


def test_client_errors_show_no_reference(client):
    html = client.get("/page-qui-n-existe-pas").get_data(as_text=True)
    assert "Page introuvable" in html and "Référence de l" not in html
