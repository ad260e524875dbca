"""PostgreSQL unreachable for a moment, for real: gunicorn reaches the
database through a loopback TCP proxy that the test cuts (every connection
closed, new ones refused) and then restores. During the outage: the French
503 page (htmx-aware), nothing stored; after it: the same worker, never
restarted, answers 200 and writes again (pool_pre_ping)."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.faults.servers import HttpSession, TcpProxy, ad_form, add_members

pytestmark = pytest.mark.postgres_only


def _titles(database_url: str) -> list[str]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return sorted(connection.scalars(text("SELECT title FROM annonce")))
    finally:
        engine.dispose()


def test_database_cut_gives_503_then_recovers(postgres_database, serve):
    members = add_members(postgres_database, institutions=1, users_each=1, prefix="panne")
    url = make_url(postgres_database)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    through_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(
        hide_password=False)
    server = serve(through_proxy, workers=1, threads=2)
    browser = HttpSession(server.url)
    assert browser.login(members.emails[0]).status == 303
    token = browser.csrf_token("/annonces/nouvelle")
    assert browser.get("/annonces").status == 200
    pids_before = server.worker_pids("GET", "/annonces")

    proxy.cut()
    try:
        page = browser.get("/annonces")
        fragment = browser.get("/annonces", headers={"HX-Request": "true"})
        posted = browser.post_form("/annonces/nouvelle", ad_form("Pendant la panne"),
                                   token=token)
        health = HttpSession(server.url).get("/sante")  # a monitor, no cookie
    finally:
        proxy.restore()

    for reply in (page, fragment, posted):
        assert reply.status == 503
        assert reply.headers["Retry-After"] == "30"
        assert "Service momentanément indisponible" in reply.text
        assert "Traceback" not in reply.text and "psycopg" not in reply.text
    assert "<html" in page.text and "<html" not in fragment.text
    assert fragment.headers["HX-Retarget"] == "#main"
    assert health.status == 503 and json.loads(health.text)["database"] == "unreachable"
    assert "database unavailable on POST annonces.new: OperationalError" in server.log()

    # Back without a restart: the session cookie still works, and writes too.
    assert browser.get("/annonces").status == 200
    after = browser.post_form("/annonces/nouvelle", ad_form("Après la panne"), token=token)
    assert after.status == 303
    assert _titles(postgres_database) == ["Après la panne"]
    assert server.worker_pids("GET", "/annonces") == pids_before
    proxy.cut()
