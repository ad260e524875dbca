"""Fixtures of the fault tests: their own databases and real servers.

Which database a test needs follows the run: `postgres_only` tests run when
TEST_DATABASE_URL is a PostgreSQL URL (CI's PostgreSQL run, `make
test-postgres`) and create their own throwaway databases
(`eplateforme_faults_*`) on that server; `sqlite_only` tests run on the
SQLite run (each on its own database file). So every fault runs once in CI,
and neither run pays for the other's servers.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.faults.servers import Gunicorn, flask_command, server_env

NEEDS_POSTGRES = ("needs PostgreSQL: runs when TEST_DATABASE_URL is a PostgreSQL URL "
                  "(make test-postgres, CI)")


def _postgres_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


@pytest.fixture(autouse=True)
def _database_of_the_run(request):
    if request.node.get_closest_marker("postgres_only") and not _postgres_url():
        pytest.skip(NEEDS_POSTGRES)
    if request.node.get_closest_marker("sqlite_only") and _postgres_url():
        pytest.skip("an SQLite fault: runs on the SQLite run of the suite")


def _admin_dsn(url) -> str:
    return url.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False)


@pytest.fixture(scope="module")
def postgres_database() -> Iterator[str]:
    """A fresh database on TEST_DATABASE_URL's server, migrated with
    `flask db upgrade`, dropped afterwards."""
    base = _postgres_url()
    if base is None:
        pytest.skip(NEEDS_POSTGRES)
    url = make_url(base)
    name = f"eplateforme_faults_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(_admin_dsn(url), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    database_url = url.set(database=name).render_as_string(hide_password=False)
    try:
        flask_command({**os.environ, "DATABASE_URL": database_url,
                       "APP_ENV": "development"}, "db", "upgrade")
        yield database_url
    finally:
        with psycopg.connect(_admin_dsn(url), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture()
def sqlite_database(tmp_path) -> str:
    """A migrated SQLite database file of its own."""
    database_url = f"sqlite:///{tmp_path / 'faults.sqlite3'}"
    flask_command({**os.environ, "DATABASE_URL": database_url, "APP_ENV": "development"},
                  "db", "upgrade")
    return database_url


def _server_starter(directory):
    servers: list[Gunicorn] = []

    def start(database_url: str, workers: int = 2, threads: int = 1,
              **settings: str) -> Gunicorn:
        env = server_env(database_url, directory, **settings)
        server = Gunicorn(env, directory / f"gunicorn-{len(servers)}.log", workers, threads)
        servers.append(server)
        return server

    return start, servers


@pytest.fixture()
def serve(tmp_path):
    """Start gunicorn servers for one test; all stopped at its end."""
    start, servers = _server_starter(tmp_path)
    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def serve_module(tmp_path_factory):
    """The same, for servers shared by the tests of a module."""
    start, servers = _server_starter(tmp_path_factory.mktemp("servers"))
    yield start
    for server in servers:
        server.stop()
