"""Shared fixtures: one app per session, a clean database per test, clients
(logged in through `auth`), factories and an SMTP sink.

The suite runs on SQLite by default and on PostgreSQL when
`TEST_DATABASE_URL` is set (`postgresql+psycopg://...`).
"""
from __future__ import annotations

import itertools
import os
import socket
from email import message_from_bytes
from email.policy import default as default_policy

import email_validator
import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from app import create_app
from app.extensions import db as _db
from app.models import Institution, InstitutionKind, User, UserStatus, utcnow
from app.reference.seed import slugify
from tests.figures import print_figures
from tests.helpers import TEST_PASSWORD, post_form

# Test addresses use the reserved .test domain, which email-validator accepts
# only in its test environment.
email_validator.TEST_ENVIRONMENT = True
_counter = itertools.count(1)


def pytest_terminal_summary(terminalreporter):
    print_figures(terminalreporter)


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context, as on a
    real server: `g` (CSRF token, logged-in user) and the database session
    are never shared with the test or with another client."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    upload_dir = tmp_path_factory.mktemp("uploads")
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
        "UPLOAD_FOLDER": str(upload_dir),
        "SERVER_NAME": None,
    })
    app.test_client_class = IsolatedClient
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


def _empty_all_tables() -> None:
    tables = list(reversed(_db.metadata.sorted_tables))
    if _db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        _db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            _db.session.execute(table.delete())
    _db.session.commit()


@pytest.fixture()
def db(app):
    """A clean database for one test, inside an app context."""
    from app.extensions import limiter

    limiter.reset()  # rate limits count per test, not across the session
    with app.app_context():
        _empty_all_tables()
        yield _db
        _db.session.remove()


@pytest.fixture()
def client(app, db):
    return app.test_client()


@pytest.fixture()
def runner(app, db):
    return app.test_cli_runner()


class AuthActions:
    """Logs clients in and out through the real /connexion form (flaskr's
    `AuthActions`); a call acts on the `client` fixture unless given another."""

    def __init__(self, app, client=None):
        self._app = app
        self._client = client

    def login(self, user: User | str, password: str = TEST_PASSWORD, client=None):
        email = user if isinstance(user, str) else user.email
        return post_form(self._client if client is None else client, "/connexion",
                         {"email": email, "password": password})

    def logout(self, client=None):
        return post_form(self._client if client is None else client, "/deconnexion",
                         token_from="/")

    def client_for(self, user: User | str, password: str = TEST_PASSWORD) -> FlaskClient:
        """A new client logged in as `user`, who is kept as `client.user`."""
        client = self._app.test_client()
        assert self.login(user, password, client=client).status_code == 303
        client.user = user
        return client


@pytest.fixture()
def auth(app, client):
    return AuthActions(app, client)


@pytest.fixture()
def make_institution(db):
    def factory(kind: InstitutionKind = InstitutionKind.COMMUNE, name: str | None = None,
                is_member: bool = True, **fields) -> Institution:
        number = next(_counter)
        name = name or f"Commune de Test {number}"
        institution = Institution(
            kind=kind, name=name, short_name=fields.pop("short_name", name),
            slug=fields.pop("slug", slugify(f"{name}-{number}")),
            is_member=is_member, member_since=utcnow() if is_member else None,
            arrondissement=fields.pop("arrondissement", "Arlon"),
            is_reference=fields.pop("is_reference", True), **fields,
        )
        db.session.add(institution)
        db.session.commit()
        return institution

    return factory


@pytest.fixture()
def make_user(db, make_institution):
    from werkzeug.security import generate_password_hash

    def factory(institution: Institution | None = None, email: str | None = None,
                password: str = TEST_PASSWORD, **fields) -> User:
        number = next(_counter)
        user = User(
            institution=institution or make_institution(),
            email=email or f"agent{number}@example.test",
            name=fields.pop("name", f"Agent {number}"),
            password_hash=generate_password_hash(password),
            status=fields.pop("status", UserStatus.ACTIVE),
            activated_at=utcnow(), **fields,
        )
        db.session.add(user)
        db.session.commit()
        return user

    return factory


@pytest.fixture()
def province(make_institution):
    # The slug of the seeded Province, so `seed_reference()` reuses this row.
    return make_institution(InstitutionKind.PROVINCE, name="Province de Luxembourg",
                            slug="province-luxembourg", short_name="Luxembourg")


@pytest.fixture()
def make_manager(make_user, province):
    def factory(**fields) -> User:
        return make_user(institution=province, is_manager=True, **fields)

    return factory


@pytest.fixture()
def member(auth, make_user, make_institution):
    """A client logged in as an agent of a member commune."""
    institution = make_institution(name="Commune d'Érezée", arrondissement="Marche-en-Famenne")
    return auth.client_for(make_user(institution=institution, name="Aline Dupré",
                                     email="aline.dupre@erezee.test", phone="086 11 22 33"))


@pytest.fixture()
def manager(auth, make_manager):
    """A client logged in as a manager of the Province."""
    return auth.client_for(make_manager(name="Gestionnaire Province",
                                        email="gestion@province.test"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    """A real SMTP server on loopback that keeps what it receives.

    `refuse = True` answers every message with a temporary 451; `reject`
    holds recipients whose messages are refused for good (550). Set them
    with `monkeypatch.setattr` so the next test starts clean.
    """

    def __init__(self):
        self.messages: list = []
        self.refuse = False
        self.reject: set[str] = set()

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 4.3.0 Try again later"
        if self.reject.intersection(envelope.rcpt_tos):
            return "550 5.7.1 Message refused"
        message = message_from_bytes(envelope.content, policy=default_policy)
        message.envelope_to = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m.envelope_to]


@pytest.fixture(scope="session")
def smtp_controller():
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    controller.sink = sink
    yield controller
    controller.stop()


@pytest.fixture()
def smtp(app, smtp_controller, monkeypatch):
    """Configure the app to send through the loopback SMTP sink."""
    sink = smtp_controller.sink
    sink.messages.clear()
    sink.refuse = False
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", smtp_controller.port)
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", False)
    monkeypatch.setitem(app.config, "MAIL_USE_SSL", False)
    yield sink


@pytest.fixture()
def make_annonce(db, make_user):
    """Create an annonce directly (search text and expiry filled in)."""
    from datetime import timedelta

    from app.blueprints.annonces.search import refresh_search_text
    from app.localtime import brussels_today
    from app.models import Annonce, AnnonceCategory, AnnonceKind

    def factory(author=None, **fields) -> Annonce:
        author = author or make_user()
        annonce = Annonce(
            institution=fields.pop("institution", author.institution), author=author,
            contact=author, kind=fields.pop("kind", AnnonceKind.DEMANDE),
            category=fields.pop("category", AnnonceCategory.SOUTIEN_HUMAIN),
            title=fields.pop("title", "Agent d'état civil pour trois jours"),
            body=fields.pop("body", "Notre seul agent est absent."),
            expires_on=fields.pop("expires_on", brussels_today() + timedelta(days=60)),
            **fields,
        )
        db.session.add(annonce)
        db.session.flush()
        refresh_search_text(annonce)
        db.session.commit()
        return annonce

    return factory

