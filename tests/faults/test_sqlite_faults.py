"""SQLite under pressure, through gunicorn: 20 writers at once never meet
"database is locked" (docs/requirements.md, Q21), and a write lock held past the busy
timeout gives the French 503 page, stores nothing, and the next request
after the lock works without a restart."""
from __future__ import annotations

import sqlite3
import threading

import pytest

from tests.faults.servers import HttpSession, ad_form, add_members

pytestmark = pytest.mark.sqlite_only
WRITERS = 20


def _file_of(database_url: str) -> str:
    return database_url.removeprefix("sqlite:///")


def _titles(database_url: str) -> list[str]:
    with sqlite3.connect(_file_of(database_url)) as connection:
        return sorted(row[0] for row in connection.execute("SELECT title FROM annonce"))


def test_twenty_writers_at_once_all_succeed(sqlite_database, serve):
    members = add_members(sqlite_database, institutions=WRITERS, users_each=1)
    server = serve(sqlite_database, workers=2, threads=WRITERS // 2)
    barrier = threading.Barrier(WRITERS)
    statuses: dict[str, list[int]] = {}

    def writer(email: str) -> None:
        browser = HttpSession(server.url)
        barrier.wait(timeout=60)
        login = browser.login(email)
        token = browser.csrf_token("/annonces/nouvelle")
        barrier.wait(timeout=60)
        posted = browser.post_form("/annonces/nouvelle", ad_form(f"Renfort pour {email}"),
                                   token=token)
        statuses[email] = [login.status, posted.status]

    threads = [threading.Thread(target=writer, args=(email,))
               for email in members.emails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert statuses == {email: [303, 303] for email in members.emails}
    assert _titles(sqlite_database) == sorted(
        f"Renfort pour {email}" for email in members.emails)
    assert "database is locked" not in server.log()
    assert len(server.worker_pids("POST", "/annonces/nouvelle")) == 2


def test_a_lock_past_the_busy_timeout_gives_503_then_recovers(sqlite_database, serve):
    members = add_members(sqlite_database, institutions=1, users_each=1)
    server = serve(sqlite_database, workers=1, SQLITE_BUSY_TIMEOUT_MS="300")
    browser = HttpSession(server.url)
    assert browser.login(members.emails[0]).status == 303
    token = browser.csrf_token("/annonces/nouvelle")

    blocker = sqlite3.connect(_file_of(sqlite_database), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # holds the write lock, as a long writer would
    try:
        assert browser.get("/annonces").status == 200  # WAL: readers go on
        during = browser.post_form("/annonces/nouvelle", ad_form("Pendant le blocage"),
                                   token=token)
        htmx = browser.post_form("/annonces/nouvelle", ad_form("Pendant le blocage, htmx"),
                                 token=token, headers={"HX-Request": "true"})
    finally:
        blocker.rollback()
        blocker.close()

    assert during.status == 503
    assert during.headers["Retry-After"] == "30"
    assert "Service momentanément indisponible" in during.text
    assert "<html" in during.text and "Traceback" not in during.text
    assert htmx.status == 503 and "<html" not in htmx.text
    assert htmx.headers["HX-Retarget"] == "#main"
    assert "Service momentanément indisponible" in htmx.text
    assert _titles(sqlite_database) == []
    assert "database unavailable on POST annonces.new: OperationalError database is locked" \
        in server.log()

    assert browser.get("/annonces/nouvelle").status == 200
    after = browser.post_form("/annonces/nouvelle", ad_form("Après le blocage"), token=token)
    assert after.status == 303
    assert _titles(sqlite_database) == ["Après le blocage"]
