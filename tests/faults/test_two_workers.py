"""Two gunicorn workers on PostgreSQL, each with its outbox sender thread
and its jobs scheduler, sending to a real SMTP sink (docs/requirements.md, Q23): every
email goes out exactly once, the daily jobs are done once, failed logins
are counted across workers in Redis, and one login cookie works on both.

The scheduler runs at once when started after JOBS_RUN_AT (Brussels time);
the server gets JOBS_RUN_AT=00:00 so that this holds whatever the hour of
the test run."""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import threading
import time
from collections import Counter
from datetime import timedelta
from types import SimpleNamespace

import pytest
import redis
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from app.jobs.daily import JOBS
from app.localtime import brussels_today, day_bounds
from app.models import (
    Annonce,
    AnnonceCategory,
    AnnonceKind,
    JobRun,
    OutboxMessage,
    OutboxStatus,
    User,
)
from tests.faults.servers import HttpSession, ad_form, add_members

pytestmark = pytest.mark.postgres_only
REDIS_URL = "redis://127.0.0.1:6379"


@pytest.fixture(scope="module")
def redis_prefix():
    """A key prefix of our own in Redis, removed afterwards; None without
    Redis (REQUIRE_REDIS=1, as in CI, makes that a failure)."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("REQUIRE_REDIS"):
            raise
        yield None
        return
    prefix = f"eplateforme-faults-{secrets.token_hex(4)}"
    yield prefix
    for key in client.scan_iter(match=f"*{prefix}*"):
        client.delete(key)
    client.close()


def _ad_of_yesterday(database_url: str, author_email: str) -> None:
    """An ad published yesterday: today's digest lists it."""
    engine = create_engine(database_url)
    today = brussels_today()
    with Session(engine) as session:
        author = session.scalar(select(User).where(User.email == author_email))
        session.add(Annonce(
            institution_id=author.institution_id, author=author, contact=author,
            kind=AnnonceKind.OFFRE, category=AnnonceCategory.SOUTIEN_HUMAIN,
            title="Agent technique à prêter", body="Disponible le lundi.",
            expires_on=today + timedelta(days=60),
            created_at=day_bounds(today - timedelta(days=1))[0] + timedelta(hours=12)))
        session.commit()
    engine.dispose()


