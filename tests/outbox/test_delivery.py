"""Outbox delivery through a real SMTP server: retries, backoff, dead
messages, stale claims, and nothing lost while SMTP is down."""
from __future__ import annotations

import smtplib
import socket
from datetime import timedelta

import pytest
from flask_mail import BadHeaderError
from sqlalchemy import select, update

from app.blueprints.comptes.emails import send_activation_email
from app.extensions import db as _db
from app.mail import delivery as outbox
from app.mail.delivery import retry_delay, send_pending
from app.models import OutboxMessage, OutboxStatus, utcnow


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _messages(db) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _make_due(db) -> None:
    db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()
                                                    - timedelta(seconds=1)))
    db.session.commit()


@pytest.fixture()
def smtp_down(app, smtp, monkeypatch):
    """SMTP configured, but nothing listens on its port."""
    monkeypatch.setitem(app.config, "MAIL_PORT", _closed_port())
    return smtp


def test_smtp_down_for_a_whole_batch_loses_nothing(app, db, make_user, smtp_down,
                                                   smtp_controller, monkeypatch):
    users = [make_user(email=f"agent{number}@commune.test") for number in range(5)]
    with app.test_request_context():
        for user in users:
            send_activation_email(user)
    db.session.commit()

    before = utcnow()
    report = send_pending()
    assert (report.sent, report.retried, report.dead) == (0, 5, 0)
    for message in _messages(db):
        assert message.status == OutboxStatus.PENDING
        assert message.attempts == 1
        assert message.next_attempt_at > before
        assert "ConnectionRefusedError" in message.last_error

    monkeypatch.setitem(app.config, "MAIL_PORT", smtp_controller.port)
    assert send_pending().sent == 0  # nothing is due before the backoff delay
    _make_due(db)
    assert send_pending().sent == 5
    assert send_pending().sent == 0
    for user in users:
        assert len(smtp_down.to(user.email)) == 1
    assert len(smtp_down.messages) == 5
    assert all(m.status == OutboxStatus.SENT and m.attempts == 2 for m in _messages(db))


def test_backoff_delays():
    assert [retry_delay(n).total_seconds() for n in range(1, 8)] == \
        [30, 60, 120, 240, 300, 300, 300]


def test_each_failure_waits_longer(db, make_message, smtp_down):
    message = make_message()
    for attempt, delay in [(1, 30), (2, 60), (3, 120)]:
        before = utcnow()
        send_pending()
        message = _messages(db)[0]
        assert message.attempts == attempt
        expected = before + timedelta(seconds=delay)
        assert expected <= message.next_attempt_at <= expected + timedelta(seconds=5)
        _make_due(db)


def test_a_message_failing_for_24_hours_dies_and_can_be_retried(auth, db, make_message,
                                                                 make_manager, smtp_down):
    message = make_message(recipient="marie@arlon.test", attempts=40,
                           created_at=utcnow() - timedelta(hours=25))
    report = send_pending()
    assert report.dead == 1
    message = _messages(db)[0]
    assert message.status == OutboxStatus.DEAD and message.attempts == 41

    client = auth.client_for(make_manager())
    html = client.get("/gestion/courriels?statut=dead").get_data(as_text=True)
    assert "marie@arlon.test" in html and "Échec définitif" in html
    assert f'action="/gestion/courriels/{message.id}/renvoyer"' in html


def test_permanent_refusal_is_dead_at_once(db, make_message, smtp, monkeypatch):
    make_message(recipient="inconnu@arlon.test")
    make_message(recipient="marie@arlon.test")
    monkeypatch.setattr(smtp, "reject", {"inconnu@arlon.test"})
    report = send_pending()
    assert (report.sent, report.retried, report.dead) == (1, 0, 1)
    refused, delivered = _messages(db)
    assert refused.status == OutboxStatus.DEAD and "550" in refused.last_error
    assert delivered.status == OutboxStatus.SENT
    assert len(smtp.messages) == 1


def test_temporary_refusal_is_retried(db, make_message, smtp, monkeypatch):
    make_message()
    monkeypatch.setattr(smtp, "refuse", True)
    report = send_pending()
    assert report.retried == 1
    message = _messages(db)[0]
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert "451" in message.last_error
    monkeypatch.setattr(smtp, "refuse", False)
    _make_due(db)
    assert send_pending().sent == 1


