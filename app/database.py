"""Engine setup: SQLite pragmas (WAL, foreign keys, busy timeout)."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.extensions import db

SQLITE_BUSY_TIMEOUT_MS = 15_000


def configure_engine() -> None:
    engine = db.engine
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, current_app.config.get("SQLITE_BUSY_TIMEOUT_MS",
                                                         SQLITE_BUSY_TIMEOUT_MS))


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    if getattr(engine, "_eplateforme_configured", False):
        return

    @event.listens_for(engine, "connect")
    def _set_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    engine._eplateforme_configured = True


def is_database_up() -> bool:
    try:
        with db.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means "down" for the health check
        return False
