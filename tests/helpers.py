"""Helpers for tests: the test password, CSRF tokens and form posts, links in
emails, counted SQL statements."""
from __future__ import annotations

import re
from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db

TEST_PASSWORD = "correct horse battery staple"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


# A page that shows a CSRF token to visitors and members alike (public pages
# without a form give a visitor no session, hence no token).
TOKEN_PAGE = "/mot-de-passe-oublie"


def csrf_token(client, path: str = "/connexion") -> str:
    """The CSRF token of the client's session, read from a page."""
    html = client.get(path).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


def post_form(client, path: str, data: dict | None = None, token_from: str | None = None,
              **kwargs):
    """POST `data` with a valid CSRF token taken from `token_from` (or `path`)."""
    payload = {"csrf_token": csrf_token(client, token_from or path), **(data or {})}
    return client.post(path, data=payload, **kwargs)


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


@contextmanager
def recorded_statements():
    """The SQL statements executed inside the block, in a list."""
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def count_queries(client, path: str) -> int:
    """How many SQL statements one successful GET of `path` runs."""
    with recorded_statements() as statements:
        assert client.get(path).status_code == 200
    return len(statements)
