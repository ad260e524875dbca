"""The public pages in real Chromium: rendering, navigation, accessibility."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_home_page_renders_and_is_accessible(page, province):
    page.goto("/")
    expect(page).to_have_title(re.compile("Accueil"))
    expect(page.locator("h1")).to_have_text("e-plateforme supra-communale")
    assert page.locator("html").get_attribute("lang") == "fr-BE"
    assert_accessible(page)
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/accessibilite", "/vie-privee", "/page-inexistante"])
def test_other_public_pages_are_accessible(page, path):
    page.goto(path)
    assert_accessible(page)
    # The 404 status of the page itself is expected; nothing else may fail.
    assert [e for e in page.console_errors if "status of 404" not in e] == []


def test_footer_navigation_with_javascript(page):
    page.goto("/")
    page.get_by_role("link", name="Accessibilité").click()
    expect(page.locator("h1")).to_have_text("Déclaration d'accessibilité")
    page.get_by_role("link", name="Vie privée").click()
    expect(page.locator("h1")).to_have_text("Protection de la vie privée")
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Accueil").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_footer_navigation_without_javascript(nojs_page):
    nojs_page.goto("/")
    nojs_page.get_by_role("link", name="Vie privée").click()
    expect(nojs_page.locator("h1")).to_have_text("Protection de la vie privée")
    nojs_page.get_by_role("link", name="Accessibilité").click()
    expect(nojs_page.locator("h1")).to_have_text("Déclaration d'accessibilité")


def test_skip_link_moves_focus_to_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


def test_htmx_is_loaded_with_the_safe_configuration(page):
    page.goto("/")
    config = page.evaluate("() => htmx.config")
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["selfRequestsOnly"] is True
    assert config["historyCacheSize"] == 0
    assert page.evaluate("() => htmx.version").startswith("2.0.")
