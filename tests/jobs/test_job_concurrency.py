"""Two processes running the jobs at the same moment (several gunicorn
workers, or cron beside the scheduler): every job is done once, every email
queued once. Runs on SQLite and on PostgreSQL."""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

from app.jobs.daily import JOBS, run_all
from app.models import AnnonceStatus, JobRun, SavedSearch
from tests.jobs.job_helpers import outbox


def test_two_runs_at_once_do_everything_once(app, db, world, clock, make_annonce):
    overdue = make_annonce(author=world.author, expires_on=clock.today - timedelta(days=1))
    make_annonce(author=world.author, expires_on=clock.today + timedelta(days=7),
                 created_at=clock.yesterday)
    db.session.add(SavedSearch(user=world.reader, label="Tout", query_string="",
                               last_checked_at=clock.now - timedelta(days=2)))
    db.session.commit()

    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            with app.app_context():
                barrier.wait(timeout=10)
                results.append(run_all(clock.today, clock.now))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(results) == 2
    for index, name in enumerate(JOBS):
        done = [run[index] for run in results if run[index].summary != "already done, skipped"]
        assert len(done) == 1, name
        assert not done[0].failed, name
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(JobRun)) == len(JOBS)
    assert db.session.get(type(overdue), overdue.id).status == AnnonceStatus.EXPIREE
    assert [m.template for m in outbox(db)] == [
        "annonce_expiry_reminder", "annonces_digest", "saved_search_alert"]