@pytest.mark.parametrize("error, permanent", [
    (smtplib.SMTPRecipientsRefused({"a@b.test": (550, b"no such user")}), True),
    (smtplib.SMTPRecipientsRefused({"a@b.test": (550, b"no"), "c@d.test": (450, b"busy")}),
     False),
    (smtplib.SMTPDataError(554, b"spam"), True),
    (smtplib.SMTPDataError(451, b"later"), False),
    (smtplib.SMTPAuthenticationError(535, b"bad credentials"), False),
    (smtplib.SMTPSenderRefused(553, b"sender", "x@y.test"), False),
    (ConnectionRefusedError(), False),
    (BadHeaderError(), True),
])
def test_only_refusals_of_the_message_itself_are_permanent(error, permanent):
    assert outbox._is_permanent(error) is permanent


def test_a_message_that_cannot_be_built_dies_without_stopping_the_batch(db, make_message,
                                                                        smtp):
    make_message(recipient="marie@arlon.test\nBcc: espion@ailleurs.test")
    make_message(recipient="jean@bastogne.test")
    report = send_pending()
    assert (report.sent, report.dead) == (1, 1)
    assert _messages(db)[0].status == OutboxStatus.DEAD
    assert [m.envelope_to for m in smtp.messages] == [["jean@bastogne.test"]]


def test_stale_claims_are_taken_over(db, make_message, smtp):
    now = utcnow()
    make_message(recipient="abandonne@arlon.test", status=OutboxStatus.SENDING,
                 claimed_at=now - timedelta(minutes=11), claim_token="crashed")
    make_message(recipient="en-cours@arlon.test", status=OutboxStatus.SENDING,
                 claimed_at=now - timedelta(minutes=5), claim_token="busy")
    assert send_pending().sent == 1
    assert len(smtp.to("abandonne@arlon.test")) == 1
    assert smtp.to("en-cours@arlon.test") == []
    stale, busy = _messages(db)
    assert stale.status == OutboxStatus.SENT
    assert busy.status == OutboxStatus.SENDING and busy.claim_token == "busy"


def test_a_claim_taken_over_meanwhile_is_not_sent_twice(db, make_message, smtp, monkeypatch):
    first = make_message(recipient="un@arlon.test")
    make_message(recipient="deux@x.test")
    claim = outbox.claim_batch

    def claim_then_lose_the_first(limit, token):
        ids = claim(limit, token)
        _db.session.execute(update(OutboxMessage).where(OutboxMessage.id == first.id)
                            .values(claim_token="another-sender"))
        _db.session.commit()
        return ids

    monkeypatch.setattr(outbox, "claim_batch", claim_then_lose_the_first)
    assert send_pending().sent == 1
    assert smtp.to("un@arlon.test") == []
    assert len(smtp.to("deux@x.test")) == 1


def test_without_mail_server_nothing_is_sent(app, db, make_message):
    assert not app.config["MAIL_SERVER"]
    make_message()
    report = send_pending()
    assert (report.sent, report.retried, report.dead) == (0, 0, 0)
    message = _messages(db)[0]
    assert message.status == OutboxStatus.PENDING and message.attempts == 0


def test_retry_dead_gives_a_new_chance(db, make_message):
    message = make_message(status=OutboxStatus.DEAD, attempts=12,
                           created_at=utcnow() - timedelta(days=3),
                           next_attempt_at=utcnow() - timedelta(days=2))
    outbox.retry_dead(message)
    db.session.commit()
    message = _messages(db)[0]
    assert message.status == OutboxStatus.PENDING
    assert message.next_attempt_at <= utcnow()
    assert utcnow() - message.created_at < timedelta(minutes=1)


def test_a_server_that_never_answers_costs_one_timeout_per_batch(app, db, make_message,
                                                                monkeypatch):
    """A firewall that drops packets or a hung server: the batch waits for
    one connection timeout, not one per message, and loses nothing."""
    listener = socket.create_server(("127.0.0.1", 0))  # accepts, never greets
    listener.settimeout(5)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", listener.getsockname()[1])
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 0.5)
    for number in range(5):
        make_message(recipient=f"agent{number}@commune.test")
    with listener:
        report = send_pending()
        listener.settimeout(0.1)
        accepted = []
        while True:
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                break
        for connection in accepted:
            connection.close()
    assert (report.sent, report.retried, report.dead) == (0, 5, 0)
    assert len(accepted) == 1  # one connection tried for the whole batch
    assert all(m.status == OutboxStatus.PENDING and m.attempts == 1 for m in _messages(db))
