"""Deliver the outbox: claim due messages atomically, send, retry with backoff.

Runs as a thread inside the web process and as `flask outbox send`. Claims
are atomic (PostgreSQL `FOR UPDATE SKIP LOCKED`, SQLite a conditional
update), so several processes never send one message twice. A claim is
renewed just before each message goes out, so only the claims of a sender
that died go stale (10 minutes) and are taken over.
"""
from __future__ import annotations

import contextlib
import logging
import secrets
import smtplib
import ssl
import threading
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, current_app, g
from flask_mail import BadHeaderError, Connection, Message
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import OutboxMessage, OutboxStatus, utcnow

log = logging.getLogger(__name__)

FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY_DELAY = timedelta(minutes=5)
GIVE_UP_AFTER = timedelta(hours=24)
STALE_CLAIM = timedelta(minutes=10)
PERMANENT_SMTP_CODES = range(500, 600)
# Refusals that concern the message itself. Other errors (connection,
# authentication, sender) are configuration problems: retry until fixed.
MESSAGE_REFUSALS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    dead: int = 0


class VerifiedConnection(Connection):
    """Flask-Mail's connection with a timeout and certificate verification."""

    def configure_host(self):
        config = current_app.config
        server, port = config["MAIL_SERVER"], config["MAIL_PORT"]
        timeout = config.get("MAIL_TIMEOUT", 15)
        context = ssl.create_default_context()
        if config.get("MAIL_USE_SSL"):
            host = smtplib.SMTP_SSL(server, port, timeout=timeout, context=context)
        else:
            host = smtplib.SMTP(server, port, timeout=timeout)
        if config.get("MAIL_USE_TLS"):
            host.starttls(context=context)
        if config.get("MAIL_USERNAME") and config.get("MAIL_PASSWORD"):
            host.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        return host


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min, then every 5 minutes."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), MAX_RETRY_DELAY)


def _due_condition(now):
    return or_(
        and_(OutboxMessage.status == OutboxStatus.PENDING,
             OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == OutboxStatus.SENDING,
             OutboxMessage.claimed_at < now - STALE_CLAIM),
    )


def claim_batch(limit: int = 20, token: str | None = None) -> list[int]:
    """Mark up to `limit` due messages as ours; return their ids (committed)."""
    now = utcnow()
    token = token or secrets.token_hex(8)
    query = (select(OutboxMessage.id).where(_due_condition(now))
             .order_by(OutboxMessage.id).limit(limit))
    if db.engine.dialect.name == "postgresql":
        ids = list(db.session.scalars(query.with_for_update(skip_locked=True)))
        if ids:
            db.session.execute(
                update(OutboxMessage).where(OutboxMessage.id.in_(ids))
                .values(status=OutboxStatus.SENDING, claimed_at=now, claim_token=token)
            )
        db.session.commit()
        return ids
    claimed = []
    for message_id in db.session.scalars(query).all():
        result = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, _due_condition(now))
            .values(status=OutboxStatus.SENDING, claimed_at=now, claim_token=token)
        )
        db.session.commit()
        if result.rowcount == 1:
            claimed.append(message_id)
    return claimed


