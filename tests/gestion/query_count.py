"""Count the SQL statements of one request (for the flat-query-count tests)."""
from __future__ import annotations

from sqlalchemy import event

from app.extensions import db


def count_queries(client, path: str) -> int:
    statements: list[str] = []

    def note(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return len(statements)
