"""Registration to first login in Chromium, with JavaScript and without,
checking accessibility on every page on the way."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.models import OutboxMessage
from app.reference.seed import seed_reference
from tests.browser.conftest import assert_accessible, browser_login, browser_logout
from tests.conftest import TEST_PASSWORD
from tests.helpers import links_in

pytestmark = pytest.mark.browser
NEW_PASSWORD = "une phrase de passe solide 2026"


def _link_in_last_email(db, recipient: str, path: str) -> str:
    db.session.expire_all()
    bodies = db.session.scalars(
        select(OutboxMessage.body_text).where(OutboxMessage.recipient == recipient)
        .order_by(OutboxMessage.id.desc())).all()
    for body in bodies:
        for link in links_in(body):
            if path in link:
                return link.replace("http://localhost", "")
    raise AssertionError(f"no {path} link in the emails to {recipient}")


def _fill_registration(page, institution: str) -> None:
    page.get_by_label("Votre institution").select_option(label=institution)
    page.get_by_label("Nom et prénom").fill("Marie Dupont")
    page.get_by_label("Fonction").fill("Directrice générale")
    page.get_by_label("Adresse e-mail professionnelle").fill("marie.dupont@etalle.test")
    page.get_by_label("Téléphone (facultatif)").fill("063 45 12 34")
    page.get_by_role("checkbox").check()


def test_registration_approval_activation_and_login(page, db, make_manager, app):
    seed_reference()
    db.session.commit()
    manager = make_manager(email="gestion@province.test")

    page.goto("/")
    page.get_by_role("link", name="S'inscrire").click()
    expect(page.locator("h1")).to_have_text("Demander l'adhésion de votre institution")
    assert_accessible(page)

    # inline validation (htmx) shows the French message next to the field
    email = page.get_by_label("Adresse e-mail professionnelle")
    email.fill("pas-une-adresse")
    email.blur()
    expect(page.locator("#field-email .error")).to_be_visible()
    assert_accessible(page)

    _fill_registration(page, "CPAS d'Étalle")
    expect(page.locator("#field-email .error")).to_have_count(0)
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page).to_have_url(re.compile(r"/inscription/envoyee$"))
    assert_accessible(page)

    decision = _link_in_last_email(db, app.config["PLATFORM_MANAGER_EMAIL"],
                                   "/inscription/decision/")
    page.goto(decision)
    expect(page).to_have_url(re.compile(r"/connexion\?next="))
    page.get_by_label("Adresse e-mail").fill(manager.email)
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("h1")).to_contain_text("CPAS d'Étalle")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Approuver")).click()
    expect(page.locator("#flash")).to_contain_text("approuvée")
    browser_logout(page)

    activation = _link_in_last_email(db, "marie.dupont@etalle.test", "/compte/activer/")
    page.goto(activation)
    assert_accessible(page)
    page.get_by_label("Nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    expect(page).to_have_url(re.compile(r"/$"))
    browser_logout(page)

    browser_login(page, "marie.dupont@etalle.test", NEW_PASSWORD)
    page.get_by_role("link", name="Membres").click()
    expect(page.locator("main")).to_contain_text("CPAS d'Étalle")
    assert_accessible(page)


def test_registration_without_javascript(nojs_page, db):
    seed_reference()
    db.session.commit()
    page = nojs_page
    page.goto("/inscription")
    page.get_by_role("button", name="Envoyer la demande").click()
    # full validation on submit: French messages next to the fields, nothing lost
    expect(page.locator("#field-name .error")).to_be_visible()
    _fill_registration(page, "Commune de Habay")
    page.get_by_label("Adresse e-mail professionnelle").fill("faux@")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.locator("#field-email .error")).to_be_visible()
    expect(page.get_by_label("Nom et prénom")).to_have_value("Marie Dupont")
    page.get_by_label("Adresse e-mail professionnelle").fill("marie.dupont@habay.test")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page).to_have_url(re.compile(r"/inscription/envoyee$"))


def test_login_page_is_accessible_and_reports_errors(page, make_user):
    user = make_user()
    page.goto("/connexion")
    assert_accessible(page)
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill("mauvais mot de passe")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text("incorrect")
    assert_accessible(page)
    browser_login(page, user.email, TEST_PASSWORD)
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
