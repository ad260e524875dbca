"""The daily scheduler of the web process: a daemon thread, started with the
first request, that runs the jobs of `app.jobs` every morning at 07:00,
Brussels time.

Every process (each gunicorn worker) has one; the jobs' claims make sure
the work is done once. Started after 07:00, it runs the day's jobs at once
(a no-op if they are done), so a restart never skips a day. Off in tests and
when JOBS_SCHEDULER is false (when cron runs `flask jobs run` instead).
"""
from __future__ import annotations

import logging
import threading
import time as clock
from datetime import UTC, datetime, time, timedelta

from flask import Flask

from app.extensions import db
from app.localtime import BRUSSELS

log = logging.getLogger(__name__)

RUN_AT = time(7, 0)
# Sleep in slices, so that a suspended or re-timed host does not oversleep.
MAX_NAP = 3600.0


def next_run_at(now: datetime) -> datetime:
    """The next 07:00 in Brussels strictly after `now`, as a UTC datetime."""
    local = now.astimezone(BRUSSELS)
    day = local.date()
    if local.time() >= RUN_AT:
        day += timedelta(days=1)
    return datetime.combine(day, RUN_AT, tzinfo=BRUSSELS).astimezone(UTC)


def is_past_run_time(now: datetime) -> bool:
    return now.astimezone(BRUSSELS).time() >= RUN_AT


class SchedulerThread(threading.Thread):
    def __init__(self, app: Flask):
        super().__init__(name="jobs-scheduler", daemon=True)
        self.app = app

    def run(self) -> None:
        if is_past_run_time(datetime.now(UTC)):
            self.run_jobs()
        while True:
            target = next_run_at(datetime.now(UTC))
            while (remaining := (target - datetime.now(UTC)).total_seconds()) > 0:
                clock.sleep(min(remaining, MAX_NAP))
            self.run_jobs()

    def run_jobs(self) -> None:
        # Imported here: the jobs use the annonces blueprint, which starts us.
        from app.jobs import run_all

        with self.app.app_context():
            try:
                for result in run_all():
                    log.info("job %s", result.line())
            except Exception:
                log.exception("daily jobs failed; next attempt at the next run time")
                db.session.rollback()
            finally:
                db.session.remove()


_scheduler_lock = threading.Lock()


def init_scheduler(app: Flask) -> None:
    """Start the scheduler with the first request (never in CLI commands)."""

    def start_scheduler_once():
        if app.config.get("TESTING") or not app.config.get("JOBS_SCHEDULER", True):
            return
        if app.extensions.get("jobs_scheduler") is not None:
            return
        with _scheduler_lock:
            if app.extensions.get("jobs_scheduler") is None:
                scheduler = SchedulerThread(app)
                app.extensions["jobs_scheduler"] = scheduler
                scheduler.start()

    app.before_request(start_scheduler_once)
