"""Commands: create-manager, seed demo, outbox send."""
from __future__ import annotations

from sqlalchemy import func, select

from app.auth.passwords import password_problem, verify_password
from app.demo.accounts import DEMO_PASSWORD
from app.models import (
    AuditEntry,
    Institution,
    InstitutionKind,
    OutboxMessage,
    OutboxStatus,
    User,
    UserStatus,
)
from app.reference.seed import seed_reference
from tests.helpers import links_in

MANAGER = "chef.plateforme@province.test"


def _seeded(db):
    seed_reference()
    db.session.commit()


def _user(db, email) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_create_manager_sends_an_activation_link(app, db, runner):
    _seeded(db)
    result = runner.invoke(args=["create-manager", "Chef.Plateforme@Province.test",
                                 "--name", "Claire Chef"])
    assert result.exit_code == 0, result.output
    user = _user(db, MANAGER)
    assert user.is_manager and user.status == UserStatus.INVITED
    assert user.institution.kind == InstitutionKind.PROVINCE
    assert user.is_referent  # the Province had no référent yet
    printed = [link for link in links_in(result.output) if "/compte/activer/" in link]
    assert len(printed) == 1 and printed[0].startswith("http://localhost/compte/activer/")
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == MANAGER))
    assert message.template == "activation" and message.sensitive
    assert "/compte/activer/" in message.body_text
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "manager.created"))
    assert audit.target_id == user.id and audit.actor_id is None

    client = app.test_client()
    page = client.get(printed[0].removeprefix("http://localhost"))
    assert page.status_code == 200


def test_create_manager_with_password_from_stdin(auth, db, runner):
    _seeded(db)
    result = runner.invoke(args=["create-manager", MANAGER, "--name", "Claire Chef",
                                 "--password-stdin"], input="une phrase assez longue\n")
    assert result.exit_code == 0, result.output
    assert "http" not in result.output
    user = _user(db, MANAGER)
    assert user.status == UserStatus.ACTIVE and user.is_manager
    assert verify_password(user.password_hash, "une phrase assez longue")
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    client = auth.client_for(MANAGER, "une phrase assez longue")
    assert client.get("/gestion").status_code == 200


def test_second_manager_is_not_referent(db, runner):
    _seeded(db)
    runner.invoke(args=["create-manager", MANAGER, "--name", "Claire Chef"])
    result = runner.invoke(args=["create-manager", "adjoint@province.test", "--name", "Adjoint"])
    assert result.exit_code == 0, result.output
    assert not _user(db, "adjoint@province.test").is_referent


def test_weak_password_is_refused(db, runner):
    _seeded(db)
    for password in ["court", "password123"]:
        result = runner.invoke(args=["create-manager", MANAGER, "--name", "Claire Chef",
                                     "--password-stdin"], input=password + "\n")
        assert result.exit_code == 1
        assert "mot de passe" in result.output.lower()
    assert _user(db, MANAGER) is None


def test_duplicate_or_invalid_email_is_refused(db, runner, make_user):
    _seeded(db)
    make_user(email=MANAGER)
    result = runner.invoke(args=["create-manager", MANAGER.upper(), "--name", "Autre"])
    assert result.exit_code == 1
    assert "déjà utilisée" in result.output
    result = runner.invoke(args=["create-manager", "pas-une-adresse", "--name", "Autre"])
    assert result.exit_code == 1
    assert "n'est pas valide" in result.output
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_create_manager_needs_the_reference_data(db, runner):
    result = runner.invoke(args=["create-manager", MANAGER, "--name", "Claire Chef"])
    assert result.exit_code == 1
    assert "flask --app wsgi seed reference" in result.output
    assert _user(db, MANAGER) is None


def _counts(db) -> tuple[int, int, int]:
    db.session.expire_all()
    return (db.session.scalar(select(func.count(User.id))),
            db.session.scalar(select(func.count(Institution.id))),
            db.session.scalar(select(func.count(Institution.id)).where(Institution.is_member)))


def test_seed_demo_is_idempotent_and_prints_the_logins(auth, db, runner):
    assert password_problem(DEMO_PASSWORD) is None
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    counts = _counts(db)
    assert counts == (6, 94, 5)  # 5 demo users + the manager; 4 members + the Province
    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0, second.output
    assert _counts(db) == counts
    for output in (first.output, second.output):
        assert "gestionnaire@demo.eplateforme.example" in output
        assert "referent.arlon@demo.eplateforme.example" in output
        assert DEMO_PASSWORD in output
    emails = db.session.scalars(select(User.email)).all()
    assert all(email.endswith("@demo.eplateforme.example") for email in emails)
    arlon = db.session.scalar(select(Institution).where(Institution.slug == "commune-arlon"))
    assert arlon.is_member

    client = auth.client_for("gestionnaire@demo.eplateforme.example", DEMO_PASSWORD)
    assert client.get("/gestion").status_code == 200
    member = auth.client_for("referent.arlon@demo.eplateforme.example", DEMO_PASSWORD)
    html = member.get("/membres").get_data(as_text=True)
    assert "Référent démo – Arlon" in html and "CPAS de Bastogne" in html


def test_seed_demo_keeps_a_real_referent(db, runner, make_user):
    _seeded(db)
    arlon = db.session.scalar(select(Institution).where(Institution.slug == "commune-arlon"))
    make_user(institution=arlon, email="vrai.referent@arlon.test", is_referent=True)
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    assert not _user(db, "referent.arlon@demo.eplateforme.example").is_referent


def test_seed_demo_is_refused_in_production(app, db, runner, monkeypatch):
    monkeypatch.setitem(app.config, "APP_ENV", "production")
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 1
    assert "production" in result.output
    assert _counts(db) == (0, 0, 0)


def test_outbox_send_without_mail_server(db, runner, make_message):
    make_message()
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0
    assert "MAIL_SERVER is not set" in result.output and "1 message(s) stay" in result.output
    db.session.expire_all()
    assert db.session.scalar(select(OutboxMessage.status)) == OutboxStatus.PENDING


def test_outbox_send_reports_what_it_did(db, runner, make_message, smtp, monkeypatch):
    for number in range(60):  # more than one batch
        make_message(recipient=f"agent{number}@arlon.test")
    make_message(recipient="refuse@arlon.test")
    monkeypatch.setattr(smtp, "reject", {"refuse@arlon.test"})
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "60 sent, 0 retried, 1 dead"
    assert len(smtp.messages) == 60
