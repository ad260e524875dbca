"""The annonces list in Chromium: live search with htmx, the same with
JavaScript off, focus and live region after a swap, accessibility."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.models import AnnonceCategory, AnnonceKind
from tests.browser.conftest import assert_accessible, browser_login
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture()
def ads(make_user, make_annonce):
    member = make_user()
    make_annonce(author=member, title="Agent d'État civil pour le guichet population")
    make_annonce(author=member, title="Prêt d'une remorque plateau",
                 kind=AnnonceKind.OFFRE, category=AnnonceCategory.PRET_MATERIEL)
    make_annonce(author=member, title="Achat groupé de sel de déneigement",
                 category=AnnonceCategory.ACHAT_GROUPE)
    return member


def test_live_search_updates_results_and_url(page, ads):
    browser_login(page, ads.email, TEST_PASSWORD)
    page.goto("/annonces")
    assert_accessible(page)
    page.get_by_label("Rechercher").fill("etat civil")
    results = page.locator("#results-list")
    expect(results).to_contain_text("1 annonce")
    expect(results.locator("h3")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=etat(%20|\+)civil"))
    expect(page.locator("#flash")).to_contain_text("1 annonce trouvée.")
    # typing never steals the focus from the search box
    expect(page.get_by_label("Rechercher")).to_be_focused()
    assert_accessible(page)


def test_filter_change_swaps_results_and_moves_focus(page, ads):
    browser_login(page, ads.email, TEST_PASSWORD)
    page.goto("/annonces")
    page.get_by_label("Type").select_option("offre")
    expect(page.locator("#results h3")).to_have_count(1)
    expect(page.locator("#results h3")).to_have_text("Prêt d'une remorque plateau")
    expect(page.locator("#results-title")).to_be_focused()
    expect(page).to_have_url(re.compile(r"kind=offre"))
    assert page.locator("[id=results]").count() == 1
    assert_accessible(page)


def test_search_and_filters_without_javascript(nojs_page, ads):
    browser_login(nojs_page, ads.email, TEST_PASSWORD)
    nojs_page.goto("/annonces")
    nojs_page.get_by_label("Rechercher").fill("sel")
    nojs_page.get_by_label("Catégorie").select_option("achat-groupe")
    nojs_page.get_by_role("button", name="Afficher les annonces").click()
    expect(nojs_page).to_have_url(re.compile(r"q=sel.*category=achat-groupe"))
    expect(nojs_page.locator("#results h3")).to_have_text("Achat groupé de sel de déneigement")
