"""The member's workspace in Chromium: an urgent demande is answered; its
author sees the unread count in the header and on /mon-espace, opens the
conversation from /echanges, and the count drops. The same without
JavaScript."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.models import InstitutionKind
from tests.browser.conftest import assert_accessible, browser_login, browser_logout
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture()
def people(make_user, make_institution):
    commune = make_institution(InstitutionKind.COMMUNE, name="Commune de Manhay",
                               short_name="Manhay")
    cpas = make_institution(InstitutionKind.CPAS, name="CPAS d'Érezée", short_name="Érezée")
    return (make_user(institution=commune, email="accueil@manhay.test", name="Agent Manhay"),
            make_user(institution=cpas, email="social@erezee.test", name="Agent Érezée"))


def _axe(page) -> None:
    if getattr(page, "javascript", True):
        assert_accessible(page)


def _journey(page, people) -> None:
    author, helper = people
    browser_login(page, author.email, TEST_PASSWORD)
    page.goto("/annonces/nouvelle")
    page.get_by_label("Demande : nous cherchons de l'aide").check()
    page.get_by_label("Catégorie").select_option("soutien-humain")
    page.get_by_label("Titre").fill("Agent d'accueil dès demain")
    page.get_by_label("Description").fill("Notre agente d'accueil est absente.")
    page.locator("#urgent").check()
    page.get_by_role("button", name="Publier l'annonce").click()
    expect(page.locator("main .badges")).to_contain_text("Urgent")
    _axe(page)
    ad_url = page.url
    browser_logout(page)

    browser_login(page, helper.email, TEST_PASSWORD)
    page.goto("/annonces")
    expect(page.locator("#results li").first).to_contain_text("Agent d'accueil dès demain")
    page.goto(ad_url)
    page.get_by_label("Votre message").fill("Nous pouvons vous aider demain matin.")
    page.get_by_role("button", name="Je peux aider").click()
    expect(page.locator("#echanges")).to_contain_text("Nous pouvons vous aider")
    browser_logout(page)

    browser_login(page, author.email, TEST_PASSWORD)
    page.goto("/mon-espace")
    expect(page.locator("#lien-echanges")).to_contain_text("Échanges (1")
    expect(page.locator("main")).to_contain_text("CPAS d'Érezée")
    _axe(page)
    page.goto("/echanges")
    expect(page.locator("main")).to_contain_text("Non lu")
    _axe(page)
    page.locator("main").get_by_role("link", name="Agent d'accueil dès demain").first.click()
    expect(page.locator("#echanges")).to_contain_text("Nous pouvons vous aider")
    expect(page.locator("#lien-echanges")).to_have_text("Échanges")
    _axe(page)
    page.goto("/mon-espace")
    expect(page.locator("main")).to_contain_text("Aucun échange non lu.")


def test_urgent_answered_and_read(page, people):
    _journey(page, people)
    assert page.console_errors == []


def test_urgent_answered_and_read_without_javascript(nojs_page, people):
    nojs_page.javascript = False
    _journey(nojs_page, people)
