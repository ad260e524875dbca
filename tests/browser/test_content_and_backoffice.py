"""Journeys through the content sections and the back office in Chromium:
a visitor reads the centrals and downloads a document, a member finds a
template with the live search and downloads it, a manager publishes a
mission with a document, hides an ad and reads the statistics."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.demo.accounts import DEMO_DOMAIN, DEMO_PASSWORD, MANAGER_EMAIL
from tests.browser.conftest import assert_accessible, browser_login

pytestmark = pytest.mark.browser
MINIMAL_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
               b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


@pytest.fixture()
def demo(runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output


def test_visitor_reads_centrals_and_downloads_a_document(page, demo):
    page.goto("/")
    page.get_by_role("navigation", name="Sections").get_by_role(
        "link", name="Centrales d'achats").click()
    expect(page.locator("h1")).to_contain_text("Centrales d'achats")
    assert_accessible(page)
    page.locator("main h2 a, main h3 a").first.click()
    assert_accessible(page)
    link = page.locator("main a[href*='/documents/']").first
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename
    assert download.path().stat().st_size > 0


def test_member_finds_a_template_with_live_search_and_downloads_it(page, demo):
    browser_login(page, f"referent.arlon@{DEMO_DOMAIN}", DEMO_PASSWORD)
    page.goto("/modeles")
    assert_accessible(page)
    page.get_by_label("Rechercher").fill("pret materiel")
    expect(page.locator("#results")).to_contain_text("prêt de matériel")
    expect(page).to_have_url(re.compile(r"q=pret"))
    assert_accessible(page)
    page.locator("#results").get_by_role("link", name=re.compile("prêt de matériel")).first.click()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger en DOCX").click()
    assert download_info.value.suggested_filename.endswith(".docx")


def test_manager_publishes_a_mission_with_a_document(page, demo, tmp_path):
    browser_login(page, MANAGER_EMAIL, DEMO_PASSWORD)
    page.goto("/gestion/missions")
    assert_accessible(page)
    page.get_by_role("link", name="Ajouter une mission").click()
    page.get_by_label("Titre", exact=True).fill("Prêt de la pelleteuse provinciale")
    page.get_by_label("Thème").fill("Aide technique")
    page.get_by_label("Résumé (affiché dans la liste)").fill("Une pelleteuse pour vos chantiers.")
    page.get_by_label("Présentation").fill("La Province prête une **pelleteuse** aux communes.")
    page.get_by_role("button", name="Créer la mission").click()
    expect(page.locator("#flash")).to_contain_text("mission")
    assert_accessible(page)
    pdf = tmp_path / "conditions de prêt.pdf"
    pdf.write_bytes(MINIMAL_PDF)
    page.get_by_label("Titre du document").fill("Conditions de prêt")
    page.get_by_label("Fichier").set_input_files(str(pdf))
    page.get_by_role("button", name="Ajouter le document").click()
    expect(page.locator("main")).to_contain_text("Conditions de prêt")
    page.get_by_role("button", name="Publier : Prêt de la pelleteuse provinciale").click()
    expect(page.get_by_role("button", name=re.compile("^Retirer la publication"))).to_be_visible()
    page.goto("/missions")
    expect(page.locator("main")).to_contain_text("Prêt de la pelleteuse provinciale")
    page.get_by_role("link", name="Prêt de la pelleteuse provinciale").click()
    expect(page.locator("main strong", has_text="pelleteuse")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Conditions de prêt")
    assert_accessible(page)


def test_manager_hides_an_ad_and_reads_the_statistics(page, demo):
    browser_login(page, MANAGER_EMAIL, DEMO_PASSWORD)
    page.goto("/gestion/annonces")
    assert_accessible(page)
    page.locator("details.hide-form summary").first.click()
    page.locator("details.hide-form[open] textarea").fill("Annonce en double, déjà publiée.")
    page.locator("details.hide-form[open]").get_by_role("button",
                                                         name="Masquer l’annonce").click()
    expect(page.locator("#flash")).to_contain_text("masquée")
    page.goto("/gestion/statistiques")
    assert_accessible(page)
    expect(page.locator("svg[role=img]").first).to_be_visible()
    page.get_by_label("Période", exact=True).select_option(index=0)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("#statistics-title")).to_be_visible()
    assert_accessible(page)
