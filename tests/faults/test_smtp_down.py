"""SMTP down while a broadcast ad is published and while the daily digest
is queued (docs/requirements.md, Q20): the business change commits, the messages wait
in the outbox, and once the SMTP server answers again each is delivered
exactly once. (SMTP down during a registration: tests/inscription/
test_registration_smtp_down.py.) Runs on SQLite and on PostgreSQL."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.models import (
    Annonce,
    InstitutionKind,
    JobRun,
    NotificationPreference,
    OutboxMessage,
    OutboxStatus,
    utcnow,
)
from tests.annonces.manage_helpers import ad_form, post_ad
from tests.conftest import _free_port

MEMBERS, USERS_EACH = 4, 5


@pytest.fixture()
def smtp_down(app, smtp, monkeypatch):
    """The SMTP sink configured, but the app pointed at a closed port."""
    monkeypatch.setitem(app.config, "MAIL_PORT", _free_port())
    return smtp


@pytest.fixture()
def readers(make_institution, make_user) -> list[str]:
    """Active users of other member institutions, who want the daily digest."""
    emails = []
    for number in range(MEMBERS):
        institution = make_institution(InstitutionKind.CPAS, name=f"CPAS lecteur {number}")
        for person in range(USERS_EACH):
            emails.append(make_user(
                institution=institution, email=f"lecteur{number}-{person}@example.test",
                notification_preference=NotificationPreference.DAILY).email)
    return sorted(emails)


def _statuses(db) -> Counter:
    db.session.expire_all()
    return Counter(db.session.scalars(select(OutboxMessage.status)))


def _recover(app, db, runner, smtp_controller, monkeypatch) -> str:
    """SMTP back; the retries fall due; one `outbox send`."""
    monkeypatch.setitem(app.config, "MAIL_PORT", smtp_controller.port)
    db.session.execute(update(OutboxMessage).values(
        next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    return runner.invoke(args=["outbox", "send"]).output


def test_broadcast_with_smtp_down_is_delivered_once_after_recovery(
        app, auth, db, smtp_down, smtp_controller, runner, readers, make_user, monkeypatch):
    author = auth.client_for(make_user(email="auteur@gouvy.test"))
    response = post_ad(author, ad_form(broadcast="y", title="Urgent : chauffeur"))
    assert response.status_code == 303
    assert db.session.scalar(select(Annonce.title)) == "Urgent : chauffeur"

    for _ in range(2):  # the sender tries, fails, and tries again later
        result = runner.invoke(args=["outbox", "send"])
        assert result.exit_code == 0
    assert "0 sent" in result.output
    assert _statuses(db) == {OutboxStatus.PENDING: len(readers)}
    attempts = set(db.session.scalars(select(OutboxMessage.attempts)))
    assert attempts == {1}  # the second run found nothing due yet: backoff
    assert smtp_down.messages == []

    output = _recover(app, db, runner, smtp_controller, monkeypatch)
    assert f"{len(readers)} sent, 0 retried, 0 dead" in output
    assert runner.invoke(args=["outbox", "send"]).output.startswith("0 sent")
    assert _statuses(db) == {OutboxStatus.SENT: len(readers)}
    delivered = Counter(address for m in smtp_down.messages for address in m.envelope_to)
    assert delivered == Counter(readers)  # each reader once, nobody lost
    assert {m["Subject"] for m in smtp_down.messages} == {
        f"[Demande] Urgent : chauffeur – {author.user.institution.name}"}


def test_digest_with_smtp_down_is_delivered_once_after_recovery(
        app, db, smtp_down, smtp_controller, runner, readers, make_annonce, monkeypatch):
    yesterday = utcnow() - timedelta(days=1)
    make_annonce(title="Tractopelle disponible", created_at=yesterday)

    result = runner.invoke(args=["jobs", "run"])
    assert result.exit_code == 0, result.output
    assert f"{len(readers)} digest(s) queued" in result.output
    assert "digests" in set(db.session.scalars(select(JobRun.job)))
    assert runner.invoke(args=["outbox", "send"]).output.startswith(
        f"0 sent, {len(readers)} retried")
    assert _statuses(db) == {OutboxStatus.PENDING: len(readers)}
    assert smtp_down.messages == []

    # Running the jobs again while mail is down queues nothing more.
    assert "digests" in runner.invoke(args=["jobs", "run"]).output
    assert _statuses(db) == {OutboxStatus.PENDING: len(readers)}

    output = _recover(app, db, runner, smtp_controller, monkeypatch)
    assert f"{len(readers)} sent, 0 retried, 0 dead" in output
    assert runner.invoke(args=["outbox", "send"]).output.startswith("0 sent")
    delivered = Counter(address for m in smtp_down.messages for address in m.envelope_to)
    assert delivered == Counter(readers)
    assert all("Tractopelle disponible" in m.get_body(("plain",)).get_content()
               for m in smtp_down.messages)
