"""axe-core on every page of the application, for a visitor, a member and
a manager (docs/requirements.md, Q25): pages are found by following links from the home
page on the demo data; one page per URL pattern is checked in Chromium."""
from __future__ import annotations

import re
from collections import deque
from urllib.parse import urlsplit

import pytest

from app.demo.accounts import DEMO_DOMAIN, DEMO_PASSWORD, MANAGER_EMAIL
from tests.browser.conftest import axe_violations, browser_login

pytestmark = pytest.mark.browser
LINK = re.compile(r'href="(/[^"#]*)"')
MAX_PATTERNS = 90


def _pattern(url: str) -> str:
    parts = urlsplit(url)
    path = re.sub(r"/\d+", "/N", parts.path)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return path + ("?" + "&".join(keys) if keys else "")


def _html_pages(client) -> list[str]:
    """One URL per pattern among the HTML pages reachable by links."""
    seen, patterns, pages, queue = set(), set(), [], deque(["/"])
    while queue and len(patterns) < MAX_PATTERNS:
        url = queue.popleft().replace("&amp;", "&")
        if url in seen or url.startswith("/static/") or _pattern(url) in patterns:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        patterns.add(_pattern(url))
        pages.append(url)
        queue.extend(LINK.findall(response.get_data(as_text=True)))
    return pages


@pytest.fixture()
def demo(runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("email", [None, f"referent.arlon@{DEMO_DOMAIN}", MANAGER_EMAIL])
def test_no_axe_violation_on_any_page(client, auth, page, demo, email):
    if email:
        assert auth.login(email, DEMO_PASSWORD).status_code == 303
        browser_login(page, email, DEMO_PASSWORD)
    pages = _html_pages(client)
    assert len(pages) >= (10 if email is None else 25), pages
    failures = []
    role = "gestionnaire" if email == MANAGER_EMAIL else "membre" if email else "visiteur"
    for url in pages:
        page.goto(url)
        violations = axe_violations(page)
        print(f"axe {role} {len(violations)} {url}")  # one line per page for `make audit`
        for violation in violations:
            targets = "; ".join(n["target"][0] for n in violation["nodes"][:3])
            failures.append(f"{url}: {violation['id']} ({violation['help']}) -> {targets}")
    assert failures == [], "\n".join(failures)