def _renew_claim(message_id: int, token: str) -> bool:
    """Refresh our claim just before sending; False if another sender took
    the message over (it looked stale), so it is never sent twice."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claim_token == token,
               OutboxMessage.status == OutboxStatus.SENDING)
        .values(claimed_at=utcnow())
    )
    db.session.commit()
    return result.rowcount == 1


def _build(message: OutboxMessage) -> Message:
    return Message(
        subject=message.subject, recipients=[message.recipient],
        body=message.body_text, html=message.body_html, reply_to=message.reply_to,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
        extra_headers={"Auto-Submitted": "auto-generated"},
    )


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, BadHeaderError | ValueError):
        return True  # the message cannot be built: retrying will not help
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code in PERMANENT_SMTP_CODES for code, _ in error.recipients.values())
    if isinstance(error, MESSAGE_REFUSALS):
        return error.smtp_code in PERMANENT_SMTP_CODES
    return False


def send_pending(limit: int = 50) -> SendReport:
    """Send what is due now. Does nothing without MAIL_SERVER."""
    report = SendReport()
    if not current_app.config.get("MAIL_SERVER"):
        return report
    token = secrets.token_hex(8)
    ids = claim_batch(limit, token)
    if not ids:
        return report
    mail_state = current_app.extensions["mail"]
    connection = None
    unreachable: Exception | None = None
    try:
        for message_id in ids:
            if not _renew_claim(message_id, token):
                continue
            message = db.session.get(OutboxMessage, message_id,
                                     options=[joinedload(OutboxMessage.body)])
            if unreachable is not None:
                # The server could not be reached for this batch: the rest wait
                # for their retry without one connection timeout each (a server
                # that hangs would otherwise hold a broadcast for hours).
                _record_failure(message, unreachable, report)
                db.session.commit()
                continue
            try:
                if connection is None:
                    try:
                        connection = VerifiedConnection(mail_state).__enter__()
                    except (smtplib.SMTPException, OSError) as error:
                        unreachable = error
                        raise
                connection.send(_build(message))
            except (smtplib.SMTPException, OSError, BadHeaderError, ValueError) as error:
                connection = _drop(connection)
                _record_failure(message, error, report)
            else:
                message.status = OutboxStatus.SENT
                message.sent_at = utcnow()
                message.attempts += 1
                message.last_error = ""
                message.claim_token = None
                report.sent += 1
            db.session.commit()
    finally:
        _drop(connection)
    return report


def _drop(connection):
    if connection is not None:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.__exit__(None, None, None)
    return None


def _record_failure(message: OutboxMessage, error: Exception, report: SendReport) -> None:
    now = utcnow()
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:1000]
    message.claim_token = None
    if _is_permanent(error) or now - message.created_at >= GIVE_UP_AFTER:
        message.status = OutboxStatus.DEAD
        report.dead += 1
        log.error("email %s dead after %s attempts: %s", message.id, message.attempts,
                  type(error).__name__)
    else:
        message.status = OutboxStatus.PENDING
        message.next_attempt_at = now + retry_delay(message.attempts)
        report.retried += 1
        log.warning("email %s not sent (attempt %s), retry at %s: %s", message.id,
                    message.attempts, message.next_attempt_at.isoformat(),
                    type(error).__name__)


def retry_dead(message: OutboxMessage) -> None:
    """Give a dead message a new chance (manager's retry button)."""
    message.status = OutboxStatus.PENDING
    message.next_attempt_at = utcnow()
    message.created_at = utcnow()  # a new 24-hour window of retries


class SenderThread(threading.Thread):
    """Background sender inside the web process; woken after each commit
    that queued mail, and every `interval` seconds otherwise."""

    def __init__(self, app: Flask, interval: float = 10.0):
        super().__init__(name="outbox-sender", daemon=True)
        self.app = app
        self.interval = interval
        self.wake = threading.Event()

    def run(self) -> None:
        while True:
            self.wake.wait(self.interval)
            self.wake.clear()
            with self.app.app_context():
                try:
                    # Until nothing is due: a broadcast queues thousands at once.
                    report = send_pending()
                    while report.sent or report.retried or report.dead:
                        report = send_pending()
                except Exception:
                    log.exception("outbox sender failed; will try again")
                    db.session.rollback()
                finally:
                    db.session.remove()


_sender_lock = threading.Lock()


def init_outbox(app: Flask) -> None:
    """Start the sender with the first request (never in CLI commands)."""

    def start_sender_once():
        if not app.config.get("OUTBOX_SENDER_THREAD") or not app.config.get("MAIL_SERVER"):
            return
        with _sender_lock:
            if app.extensions.get("outbox_sender") is None:
                sender = SenderThread(app)
                app.extensions["outbox_sender"] = sender
                sender.start()

    def wake_sender(response):
        sender = app.extensions.get("outbox_sender")
        if sender is not None and g.get("outbox_queued"):
            sender.wake.set()
        return response

    app.before_request(start_sender_once)
    app.after_request(wake_sender)
