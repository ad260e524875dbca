"""The scheduler of the web process: next run at 07:00 Brussels time across
the clock changes, off in tests, and it survives a failing run."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.jobs import daily as jobs
from app.jobs.scheduler import SchedulerThread, is_past_run_time, next_run_at
from app.models import JobRun


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(("now", "expected"), [
    (utc(2026, 1, 15, 5, 59), utc(2026, 1, 15, 6, 0)),  # 06:59 CET: today
    (utc(2026, 1, 15, 6, 0), utc(2026, 1, 16, 6, 0)),  # 07:00 CET: tomorrow
    (utc(2026, 3, 28, 8, 0), utc(2026, 3, 29, 5, 0)),  # summer time starts overnight
    (utc(2026, 3, 29, 1, 30), utc(2026, 3, 29, 5, 0)),  # 03:30 CEST, just after the change
    (utc(2026, 7, 1, 4, 59), utc(2026, 7, 1, 5, 0)),  # 06:59 CEST
    (utc(2026, 10, 24, 20, 0), utc(2026, 10, 25, 6, 0)),  # winter time starts overnight
    (utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 6, 0)),  # 02:30 CEST, the hour repeated
    (utc(2026, 12, 31, 23, 30), utc(2027, 1, 1, 6, 0)),  # already New Year in Brussels
])
def test_next_run_is_seven_in_the_morning_in_brussels(now, expected):
    assert next_run_at(now) == expected
    assert next_run_at(now).tzinfo is UTC


def test_past_run_time():
    assert is_past_run_time(utc(2026, 7, 1, 5, 0))
    assert not is_past_run_time(utc(2026, 7, 1, 4, 59))


def test_no_scheduler_in_tests(app, client):
    client.get("/")
    assert app.extensions.get("jobs_scheduler") is None


def test_scheduler_starts_once_with_the_first_request(app, client, monkeypatch):
    started = []
    monkeypatch.setitem(app.config, "TESTING", False)
    monkeypatch.setitem(app.extensions, "jobs_scheduler", None)
    monkeypatch.setattr(SchedulerThread, "start", lambda self: started.append(self))
    monkeypatch.setitem(app.config, "JOBS_SCHEDULER", False)
    client.get("/")
    assert started == []
    monkeypatch.setitem(app.config, "JOBS_SCHEDULER", True)
    client.get("/")
    client.get("/")
    assert len(started) == 1 and app.extensions["jobs_scheduler"] is started[0]


def test_scheduled_run_does_the_jobs_and_survives_failure(app, db, monkeypatch, caplog):
    SchedulerThread(app).run_jobs()
    assert db.session.scalar(select(func.count()).select_from(JobRun)) == len(jobs.JOBS)

    def broken(*args):
        raise RuntimeError("database gone")

    monkeypatch.setattr(jobs, "run_all", broken)
    SchedulerThread(app).run_jobs()
    assert "daily jobs failed" in caplog.text
