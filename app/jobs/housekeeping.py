"""Housekeeping run with the daily jobs (`app.jobs.daily`): purge the personal data
of registrations nobody decided, forget expired single-use links, and warn
the managers about emails that could not be delivered.

Each function does one day's work inside the job's transaction and returns
its summary line; the job's claim makes it happen once a day.
"""
from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select

from app.audit import record
from app.extensions import db
from app.localtime import day_bounds
from app.mail.queue import external_url, queue_email
from app.models import (
    JobRun,
    OutboxMessage,
    OutboxStatus,
    RegistrationRequest,
    RegistrationStatus,
    UsedToken,
    User,
    UserStatus,
)

log = logging.getLogger(__name__)

PENDING_REGISTRATION_LIFETIME = timedelta(days=90)
DEAD_EMAILS_JOB = "dead-emails"
DEAD_EMAILS_TEMPLATE = "dead_emails"
LISTED_DEAD_EMAILS = 50  # the warning names these; the email log shows the rest


def purge_registrations(today: date, now: datetime) -> str:
    """Delete pending registration requests older than 90 days (GDPR)."""
    result = db.session.execute(
        delete(RegistrationRequest)
        .where(RegistrationRequest.status == RegistrationStatus.PENDING,
               RegistrationRequest.created_at < now - PENDING_REGISTRATION_LIFETIME)
        .execution_options(synchronize_session=False))
    count = result.rowcount
    if count:
        # Only the number: the requests held names and addresses.
        record("registration.purged", summary=f"{count} demande(s) d'adhésion sans décision "
                                              "depuis 90 jours supprimée(s)", count=count)
    log.info("%s pending registration(s) older than 90 days purged", count)
    return f"{count} pending registration(s) purged"


def purge_used_tokens(today: date, now: datetime) -> str:
    """Forget the used links that have expired: they are refused anyway."""
    result = db.session.execute(
        delete(UsedToken).where(UsedToken.expires_at < now)
        .execution_options(synchronize_session=False))
    log.info("%s expired used token(s) removed", result.rowcount)
    return f"{result.rowcount} expired token(s) removed"


def warn_dead_emails(today: date, now: datetime) -> str:
    """Email every active manager the messages that died before yesterday and
    after the window of the previous run, so that each one is reported once.

    A message dies at its last attempt, when the sender claimed it
    (`claimed_at`); a message never claimed counts from its creation.
    """
    upper = day_bounds(today - timedelta(days=1))[0]
    previous = db.session.scalar(
        select(func.max(JobRun.period))
        .where(JobRun.job == DEAD_EMAILS_JOB, JobRun.period < today.isoformat()))
    died_at = func.coalesce(OutboxMessage.claimed_at, OutboxMessage.created_at)
    conditions = [OutboxMessage.status == OutboxStatus.DEAD, died_at < upper,
                  OutboxMessage.template != DEAD_EMAILS_TEMPLATE]
    if previous is not None:
        previous_upper = day_bounds(date.fromisoformat(previous) - timedelta(days=1))[0]
        conditions.append(died_at >= previous_upper)
    total = db.session.scalar(select(func.count(OutboxMessage.id)).where(*conditions)) or 0
    if not total:
        log.info("no newly dead email to report")
        return "0 dead email(s) reported"
    messages = db.session.scalars(
        select(OutboxMessage).where(*conditions).order_by(died_at, OutboxMessage.id)
        .limit(LISTED_DEAD_EMAILS)).all()
    managers = db.session.scalars(
        select(User).where(User.is_manager.is_(True), User.status == UserStatus.ACTIVE)
        .order_by(User.id)).all()
    link = external_url("gestion.emails", statut=OutboxStatus.DEAD.value)
    subject = (f"{total} courriel(s) de la plateforme n'ont pas pu être délivrés" if total > 1
               else "Un courriel de la plateforme n'a pas pu être délivré")
    for manager in managers:
        queue_email(manager.email, DEAD_EMAILS_TEMPLATE, subject, user=manager,
                    messages=messages, total=total, link=link)
    log.warning("%s dead email(s) reported to %s manager(s)", total, len(managers))
    return f"{total} dead email(s) reported to {len(managers)} manager(s)"
