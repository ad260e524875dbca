"""Housekeeping with the daily jobs: aged pending registrations purged, expired
single-use links forgotten, managers warned once about undelivered emails."""
from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from app.jobs.daily import run_all
from app.localtime import day_bounds
from app.models import (
    AuditEntry,
    InstitutionKind,
    OutboxStatus,
    RegistrationRequest,
    RegistrationStatus,
    UsedToken,
    UserStatus,
)
from tests.jobs.job_helpers import outbox
from tests.outbox.messages import add_message


def summaries(results) -> dict[str, str]:
    return {result.job: result.summary for result in results}


def _request(db, institution, age: timedelta, now, status=RegistrationStatus.PENDING):
    registration = RegistrationRequest(
        institution=institution, name="Céline Demandeuse", function="Secrétaire",
        email=f"celine@{institution.slug}.test", created_at=now - age, status=status)
    db.session.add(registration)
    db.session.commit()
    return registration


def test_purges_only_aged_pending_registrations(db, clock, make_institution, caplog):
    aged = _request(db, make_institution(is_member=False), timedelta(days=91), clock.now)
    recent = _request(db, make_institution(is_member=False), timedelta(days=89), clock.now)
    approved = _request(db, make_institution(), timedelta(days=200), clock.now,
                        RegistrationStatus.APPROVED)
    refused = _request(db, make_institution(is_member=False), timedelta(days=200), clock.now,
                       RegistrationStatus.REFUSED)
    aged_id = aged.id

    with caplog.at_level(logging.INFO, logger="app.jobs.housekeeping"):
        first = run_all(clock.today, clock.now)
    assert summaries(first)["registrations-purge"] == "1 pending registration(s) purged"
    assert "1 pending registration(s) older than 90 days purged" in caplog.text
    db.session.expire_all()
    remaining = set(db.session.scalars(select(RegistrationRequest.id)))
    assert remaining == {recent.id, approved.id, refused.id} and aged_id not in remaining
    [entry] = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "registration.purged")).all()
    assert entry.details == {"count": 1} and entry.actor_id is None
    assert "Céline" not in entry.summary and "celine" not in entry.summary

    second = run_all(clock.today, clock.now)
    assert summaries(second)["registrations-purge"] == "already done, skipped"


def test_removes_expired_tokens_only(db, clock):
    db.session.add_all([
        UsedToken(jti="expired", purpose="reset", expires_at=clock.now - timedelta(minutes=1)),
        UsedToken(jti="valid", purpose="activation", expires_at=clock.now + timedelta(days=3)),
    ])
    db.session.commit()
    assert summaries(run_all(clock.today, clock.now))["tokens-purge"] == (
        "1 expired token(s) removed")
    db.session.expire_all()
    assert list(db.session.scalars(select(UsedToken.jti))) == ["valid"]


def _dead(died_at, **fields):
    return add_message(status=OutboxStatus.DEAD, attempts=7, claimed_at=died_at,
                       created_at=died_at - timedelta(hours=24), **fields)


def test_managers_are_warned_once_about_each_dead_email(db, clock, make_manager, make_user,
                                                        make_institution):
    first = make_manager(name="Gestionnaire Un", email="un@province.test")
    second = make_manager(name="Gestionnaire Deux", email="deux@province.test")
    make_manager(email="suspendu@province.test", status=UserStatus.SUSPENDED)
    make_user(institution=make_institution(InstitutionKind.CPAS), email="agent@cpas.test")
    two_days_ago = day_bounds(clock.today - timedelta(days=2))[0] + timedelta(hours=12)
    _dead(two_days_ago, recipient="perdu@habay.test", subject="Votre annonce est publiée")
    start_of_today = day_bounds(clock.today)[0]  # "fresh" died today, even just after midnight
    fresh = _dead(start_of_today + (clock.now - start_of_today) / 2, recipient="recent@arlon.test")
    add_message(recipient="attente@arlon.test", created_at=two_days_ago)  # pending
    never_claimed = add_message(status=OutboxStatus.DEAD, recipient="ancien@etalle.test",
                                created_at=two_days_ago - timedelta(hours=2))

    result = summaries(run_all(clock.today, clock.now))["dead-emails"]
    assert result == "2 dead email(s) reported to 2 manager(s)"
    warnings = outbox(db, "dead_emails")
    assert sorted(w.recipient for w in warnings) == ["deux@province.test", "un@province.test"]
    body = warnings[0].body_text
    assert "perdu@habay.test" in body and "Votre annonce est publiée" in body
    assert never_claimed.recipient in body and fresh.recipient not in body
    assert "attente@arlon.test" not in body
    assert "http://localhost/gestion/courriels?statut=dead" in body
    assert warnings[0].subject == "2 courriel(s) de la plateforme n'ont pas pu être délivrés"
    assert {first.email, second.email} == {w.recipient for w in warnings}

    run_all(clock.today, clock.now)  # the same day again: nothing more
    assert len(outbox(db, "dead_emails")) == 2

    tomorrow = clock.today + timedelta(days=1)
    result = summaries(run_all(tomorrow, clock.now + timedelta(days=1)))["dead-emails"]
    assert result == "0 dead email(s) reported"  # the fresh one is not a day old yet
    after = clock.today + timedelta(days=2)
    result = summaries(run_all(after, clock.now + timedelta(days=2)))["dead-emails"]
    assert result == "1 dead email(s) reported to 2 manager(s)"
    latest = outbox(db, "dead_emails")[-1]
    assert fresh.recipient in latest.body_text and "perdu@habay.test" not in latest.body_text
    assert latest.subject == "Un courriel de la plateforme n'a pas pu être délivré"


def test_a_skipped_day_loses_no_warning(db, clock, make_manager):
    make_manager(email="un@province.test")
    run_all(clock.today, clock.now)
    three_days_later = clock.today + timedelta(days=3)
    died = day_bounds(clock.today)[0] + timedelta(hours=15)
    _dead(died, recipient="oublie@habay.test")
    result = summaries(run_all(three_days_later, clock.now + timedelta(days=3)))["dead-emails"]
    assert result == "1 dead email(s) reported to 1 manager(s)"


def test_cli_prints_one_line_per_housekeeping_job(runner):
    result = runner.invoke(args=["jobs", "run"])
    assert result.exit_code == 0
    for job in ("registrations-purge", "tokens-purge", "dead-emails"):
        assert sum(line.startswith(f"{job} ") for line in result.output.splitlines()) == 1
