"""Keyboard-only journeys (docs/requirements.md, Q26): registration, login, posting an
annonce, searching and answering, with Tab, Shift+Tab, Enter, Space and the
arrow keys only. Every focused control shows a visible focus ring, focus
lands on the new content after an htmx swap, no id is duplicated by a swap,
and Tab never gets stuck.
Search without JavaScript is checked here too; the other journeys without
JavaScript are in test_membership_journey.py and test_annonce_journey.py."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.models import InstitutionKind
from app.reference.seed import seed_reference
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser
MAX_TABS = 120
IS_FOCUSED = "el => el === document.activeElement"
FOCUS_RING = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return outline || style.boxShadow !== 'none';
}"""


def tab_to(page, locator, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `locator` has the focus, which must show."""
    for _ in range(MAX_TABS):
        if locator.evaluate(IS_FOCUSED):
            assert page.evaluate(FOCUS_RING), f"no visible focus on {locator}"
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"{locator} not reached with the keyboard")


def assert_unique_ids(page) -> None:
    duplicates = page.evaluate("""() => {
      const ids = [...document.querySelectorAll('[id]')].map(el => el.id);
      return ids.filter((id, i) => ids.indexOf(id) !== i);
    }""")
    assert duplicates == [], f"duplicate ids on {page.url}: {duplicates}"


def assert_no_trap(page) -> None:
    """Tab from the top reaches the last footer link, then leaves the page."""
    page.keyboard.press("Tab")
    tab_to(page, page.get_by_role("link", name="Vie privée"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement === document.body"
                         " || document.activeElement.classList.contains('skip-link')")


@pytest.fixture()
def members(make_user, make_institution):
    arlon = make_institution(InstitutionKind.COMMUNE, name="Commune d'Arlon", short_name="Arlon")
    bastogne = make_institution(InstitutionKind.CPAS, name="CPAS de Bastogne",
                                short_name="Bastogne")
    return (make_user(institution=arlon, email="agent@arlon.test", name="Agent Arlon"),
            make_user(institution=bastogne, email="agent@bastogne.test", name="Agent Bastogne"))


def keyboard_login(page, email: str) -> None:
    page.goto("/")
    tab_to(page, page.get_by_role("link", name="Connexion", exact=True))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Connexion")
    tab_to(page, page.get_by_label("Adresse e-mail"))
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def test_registration_by_keyboard(page, db):
    seed_reference()
    db.session.commit()
    page.goto("/")
    assert_no_trap(page)
    page.goto("/")
    tab_to(page, page.get_by_role("link", name="S'inscrire"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Demander l'adhésion de votre institution")
    tab_to(page, page.get_by_label("Votre institution"))
    page.keyboard.type("CPAS d'Étalle")
    expect(page.get_by_label("Votre institution")).to_have_value(re.compile(r".+"))
    tab_to(page, page.get_by_label("Nom et prénom"))
    page.keyboard.type("Marie Dupont")
    page.keyboard.press("Tab")
    page.keyboard.type("Directrice générale")
    tab_to(page, page.get_by_label("Adresse e-mail professionnelle"))
    page.keyboard.type("pas-une-adresse")
    page.keyboard.press("Tab")
    # inline validation swaps the e-mail field; the focus stays on the next one
    expect(page.locator("#field-email .error")).to_be_visible()
    expect(page.get_by_label("Téléphone (facultatif)")).to_be_focused()
    assert_unique_ids(page)
    tab_to(page, page.get_by_label("Adresse e-mail professionnelle"), backwards=True)
    page.keyboard.press("Control+A")
    page.keyboard.type("marie.dupont@etalle.test")
    page.keyboard.press("Tab")
    expect(page.locator("#field-email .error")).to_have_count(0)
    tab_to(page, page.get_by_role("checkbox"))
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Envoyer la demande"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/inscription/envoyee$"))
    assert page.console_errors == [], page.console_errors


def test_login_post_search_and_answer_by_keyboard(page, members):
    author, helper = members
    keyboard_login(page, author.email)
    page.goto("/annonces")
    tab_to(page, page.get_by_role("link", name="Publier une annonce"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Demande : nous cherchons de l'aide"))
    page.keyboard.press("Space")
    expect(page.get_by_label("Demande : nous cherchons de l'aide")).to_be_checked()
    tab_to(page, page.get_by_label("Catégorie"))
    page.keyboard.type("Soutien")
    tab_to(page, page.get_by_label("Titre"))
    page.keyboard.type("Agent d'état civil pour trois matinées")
    tab_to(page, page.get_by_label("Description"))
    page.keyboard.type("Notre agent est absent jusqu'à la fin du mois.")
    tab_to(page, page.get_by_label("Adresser à tous les adhérents"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Publier l'annonce"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Agent d'état civil pour trois matinées")
    tab_to(page, page.get_by_role("button", name="Se déconnecter"), backwards=True)
    page.keyboard.press("Enter")
    # wait for the logout to land before going on (no navigation race)
    expect(page.get_by_role("link", name="Connexion", exact=True)).to_be_visible()

    keyboard_login(page, helper.email)
    tab_to(page, page.get_by_role("link", name="Annonces", exact=True))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Annonces")
    # a filter change swaps the results and moves the focus to their heading
    tab_to(page, page.get_by_label("Type"))
    page.keyboard.press("ArrowDown")
    expect(page.locator("#results-title")).to_be_focused()
    expect(page).to_have_url(re.compile(r"kind=demande"))
    assert_unique_ids(page)
    # the search box updates the list as one types; the focus stays in the box
    tab_to(page, page.get_by_label("Rechercher"), backwards=True)
    page.keyboard.type("etat civil")
    expect(page.locator(".results-count")).to_contain_text("pour « etat civil »")
    expect(page.get_by_label("Rechercher")).to_be_focused()
    assert_unique_ids(page)
    tab_to(page, page.locator("#results").get_by_role("link", name=re.compile("état civil")))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Agent d'état civil pour trois matinées")
    tab_to(page, page.get_by_label("Votre message"))
    page.keyboard.type("Nous pouvons vous prêter une employée mardi.")
    tab_to(page, page.get_by_role("button", name="Je peux aider"))
    page.keyboard.press("Enter")
    # the answer is swapped in and the focus goes to the new message
    new_message = page.locator("#echanges .message", has_text="une employée mardi")
    expect(new_message).to_be_focused()
    assert_unique_ids(page)
    assert_no_trap(page)
    assert page.console_errors == [], page.console_errors


def test_search_without_javascript(nojs_page, members, make_annonce):
    author, _ = members
    make_annonce(author=author, title="Remorque plateau à prêter")
    make_annonce(author=author, title="Agent d'état civil")
    keyboard_login(nojs_page, author.email)
    nojs_page.goto("/annonces")
    tab_to(nojs_page, nojs_page.get_by_label("Rechercher"))
    nojs_page.keyboard.type("remorque")
    nojs_page.keyboard.press("Enter")
    expect(nojs_page).to_have_url(re.compile(r"q=remorque"))
    results = nojs_page.locator("#results")
    expect(results.get_by_role("link", name="Remorque plateau à prêter")).to_be_visible()
    expect(results.get_by_role("link", name="Agent d'état civil")).to_have_count(0)
