"""The daily jobs one by one: expiry, reminders, digests, alerts; each does
its work once, however often it runs."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.jobs import daily as jobs
from app.jobs.daily import SETTLE, run_all
from app.models import (
    AnnonceKind,
    AnnonceStatus,
    JobRun,
    NotificationPreference,
    SavedSearch,
    UserStatus,
)
from tests.helpers import links_in
from tests.jobs.job_helpers import outbox


def summaries(results) -> dict[str, str]:
    return {result.job: result.summary for result in results}


def test_expiry_once_per_day(db, world, clock, make_annonce):
    overdue = make_annonce(author=world.author, expires_on=clock.today - timedelta(days=1))
    last_day = make_annonce(author=world.author, expires_on=clock.today)
    closed = make_annonce(author=world.author, expires_on=clock.today - timedelta(days=3),
                          status=AnnonceStatus.POURVUE)

    first = run_all(clock.today, clock.now)
    assert first[0].line() == f"expiry {clock.today.isoformat()}: 1 ad(s) expired"
    db.session.expire_all()
    assert overdue.status == AnnonceStatus.EXPIREE
    assert last_day.status == AnnonceStatus.OPEN and closed.status == AnnonceStatus.POURVUE

    second = run_all(clock.today, clock.now)
    assert set(summaries(second).values()) == {"already done, skipped"}
    assert db.session.scalar(select(func.count()).select_from(JobRun)) == len(jobs.JOBS)


def test_reminder_seven_days_before_expiry_never_twice(db, world, clock, make_annonce):
    due = make_annonce(author=world.author, title="Prêt de barrières Nadar",
                       expires_on=clock.today + timedelta(days=7))
    next_week = make_annonce(author=world.author, title="Dans huit jours",
                             expires_on=clock.today + timedelta(days=8))
    make_annonce(author=world.author, expires_on=clock.today + timedelta(days=7),
                 reminder_sent_at=clock.now - timedelta(days=1))

    assert summaries(run_all(clock.today, clock.now))["reminders"] == "1 ad(s) reminded"
    run_all(clock.today, clock.now)
    [reminder] = outbox(db, "annonce_expiry_reminder")
    assert reminder.recipient == world.author.email
    assert reminder.subject == "Votre annonce « Prêt de barrières Nadar » arrive à échéance"
    expiry = due.expires_on.strftime("%d/%m/%Y")
    assert f"expirera le {expiry}" in reminder.body_text
    assert {f"http://localhost/annonces/{due.id}/modifier",
            f"http://localhost/annonces/{due.id}/cloturer"} <= set(links_in(reminder.body_text))
    db.session.refresh(due)
    assert due.reminder_sent_at is not None

    tomorrow = clock.today + timedelta(days=1)
    assert summaries(run_all(tomorrow, clock.now + timedelta(days=1)))["reminders"] == (
        "1 ad(s) reminded")
    later = outbox(db, "annonce_expiry_reminder")
    assert len(later) == 2
    assert f"/annonces/{next_week.id}" in later[1].body_text


def test_reminder_goes_to_the_contact_when_the_author_left(db, world, clock, make_annonce,
                                                            make_user):
    contact = make_user(institution=world.a)
    annonce = make_annonce(author=world.author, expires_on=clock.today + timedelta(days=7))
    annonce.contact = contact
    world.author.status = UserStatus.SUSPENDED
    db.session.commit()
    run_all(clock.today, clock.now)
    assert [m.recipient for m in outbox(db, "annonce_expiry_reminder")] == [contact.email]


def test_digest_follows_preferences(db, world, clock, make_annonce, make_user,
                                    make_institution):
    b_immediate = make_user(institution=world.b,
                            notification_preference=NotificationPreference.IMMEDIATE)
    make_user(institution=world.b, notification_preference=NotificationPreference.NEVER)
    make_user(institution=world.b, status=UserStatus.SUSPENDED)
    make_user(institution=make_institution(name="Commune non membre", is_member=False))
    c_daily = make_user(institution=world.c)
    a_daily = make_user(institution=world.a)
    ad_a = make_annonce(author=world.author, title="Agent d'état civil",
                        created_at=clock.yesterday)
    ad_c = make_annonce(author=make_user(institution=world.c,
                                         notification_preference=NotificationPreference.NEVER),
                        title="Radar à prêter", kind=AnnonceKind.OFFRE,
                        created_at=clock.yesterday + timedelta(hours=1))
    make_annonce(author=world.author, title="Diffusée", broadcast=True,
                 created_at=clock.yesterday)
    make_annonce(author=world.author, title="Avant-hier",
                 created_at=clock.yesterday - timedelta(days=1))
    make_annonce(author=world.author, title="Pourvue", status=AnnonceStatus.POURVUE,
                 created_at=clock.yesterday)

    assert summaries(run_all(clock.today, clock.now))["digests"] == "3 digest(s) queued"
    run_all(clock.today, clock.now)

    digests = {m.recipient: m for m in outbox(db, "annonces_digest")}
    assert set(digests) == {world.reader.email, c_daily.email, a_daily.email}
    assert b_immediate.email not in digests
    reader = digests[world.reader.email]
    assert reader.subject == "2 nouvelles annonces sur la plateforme"
    assert "Agent d'état civil" in reader.body_text and "Radar à prêter" in reader.body_text
    for absent in ("Diffusée", "Avant-hier", "Pourvue"):
        assert absent not in reader.body_text
    assert f"http://localhost/annonces/{ad_a.id}" in links_in(reader.body_text)
    assert "Radar à prêter" not in digests[c_daily.email].body_text
    assert digests[a_daily.email].subject == "1 nouvelle annonce sur la plateforme"
    assert f"http://localhost/annonces/{ad_c.id}" in links_in(digests[a_daily.email].body_text)


def test_digest_skips_users_with_nothing_new(db, world, clock, make_annonce, make_user):
    colleague = make_user(institution=world.a)
    make_annonce(author=world.author, created_at=clock.yesterday)
    run_all(clock.today, clock.now)
    assert [m.recipient for m in outbox(db, "annonces_digest")] == [world.reader.email]
    assert colleague.email not in [m.recipient for m in outbox(db)]


def test_alerts_send_new_matches_once(db, world, clock, make_annonce, make_user):
    alert = SavedSearch(user=world.reader, label="Demandes", query_string="kind=demande",
                        last_checked_at=clock.now - timedelta(days=2))
    gone = make_user(institution=world.c, status=UserStatus.SUSPENDED)
    silent = SavedSearch(user=gone, label="Tout", query_string="",
                         last_checked_at=clock.now - timedelta(days=2))
    db.session.add_all([alert, silent])
    db.session.commit()
    hour_ago = clock.now - timedelta(hours=1)
    match = make_annonce(author=world.author, title="Agent d'état civil", created_at=hour_ago)
    make_annonce(author=world.author, title="Offre", kind=AnnonceKind.OFFRE,
                 created_at=hour_ago)
    make_annonce(author=make_user(institution=world.b), title="De ma propre institution",
                 created_at=hour_ago)
    make_annonce(author=world.author, title="Déjà vue", created_at=clock.now - timedelta(days=3))
    fresh = make_annonce(author=world.author, title="Toute fraîche",
                         created_at=clock.now - timedelta(minutes=1))

    assert summaries(run_all(clock.today, clock.now))["alerts"] == "1 alert email(s) queued"
    run_all(clock.today, clock.now)
    [email] = outbox(db, "saved_search_alert")
    assert email.recipient == world.reader.email
    assert email.subject == "1 nouvelle annonce pour votre alerte « Demandes »"
    assert f"http://localhost/annonces/{match.id}" in links_in(email.body_text)
    assert "http://localhost/annonces?kind=demande" in links_in(email.body_text)
    for absent in ("Offre", "De ma propre institution", "Déjà vue", "Toute fraîche"):
        assert absent not in email.body_text
    db.session.refresh(alert)
    db.session.refresh(silent)
    assert alert.last_checked_at == silent.last_checked_at == clock.now - SETTLE

    run_all(clock.today + timedelta(days=1), clock.now + timedelta(days=1))
    later = outbox(db, "saved_search_alert")
    assert len(later) == 2
    assert f"http://localhost/annonces/{fresh.id}" in links_in(later[1].body_text)
    assert "Agent d'état civil" not in later[1].body_text


def test_failed_job_is_done_by_the_next_run(db, world, clock, make_annonce, monkeypatch):
    make_annonce(author=world.author, created_at=clock.yesterday)

    def broken(today, now):
        raise RuntimeError("SMTP configuration lost")

    monkeypatch.setitem(jobs.JOBS, "digests", broken)
    results = run_all(clock.today, clock.now)
    assert [r.job for r in results if r.failed] == ["digests"]
    assert outbox(db, "annonces_digest") == []
    monkeypatch.undo()
    assert summaries(run_all(clock.today, clock.now))["digests"] == "1 digest(s) queued"


def test_cli_runs_every_job_once(runner, world):
    first = runner.invoke(args=["jobs", "run"])
    assert first.exit_code == 0, first.output
    lines = first.output.splitlines()
    assert [line.split()[0] for line in lines] == list(jobs.JOBS)
    second = runner.invoke(args=["jobs", "run"])
    assert second.exit_code == 0
    assert all(line.endswith("already done, skipped") for line in second.output.splitlines())


def test_cli_fails_when_a_job_fails(runner, world, monkeypatch):
    def broken(today, now):
        raise RuntimeError("boom")

    monkeypatch.setitem(jobs.JOBS, "expiry", broken)
    result = runner.invoke(args=["jobs", "run"])
    assert result.exit_code == 1
    assert "expiry" in result.output and "failed, see the log" in result.output
