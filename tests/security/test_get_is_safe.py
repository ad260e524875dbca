"""Crawl every page reachable by links, as a manager, as a member and as a
visitor, and check two things on every response:

- no GET changes the database (docs/requirements.md, Q4): row counts are compared;
- the security headers (docs/requirements.md, Q11-12): the exact CSP without any
  unsafe-*, nosniff, Referrer-Policy, frame denial, and no-store on
  every page of a logged-in user.
"""
from __future__ import annotations

import re
from collections import deque

import pytest
from sqlalchemy import func, select

from app.demo.accounts import DEMO_DOMAIN, DEMO_PASSWORD, MANAGER_EMAIL
from app.extensions import db as _db
from app.web.headers import CONTENT_SECURITY_POLICY
from tests.figures import record

MAX_PAGES = 400
LINK = re.compile(r'href="(/[^"#]*)"')
ROLES = {"manager": MANAGER_EMAIL, "member": f"referent.arlon@{DEMO_DOMAIN}", "visitor": None}
_crawled: dict[str, int] = {}


# The GETs that write, each through a service (docs/architecture.md): the
# download counter of a template (an UPDATE, no row added), and opening an
# annonce, which marks its threads read for me (rows of thread_read).
WRITTEN_BY_GETS = {"thread_read"}


def _row_counts() -> dict[str, int]:
    _db.session.expire_all()
    return {table.name: _db.session.scalar(select(func.count()).select_from(table))
            for table in _db.metadata.sorted_tables if table.name not in WRITTEN_BY_GETS}


def _header_problems(url: str, response, logged_in: bool) -> list[str]:
    headers = response.headers
    expected = {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
    }
    problems = [f"{url}: {name} is {headers.get(name)!r}"
                for name, value in expected.items() if headers.get(name) != value]
    if "unsafe-" in headers.get("Content-Security-Policy", ""):
        problems.append(f"{url}: unsafe CSP")
    if logged_in and headers.get("Cache-Control") != "no-store":
        problems.append(f"{url}: logged-in page without Cache-Control: no-store")
    return problems


def _crawl(client, logged_in: bool) -> tuple[set[str], list[str]]:
    seen, queue, problems = set(), deque(["/"]), []
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft().replace("&amp;", "&")
        if url in seen or url.startswith("/static/"):
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        problems += _header_problems(url, response, logged_in)
        if response.mimetype == "text/html":
            queue.extend(LINK.findall(response.get_data(as_text=True)))
    return seen, problems


@pytest.mark.parametrize("role", ROLES)
def test_crawling_every_get_changes_no_row_and_sends_the_headers(client, auth, db, runner,
                                                                 role):
    result = runner.invoke(args=["seed", "demo"])  # every section's demo content
    assert result.exit_code == 0, result.output
    if ROLES[role]:
        assert auth.login(ROLES[role], DEMO_PASSWORD).status_code == 303
    before = _row_counts()
    pages, problems = _crawl(client, logged_in=ROLES[role] is not None)
    assert len(pages) > (40 if ROLES[role] else 10), sorted(pages)
    assert problems == []
    assert _row_counts() == before
    _crawled[role] = len(pages)
    record("GET crawl", ", ".join(f"{n} pages as {r}" for r, n in _crawled.items())
           + ": 0 rows changed, security headers on every response")
