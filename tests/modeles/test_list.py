"""The templates list: login required, grouping, accent-insensitive search,
category filter, htmx fragment and full page, empty states, constant query
count."""
from __future__ import annotations

import re

import pytest

from app.models import DocumentTemplate, TemplateCategory
from tests.helpers import count_queries


def _titles(response) -> list[str]:
    return re.findall(r'<h4><a href="/modeles/\d+">([^<]+)</a></h4>',
                      response.get_data(as_text=True))


@pytest.mark.parametrize("path", ["/modeles", "/modeles/1", "/modeles/1/telecharger",
                                  "/modeles/1/versions/1/docx"])
def test_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion?next=")
    htmx = client.get(path, headers={"HX-Request": "true"})
    assert htmx.status_code == 204
    assert htmx.headers["HX-Redirect"].startswith("/connexion?next=")


def test_full_page_and_fragment(member, make_template):
    make_template(title="Demande de prix – fournitures")
    page = member.get("/modeles")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in html and 'id="modele-filters"' in html
    assert "HX-Request" in page.headers["Vary"]
    assert 'hx-push-url="true"' in html and 'hx-get="/modeles"' in html
    # only a filter change moves the focus, never typing in the search box
    assert 'hx-trigger="change from:#category, submit"' in html
    assert "autofocus" not in html.split('id="results"')[1].split("</h2>")[0]
    fragment = member.get("/modeles?category=marches-fournitures",
                          headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and 'id="results"' in body and "Demande de prix" in body
    assert 'hx-swap-oob="true"' in body and "1 modèle trouvé." in body
    assert "autofocus" in body.split("</h2>")[0]
    assert "HX-Request" in fragment.headers["Vary"]


def test_items_show_category_formats_date_and_count(member, make_template, db):
    template = make_template(versions=(("docx", "odt", "pdf"),))
    template.download_count = 12
    db.session.commit()
    html = member.get("/modeles").get_data(as_text=True)
    item = html.split('class="template-item"')[1]
    assert "Marchés de faible montant – fournitures" in item
    assert re.findall(r'badge-format">(\w+)<', item) == ["DOCX", "ODT", "PDF"]
    assert "Modèle indicatif" in item and "12 téléchargements" in item
    assert re.search(r"Mis à jour le \d\d/\d\d/\d{4}", item)


def test_grouped_by_category_group_in_order(member, make_template):
    make_template(title="Délibération type", category=TemplateCategory.AUTRE)
    make_template(title="Convention de prêt", category=TemplateCategory.CONVENTION_PRET)
    make_template(title="Demande de prix – travaux", category=TemplateCategory.MARCHE_TRAVAUX)
    make_template(title="Demande de prix – fournitures")
    html = member.get("/modeles").get_data(as_text=True)
    groups = re.findall(r'<h3 class="template-group">([^<]+)</h3>', html)
    assert groups == ["Marchés de faible montant", "Conventions e-plateforme", "Autres"]
    assert _titles(member.get("/modeles")) == [
        "Demande de prix – fournitures", "Demande de prix – travaux", "Convention de prêt",
        "Délibération type"]


@pytest.mark.parametrize(("query", "expected"), [
    ("demande de prix", ["Demande de prix – fournitures", "Demande de prix – services"]),
    ("fourniture", ["Demande de prix – fournitures"]),
    ("FOURNITURES", ["Demande de prix – fournitures"]),
    ("pret materiel", ["Convention de prêt de matériel"]),
    ("Prêt matériel", ["Convention de prêt de matériel"]),
    ("remorque", ["Convention de prêt de matériel"]),  # in the description
    ("demande pret", []),  # every word must appear
])
def test_search_ignores_accents_and_case(member, make_template, query, expected):
    make_template(title="Demande de prix – fournitures")
    make_template(title="Demande de prix – services", category=TemplateCategory.MARCHE_SERVICES)
    make_template(title="Convention de prêt de matériel",
                  category=TemplateCategory.CONVENTION_PRET,
                  description="Pour prêter une **remorque** ou des barrières.")
    assert _titles(member.get("/modeles", query_string={"q": query})) == expected


def test_search_input_is_harmless(member, make_template):
    make_template()
    for query in ['"', "' OR 1=1 --", "%", "_", "*", "x" * 500, "\\", "a:b"]:
        assert member.get("/modeles", query_string={"q": query}).status_code == 200


def test_category_filter_and_unknown_values(member, make_template):
    make_template(title="Fournitures")
    make_template(title="Prêt", category=TemplateCategory.CONVENTION_PRET)
    assert _titles(member.get("/modeles?category=convention-pret-materiel")) == ["Prêt"]
    assert len(_titles(member.get("/modeles?category=inconnue&page=-2"))) == 2


def test_unpublished_templates_are_not_listed(member, make_template):
    make_template(title="Publié")
    make_template(title="Brouillon", published=False)
    assert _titles(member.get("/modeles")) == ["Publié"]


def test_empty_states_say_what_to_do(member, make_template):
    html = member.get("/modeles").get_data(as_text=True)
    assert "Aucun modèle n'est encore publié." in html and "Proposez-le à" in html
    make_template()
    html = member.get("/modeles?q=tracteur").get_data(as_text=True)
    assert "Aucun modèle ne correspond à cette recherche." in html
    assert 'href="/modeles">affichez tous les modèles</a>' in html


def test_pagination_keeps_the_filters(member, make_template, db, monkeypatch):
    from app.blueprints.modeles import queries

    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    for number in range(3):
        make_template(title=f"Demande {number}")
    html = member.get("/modeles?q=demande").get_data(as_text=True)
    assert "Page 1 sur 2" in html and 'href="/modeles?q=demande&amp;page=2"' in html
    assert _titles(member.get("/modeles?q=demande&page=2")) == ["Demande 2"]



def test_query_count_does_not_grow_with_data(app, member, make_template, db):
    categories = list(TemplateCategory)
    for number in range(3):
        make_template(title=f"Modèle {number}", category=categories[number % 6],
                      versions=(("docx",), ("docx", "odt", "pdf")))
    small = count_queries(member, "/modeles")
    searched = count_queries(member, "/modeles?q=modele&category=autre")
    for number in range(3, 30):
        make_template(title=f"Modèle {number}", category=categories[number % 6],
                      versions=(("docx", "odt"),))
    assert db.session.query(DocumentTemplate).count() == 30
    assert count_queries(member, "/modeles") == small
    assert count_queries(member, "/modeles?q=modele&category=autre") == searched
