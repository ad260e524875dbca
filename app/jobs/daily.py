"""Daily jobs: expire overdue ads, remind authors before expiry, remind both
sides of a collaboration before its start and end and after it, send the
daily digests (new ads, new or updated document templates) and the
saved-search alerts, and keep house (`app.jobs.housekeeping`: aged registrations,
expired links, undelivered emails).

`flask --app wsgi jobs run` runs them (for cron), and so does the scheduler
thread of the web process each morning (`app.jobs.scheduler`). Each job claims
its (job, day) by inserting a JobRun row in the same transaction as its
work: a second run, or another process at the same moment, meets the unique
constraint and skips, so nothing is done or sent twice. A job that fails
rolls back with its claim, and the next run does it again.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from app.blueprints.annonces.alerts.emails import send_alert_emails
from app.blueprints.annonces.notifications.new_annonces import send_daily_digests
from app.blueprints.annonces.notifications.reminders import send_expiry_reminders
from app.blueprints.collaborations.reminders import send_collaboration_reminders
from app.blueprints.modeles.queries import templates_of_day
from app.extensions import db
from app.jobs.housekeeping import (
    DEAD_EMAILS_JOB,
    purge_registrations,
    purge_used_tokens,
    warn_dead_emails,
)
from app.localtime import brussels_today
from app.models import Annonce, AnnonceStatus, JobRun, utcnow

log = logging.getLogger(__name__)

# Ads saved in the last minutes may not be committed yet: alerts leave them
# to the next run rather than risk skipping them.
SETTLE = timedelta(minutes=10)

jobs_cli = AppGroup("jobs", help="Tâches quotidiennes : expiration, rappels, résumés, alertes, "
                                 "nettoyage des données.")


def expire_overdue(today: date, now: datetime) -> str:
    """Open ads whose end of publication is past become expired."""
    result = db.session.execute(
        update(Annonce)
        .where(Annonce.status == AnnonceStatus.OPEN, Annonce.expires_on < today)
        .values(status=AnnonceStatus.EXPIREE)
        .execution_options(synchronize_session=False))
    return f"{result.rowcount} ad(s) expired"


def remind_expiring(today: date, now: datetime) -> str:
    return f"{send_expiry_reminders(today, now)} ad(s) reminded"


def remind_collaborations(today: date, now: datetime) -> str:
    counts = send_collaboration_reminders(today, now)
    return (f"{counts['start']} starting, {counts['end']} ending, "
            f"{counts['overdue']} overdue collaboration(s) reminded")


def send_digests(today: date, now: datetime) -> str:
    modeles = templates_of_day(today - timedelta(days=1))
    return f"{send_daily_digests(today, modeles)} digest(s) queued"


def send_alerts(today: date, now: datetime) -> str:
    return f"{send_alert_emails(now - SETTLE)} alert email(s) queued"


JOBS: dict[str, Callable[[date, datetime], str]] = {
    "expiry": expire_overdue,
    "reminders": remind_expiring,
    "collaboration-reminders": remind_collaborations,
    "digests": send_digests,
    "alerts": send_alerts,
    "registrations-purge": purge_registrations,
    "tokens-purge": purge_used_tokens,
    DEAD_EMAILS_JOB: warn_dead_emails,
}


@dataclass
class JobResult:
    job: str
    period: str
    summary: str
    failed: bool = False

    def line(self) -> str:
        return f"{self.job} {self.period}: {self.summary}"


def run_job(name: str, work: Callable[[date, datetime], str], today: date,
            now: datetime) -> JobResult:
    """Claim (name, today) and do the work in one transaction, or skip."""
    period = today.isoformat()
    db.session.rollback()  # the claim must open a fresh transaction
    run = JobRun(job=name, period=period)
    db.session.add(run)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return JobResult(name, period, "already done, skipped")
    try:
        run.summary = work(today, now)[:300]
        run.finished_at = utcnow()
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("job %s %s failed", name, period)
        return JobResult(name, period, "failed, see the log", failed=True)
    return JobResult(name, period, run.summary)


def run_all(today: date | None = None, now: datetime | None = None) -> list[JobResult]:
    """Run every job for `today` (Brussels date); inside an app context."""
    now = now or utcnow()
    today = today or brussels_today(now)
    # Email links are built as in a request, from PUBLIC_URL.
    with current_app.test_request_context():
        return [run_job(name, work, today, now) for name, work in JOBS.items()]


@jobs_cli.command("run")
def run_command() -> None:
    """Run the daily jobs: each does its work once a day, however often it runs."""
    results = run_all()
    for result in results:
        click.echo(result.line())
    if any(result.failed for result in results):
        raise click.exceptions.Exit(1)
