"""An annonce from posting to "pourvue" in Chromium: a demande broadcast to
every member, answered by another institution, closed naming the helper."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.models import InstitutionKind, OutboxMessage
from tests.browser.conftest import assert_accessible, browser_login, browser_logout
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture()
def members(make_user, make_institution):
    arlon = make_institution(InstitutionKind.COMMUNE, name="Commune d'Arlon",
                             short_name="Arlon")
    bastogne = make_institution(InstitutionKind.CPAS, name="CPAS de Bastogne",
                                short_name="Bastogne")
    third = make_institution(InstitutionKind.ZONE_POLICE, name="Zone de police Gaume")
    for number in range(3):
        make_user(institution=third, email=f"agent{number}@gaume.test")
    return (make_user(institution=arlon, email="agent@arlon.test", name="Agent Arlon"),
            make_user(institution=bastogne, email="agent@bastogne.test", name="Agent Bastogne"))


def _post_demande(page) -> str:
    page.goto("/annonces")
    page.get_by_role("link", name="Publier une annonce").click()
    assert_accessible(page)
    page.get_by_label("Demande : nous cherchons de l'aide").check()
    page.get_by_label("Catégorie").select_option("soutien-humain")
    page.get_by_label("Titre").fill("Agent d'état civil pour trois matinées")
    page.get_by_label("Description").fill("Notre agent est **absent** jusqu'à la fin du mois.")
    page.get_by_label("Adresser à tous les adhérents").check()
    page.get_by_role("button", name="Publier l'annonce").click()
    expect(page.locator("h1")).to_have_text("Agent d'état civil pour trois matinées")
    expect(page.locator("main strong", has_text="absent")).to_have_count(1)
    assert_accessible(page)
    return page.url


def test_demande_broadcast_answered_and_closed(page, context, members, db):
    author, helper = members
    browser_login(page, author.email, TEST_PASSWORD)
    ad_url = _post_demande(page)
    db.session.expire_all()
    broadcast = db.session.scalar(select(func.count(OutboxMessage.id))
                                  .where(OutboxMessage.template == "annonce_broadcast"))
    assert broadcast == 4  # the Bastogne agent and the three Gaume agents
    browser_logout(page)

    browser_login(page, helper.email, TEST_PASSWORD)
    page.goto("/annonces")
    page.get_by_label("Rechercher").fill("etat civil")
    page.locator("#results").get_by_role("link", name=re.compile("état civil")).click()
    assert_accessible(page)
    page.get_by_label("Votre message").fill("Nous pouvons vous prêter une employée mardi.")
    page.get_by_role("button", name="Je peux aider").click()
    expect(page.locator("#echanges")).to_contain_text("Nous pouvons vous prêter une employée")
    assert_accessible(page)
    browser_logout(page)

    browser_login(page, author.email, TEST_PASSWORD)
    page.goto(ad_url)
    expect(page.locator("#echanges")).to_contain_text("CPAS de Bastogne")
    page.get_by_role("link", name=re.compile("Clôturer")).first.click()
    assert_accessible(page)
    page.get_by_label("Pourvue : le besoin a trouvé une réponse").check()
    page.get_by_label("Institution qui a aidé (facultatif)").select_option(label="CPAS de Bastogne")
    page.get_by_role("button", name="Clôturer l'annonce").click()
    expect(page.locator("main")).to_contain_text("Pourvue")
    assert_accessible(page)


def test_posting_and_answering_without_javascript(nojs_page, members):
    author, helper = members
    browser_login(nojs_page, author.email, TEST_PASSWORD)
    nojs_page.goto("/annonces/nouvelle")
    nojs_page.get_by_role("button", name="Publier l'annonce").click()
    expect(nojs_page.locator("#field-title .error")).to_be_visible()
    nojs_page.get_by_label("Offre : nous proposons notre aide").check()
    nojs_page.get_by_label("Catégorie").select_option("pret-materiel")
    nojs_page.get_by_label("Titre").fill("Remorque plateau à prêter")
    nojs_page.get_by_role("button", name="Publier l'annonce").click()
    expect(nojs_page.locator("h1")).to_have_text("Remorque plateau à prêter")
    ad_url = nojs_page.url
    browser_logout(nojs_page)
    browser_login(nojs_page, helper.email, TEST_PASSWORD)
    nojs_page.goto(ad_url)
    nojs_page.get_by_label("Votre message").fill("Nous sommes intéressés pour samedi.")
    nojs_page.get_by_role("button", name="Je suis intéressé").click()
    expect(nojs_page.locator("#echanges")).to_contain_text("Nous sommes intéressés pour samedi.")
