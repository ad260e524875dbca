"""The daily scheduler of the web process: a daemon thread, started with the
first request, that runs the jobs of `app.jobs.daily` every morning at 07:00,
Brussels time (JOBS_RUN_AT, "HH:MM").

Every process (each gunicorn worker) has one; the jobs' claims make sure
the work is done once. Started after 07:00, it runs the day's jobs at once
(a no-op if they are done), so a restart never skips a day; a run that
failed (the database away) is tried again every 5 minutes that day. Off in
tests and when JOBS_SCHEDULER is false (when cron runs `flask jobs run`
instead).
"""
from __future__ import annotations

import logging
import threading
import time as clock
from datetime import UTC, datetime, time, timedelta

from flask import Flask

from app.extensions import db
from app.localtime import BRUSSELS, brussels_today

log = logging.getLogger(__name__)

RUN_AT = time(7, 0)
# Sleep in slices, so that a suspended or re-timed host does not oversleep.
MAX_NAP = 3600.0
# A run that failed (the database away for a moment) is tried again the
# same day after this many seconds; the jobs' claims make that safe.
RETRY_FAILED = 300.0


def next_run_at(now: datetime, run_at: time = RUN_AT) -> datetime:
    """The next `run_at` (07:00) in Brussels strictly after `now`, as a UTC datetime."""
    local = now.astimezone(BRUSSELS)
    day = local.date()
    if local.time() >= run_at:
        day += timedelta(days=1)
    return datetime.combine(day, run_at, tzinfo=BRUSSELS).astimezone(UTC)


def is_past_run_time(now: datetime, run_at: time = RUN_AT) -> bool:
    return now.astimezone(BRUSSELS).time() >= run_at


def configured_run_time(app: Flask) -> time:
    """JOBS_RUN_AT ("HH:MM", Brussels time); 07:00 when unset."""
    value = app.config.get("JOBS_RUN_AT") or RUN_AT.isoformat("minutes")
    try:
        return time.fromisoformat(value)
    except ValueError as error:
        raise RuntimeError(f"JOBS_RUN_AT must be HH:MM, not {value!r}") from error


class SchedulerThread(threading.Thread):
    def __init__(self, app: Flask):
        super().__init__(name="jobs-scheduler", daemon=True)
        self.app = app
        self.run_at = configured_run_time(app)

    def run(self) -> None:
        if is_past_run_time(datetime.now(UTC), self.run_at):
            self.run_day()
        while True:
            target = next_run_at(datetime.now(UTC), self.run_at)
            while (remaining := (target - datetime.now(UTC)).total_seconds()) > 0:
                clock.sleep(min(remaining, MAX_NAP))
            self.run_day()

    def run_day(self) -> None:
        """Run the day's jobs, again every few minutes while some fail, until
        the day is over."""
        day = brussels_today()
        while not self.run_jobs() and brussels_today() == day:
            log.warning("daily jobs incomplete; next attempt in %d s", RETRY_FAILED)
            clock.sleep(RETRY_FAILED)

    def run_jobs(self) -> bool:
        """One run of the jobs; True when none failed."""
        # Imported here: the jobs use the annonces blueprint, which starts us.
        from app.jobs.daily import run_all

        with self.app.app_context():
            try:
                results = run_all()
                for result in results:
                    log.info("job %s", result.line())
                sender = self.app.extensions.get("outbox_sender")
                if sender is not None:
                    sender.wake.set()  # the digests and alerts just queued
                return not any(result.failed for result in results)
            except Exception:
                log.exception("daily jobs failed")
                db.session.rollback()
                return False
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
