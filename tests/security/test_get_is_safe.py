"""No GET changes the database (QUALITY.md 4): crawl every page reachable
by links, as a manager and as a member, and compare row counts."""
from __future__ import annotations

import re
from collections import deque

import pytest
from sqlalchemy import func, select

from app.demo import DEMO_DOMAIN, DEMO_PASSWORD, MANAGER_EMAIL
from app.extensions import db as _db
from tests.helpers import login

MAX_PAGES = 400
LINK = re.compile(r'href="(/[^"#]*)"')


def _row_counts() -> dict[str, int]:
    _db.session.expire_all()
    return {table.name: _db.session.scalar(select(func.count()).select_from(table))
            for table in _db.metadata.sorted_tables}


def _crawl(client) -> set[str]:
    seen, queue = set(), deque(["/"])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft().replace("&amp;", "&")
        if url in seen or url.startswith("/static/"):
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if response.mimetype == "text/html":
            queue.extend(LINK.findall(response.get_data(as_text=True)))
    return seen


@pytest.mark.parametrize("email", [MANAGER_EMAIL, f"referent.arlon@{DEMO_DOMAIN}"])
def test_crawling_every_get_changes_no_row(app, db, runner, email):
    result = runner.invoke(args=["seed", "demo"])  # every section's demo content
    assert result.exit_code == 0, result.output
    client = app.test_client()
    assert login(client, email, DEMO_PASSWORD).status_code == 303
    before = _row_counts()
    pages = _crawl(client)
    assert len(pages) > 40, sorted(pages)
    assert _row_counts() == before