def _reach_both_workers(server) -> None:
    """Requests at once until both workers have served one (each starts
    its sender and scheduler with its first request)."""
    for _ in range(20):
        threads = [threading.Thread(target=HttpSession(server.url).get, args=("/sante",))
                   for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        if len(server.worker_pids("GET", "/sante")) == 2:
            return
    raise AssertionError("one worker never answered")


@pytest.fixture(scope="module")
def platform(postgres_database, serve_module, smtp_controller, redis_prefix):
    url = postgres_database
    author = add_members(url, institutions=1, users_each=1, prefix="auteur")
    members = add_members(url, institutions=8, users_each=25, prefix="membre")
    applicants = add_members(url, institutions=3, users_each=0, prefix="candidate",
                             is_member=False)
    _ad_of_yesterday(url, author.emails[0])
    smtp_controller.sink.messages.clear()
    smtp_controller.sink.refuse = False
    limits = ({"RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": redis_prefix}
              if redis_prefix else {})
    server = serve_module(url, workers=2, MAIL_SERVER="127.0.0.1",
                          MAIL_PORT=str(smtp_controller.port), OUTBOX_SENDER_THREAD="true",
                          JOBS_SCHEDULER="true", JOBS_RUN_AT="00:00", **limits)
    _reach_both_workers(server)
    return SimpleNamespace(url=url, server=server, sink=smtp_controller.sink,
                           author=author.emails[0], members=members,
                           applicants=applicants.institution_ids, redis_prefix=redis_prefix)


def _concurrently(*actions) -> list:
    results = [None] * len(actions)
    barrier = threading.Barrier(len(actions))

    def run(index, action):
        barrier.wait(timeout=30)
        results[index] = action()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _outbox(database_url: str) -> list[OutboxMessage]:
    engine = create_engine(database_url)
    with Session(engine) as session:
        rows = list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        session.expunge_all()
    engine.dispose()
    return rows


def _job_runs(database_url: str) -> Counter:
    engine = create_engine(database_url)
    with Session(engine) as session:
        runs = Counter(dict(session.execute(
            select(JobRun.job, func.count()).group_by(JobRun.job)).all()))
    engine.dispose()
    return runs


def _log_messages(server) -> list[str]:
    """The server's log lines, the message alone for JSON lines."""
    messages = []
    for line in server.log().splitlines():
        with contextlib.suppress(ValueError, AttributeError):
            line = json.loads(line).get("message", "")
        messages.append(line)
    return messages


def _scheduler_lines(server, job: str) -> list[str]:
    marker = f"job {job} {brussels_today().isoformat()}: "
    return [message.split(marker, 1)[1] for message in _log_messages(server)
            if marker in message]


def _wait_until_all_sent_and_jobs_done(platform) -> list[OutboxMessage]:
    last_job = list(JOBS)[-1]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        rows = _outbox(platform.url)
        waiting = [m for m in rows if m.status in (OutboxStatus.PENDING, OutboxStatus.SENDING)]
        if not waiting and len(_scheduler_lines(platform.server, last_job)) == 2:
            return rows
        time.sleep(0.5)
    raise AssertionError(f"still waiting: {len(waiting)} message(s)\n"
                         + platform.server.log()[-3000:])


def _register(server, institution_id: int, number: int):
    browser = HttpSession(server.url)
    token = browser.csrf_token("/inscription")
    return lambda: browser.post_form("/inscription", {
        "institution": str(institution_id), "name": f"Candidate {number}",
        "function": "Directrice générale", "email": f"candidate{number}@faults.example.be",
        "phone": "063 45 67 89", "message": "", "consent": "y", "website": ""}, token=token)


def test_every_email_is_delivered_exactly_once(platform):
    server = platform.server
    author = HttpSession(server.url)
    assert author.login(platform.author).status == 303
    token = author.csrf_token("/annonces/nouvelle")

    def broadcast():
        return author.post_form("/annonces/nouvelle",
                                ad_form("Urgent : agent d'accueil", broadcast="y"), token=token)

    registrations = [_register(server, institution_id, number)
                     for number, institution_id in enumerate(platform.applicants)]
    statuses = [reply.status for reply in _concurrently(broadcast, *registrations)]
    assert statuses == [303] * 4

    rows = _wait_until_all_sent_and_jobs_done(platform)
    assert {m.status for m in rows} == {OutboxStatus.SENT}
    by_template = Counter(m.template for m in rows)
    assert by_template["annonce_broadcast"] == len(platform.members.emails) == 200
    assert by_template["annonces_digest"] == len(platform.members.emails)
    sent_to = Counter(address for m in platform.sink.messages for address in m.envelope_to)
    assert sent_to == Counter(m.recipient for m in rows)
    assert len(platform.sink.messages) == len(rows) > 400
    for email in platform.members.emails:
        assert sent_to[email] == 2  # the broadcast and the digest, once each


def test_the_daily_jobs_run_once_though_both_workers_schedule_them(platform):
    _wait_until_all_sent_and_jobs_done(platform)
    assert _job_runs(platform.url) == Counter(dict.fromkeys(JOBS, 1))
    for job in JOBS:
        lines = _scheduler_lines(platform.server, job)
        assert len(lines) == 2, job  # one scheduler per worker
        assert lines.count("already done, skipped") == 1, (job, lines)
    digests = [m for m in _outbox(platform.url) if m.template == "annonces_digest"]
    assert sorted(m.recipient for m in digests) == sorted(platform.members.emails)


def test_one_login_cookie_works_on_both_workers(platform):
    server = platform.server
    browser = HttpSession(server.url)
    assert browser.login(platform.members.by_institution[2][0]).status == 303
    mark = server.log_size()
    clones = [HttpSession(server.url, dict(browser.cookies)) for _ in range(12)]
    replies = _concurrently(*(lambda clone=clone: clone.get("/compte") for clone in clones))
    assert [reply.status for reply in replies] == [200] * 12
    assert all("Agent 2-0" in reply.text for reply in replies)
    assert len(server.worker_pids("GET", "/compte", since=mark)) == 2


def test_failed_logins_are_counted_across_workers(platform):
    """Last of the tests on this server: its 127.0.0.1 is then blocked for a minute."""
    if platform.redis_prefix is None:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    server = platform.server
    target = platform.members.by_institution[1][0]
    browsers = [HttpSession(server.url) for _ in range(11)]
    tokens = [browser.csrf_token("/connexion") for browser in browsers]
    mark = server.log_size()

    def fail(index):
        return lambda: browsers[index].post_form(
            "/connexion", {"email": target, "password": "pas le bon"}, token=tokens[index])

    first_ten = _concurrently(*(fail(index) for index in range(10)))
    assert [reply.status for reply in first_ten] == [200] * 10
    eleventh = fail(10)()
    assert eleventh.status == 429
    assert "Trop de tentatives" in eleventh.text
    assert len(server.worker_pids("POST", "/connexion", since=mark)) == 2
    assert any(redis.Redis.from_url(REDIS_URL).scan_iter(match=f"*{platform.redis_prefix}*"))


def test_with_memory_storage_each_worker_counts_alone(platform, serve):
    """Why Redis: with the default memory:// storage, two workers let more
    than 10 of 12 failed logins for one address through."""
    server = serve(platform.url, workers=2)
    target = platform.members.by_institution[3][0]
    browsers = [HttpSession(server.url) for _ in range(12)]
    tokens = [browser.csrf_token("/connexion") for browser in browsers]
    replies = _concurrently(*(
        lambda browser=browser, token=token: browser.post_form(
            "/connexion", {"email": target, "password": "pas le bon"}, token=token)
        for browser, token in zip(browsers, tokens, strict=True)))
    assert len(server.worker_pids("POST", "/connexion")) == 2
    assert sum(reply.status == 200 for reply in replies) > 10
