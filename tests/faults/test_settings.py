"""The settings the fault tests lean on: the daily run time (JOBS_RUN_AT)
and the SQLite busy timeout (SQLITE_BUSY_TIMEOUT_MS); and the scheduler's
second try after a failed run."""
from __future__ import annotations

from datetime import UTC, datetime, time
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import OperationalError

from app.config import Config
from app.database import _configure_sqlite
from app.jobs import daily as jobs
from app.jobs import scheduler
from app.jobs.scheduler import SchedulerThread, is_past_run_time, next_run_at
from app.models import JobRun


def test_a_run_time_that_is_not_a_time_of_day_is_refused_at_start(monkeypatch):
    monkeypatch.setenv("JOBS_RUN_AT", "7h")
    with pytest.raises(RuntimeError, match="JOBS_RUN_AT must be a time of day as HH:MM"):
        Config()
    monkeypatch.setenv("JOBS_RUN_AT", "06:30")
    assert Config().JOBS_RUN_AT == "06:30"
    monkeypatch.delenv("JOBS_RUN_AT")
    assert Config().JOBS_RUN_AT == "07:00"


def test_the_scheduler_follows_the_configured_run_time(app, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_RUN_AT", "00:00")
    scheduler = SchedulerThread(app)
    assert scheduler.run_at == time(0, 0)
    assert is_past_run_time(datetime.now(UTC), scheduler.run_at)  # runs at once
    # 06:30 in Brussels in winter is 05:30 UTC.
    assert next_run_at(datetime(2026, 1, 15, 5, 0, tzinfo=UTC), time(6, 30)) == \
        datetime(2026, 1, 15, 5, 30, tzinfo=UTC)


def test_the_sqlite_busy_timeout_is_the_configured_one(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'attente.sqlite3'}")
    _configure_sqlite(engine, 300)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 300
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        engine.dispose()


def test_a_failed_daily_run_is_tried_again_the_same_day(app, db, monkeypatch):
    """The database away at 07:00: the scheduler tries again a few minutes
    later instead of waiting for tomorrow (the day's digest would be lost)."""
    real_run_all, runs, naps = jobs.run_all, [], []

    def database_away_at_first():
        runs.append(len(runs) + 1)
        if len(runs) == 1:
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))
        return real_run_all()

    monkeypatch.setattr(jobs, "run_all", database_away_at_first)
    monkeypatch.setattr(scheduler, "clock", SimpleNamespace(sleep=naps.append))
    scheduler.SchedulerThread(app).run_day()
    assert runs == [1, 2] and naps == [scheduler.RETRY_FAILED]
    assert db.session.scalar(select(func.count()).select_from(JobRun)) == len(jobs.JOBS)
