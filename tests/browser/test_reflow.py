"""Reflow (WCAG 1.4.10): the main pages fit a 320 px wide screen and a
1280 px screen zoomed to 200 % (a 640 px wide viewport) without horizontal
scrolling. A wide table may scroll inside its own labelled region.
On failure a screenshot is kept under test-artifacts/."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.demo.accounts import DEMO_PASSWORD, MANAGER_EMAIL
from tests.browser.conftest import browser_login

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VIEWPORTS = {"320px": {"width": 320, "height": 640}, "zoom200": {"width": 640, "height": 400}}
STATIC_PAGES = ["/", "/annonces", "/annonces/nouvelle", "/modeles", "/centrales", "/missions",
                "/membres", "/gestion", "/gestion/statistiques", "/gestion/courriels"]
VISITOR_PAGES = ["/inscription", "/connexion"]
# Which element sticks out, to make a failure readable.
OVERFLOWING = """() => {
  const limit = document.documentElement.clientWidth;
  const inScroller = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      if (getComputedStyle(p).overflowX === 'auto') return true; } return false; };
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > limit + 1 && !inScroller(el))
    .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
      + ' ' + (el.textContent || '').trim().slice(0, 40));
}"""
# A box that scrolls sideways must be a named region reachable by keyboard.
UNLABELLED_SCROLLERS = """() => [...document.querySelectorAll('main *')]
  .filter(el => getComputedStyle(el).overflowX === 'auto' && el.scrollWidth > el.clientWidth + 1)
  .filter(el => !(el.getAttribute('role') === 'region' && el.tabIndex === 0
                  && (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'))))
  .map(el => el.tagName.toLowerCase() + '.' + el.className)"""


@pytest.fixture()
def demo_pages(auth, runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    client = auth.client_for(MANAGER_EMAIL, DEMO_PASSWORD)
    pages = list(STATIC_PAGES)
    for listing, pattern in [("/annonces", r'href="(/annonces/\d+)"'),
                             ("/modeles", r'href="(/modeles/\d+)"'),
                             ("/centrales", r'href="(/centrales/[a-z0-9-]+)"')]:
        found = re.findall(pattern, client.get(listing).get_data(as_text=True))
        assert found, f"no link found on {listing}"
        pages.append(found[0])
    return pages


def _check(page, url: str, label: str, failures: list[str]) -> None:
    page.goto(url)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    width = page.evaluate("window.innerWidth")
    if scroll > width:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^a-z0-9]+", "-", f"reflow-{label}{url}".lower()).strip("-")
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        failures.append(f"{label} {url}: scrollWidth {scroll} > {width}: "
                        f"{page.evaluate(OVERFLOWING)}")
    unlabelled = page.evaluate(UNLABELLED_SCROLLERS)
    if unlabelled:
        failures.append(f"{label} {url}: scrolling boxes not in a labelled, focusable "
                        f"region: {unlabelled}")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_pages_reflow_without_horizontal_scrolling(browser, live_server, demo_pages, viewport):
    failures: list[str] = []
    context = browser.new_context(base_url=live_server.url, locale="fr-BE",
                                  viewport=VIEWPORTS[viewport])
    try:
        page = context.new_page()
        for url in VISITOR_PAGES:
            _check(page, url, viewport, failures)
        browser_login(page, MANAGER_EMAIL, DEMO_PASSWORD)
        for url in demo_pages:
            _check(page, url, viewport, failures)
    finally:
        context.close()
    assert failures == [], "\n".join(failures)



def test_print_hides_navigation_and_shows_document_addresses(browser, live_server, demo_pages):
    context = browser.new_context(base_url=live_server.url, locale="fr-BE")
    try:
        page = context.new_page()
        browser_login(page, MANAGER_EMAIL, DEMO_PASSWORD)
        page.emulate_media(media="print")
        for url in demo_pages[-3:]:  # an annonce, a template, a central
            page.goto(url)
            shown = page.evaluate("""() => [...document.querySelectorAll(
                '.main-nav, .site-footer, main form, main button, .skip-link')]
              .filter(el => getComputedStyle(el).display !== 'none').length""")
            assert shown == 0, url
            addresses = page.evaluate("""() => [...document.querySelectorAll('a.print-url')]
              .map(a => getComputedStyle(a, '::after').content)""")
            assert all(live_server.url in address for address in addresses), (url, addresses)
        assert addresses, "the central page lists documents with their address"
    finally:
        context.close()
