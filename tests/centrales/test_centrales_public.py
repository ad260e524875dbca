"""Centrals are public: the list with its filters (full page and htmx
fragment), a central's page, its documents, the home page block; nothing
unpublished and no member contact data for visitors; constant query count."""
from __future__ import annotations

import re

import pytest

from app.models import Adhesion, CentraleDomain
from tests.centrales.content_factories import PDF_BYTES, add_document, in_days, make_centrale
from tests.helpers import count_queries


def _titles(response) -> list[str]:
    return re.findall(r'<h3><a href="/centrales/[^"]+">([^<]+)</a></h3>',
                      response.get_data(as_text=True))


@pytest.fixture()
def three(db):
    return [
        make_centrale(db, title="Sel de déneigement", slug="sel", adhesion_deadline=in_days(20)),
        make_centrale(db, title="Carburants", slug="carburants", adhesion_deadline=in_days(-1)),
        make_centrale(db, title="Marquage routier", slug="marquage",
                      domain=CentraleDomain.TRAVAUX, valid_from=in_days(-900),
                      valid_until=in_days(-1), adhesion_deadline=in_days(-800)),
        make_centrale(db, title="Brouillon", slug="brouillon", is_published=False),
    ]


def test_visitors_see_the_published_centrals_with_status_and_dates(client, three):
    response = client.get("/centrales")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _titles(response) == ["Sel de déneigement", "Carburants", "Marquage routier"]
    assert "Ouverte aux adhésions" in html and "En cours" in html and "Clôturée" in html
    assert f"jusqu'au {in_days(20):%d/%m/%Y}" in html
    assert "CA-" in html and "Fournitures" in html and "Travaux" in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/centrales.atom"' in html
    assert "Brouillon" not in html


def test_filters_work_without_javascript(client, three):
    response = client.get("/centrales?statut=en-cours")
    assert _titles(response) == ["Carburants"]
    html = response.get_data(as_text=True)
    assert "<html" in html and '<option value="en-cours" selected>' in html
    assert _titles(client.get("/centrales?statut=cloturee&domaine=travaux")) == \
        ["Marquage routier"]
    assert _titles(client.get("/centrales?domaine=fournitures&statut=ouverte")) == \
        ["Sel de déneigement"]
    assert len(_titles(client.get("/centrales?statut=nimporte&domaine=quoi"))) == 3


def test_filters_with_htmx_return_the_fragment_and_announce_the_count(client, three):
    response = client.get("/centrales?statut=ouverte", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert body.lstrip().startswith('<section id="results"')
    assert _titles(response) == ["Sel de déneigement"]
    assert 'id="flash"' in body and 'hx-swap-oob="true"' in body
    assert "1 centrale trouvée." in body and "autofocus" in body
    assert "HX-Request" in response.headers["Vary"]
    several = client.get("/centrales?domaine=fournitures", headers={"HX-Request": "true"})
    assert "2 centrales trouvées." in several.get_data(as_text=True)
    full = client.get("/centrales?statut=ouverte")
    assert "HX-Request" in full.headers["Vary"]
    results = full.get_data(as_text=True).split('id="results"')[1].split("</h2>")[0]
    assert "autofocus" not in results


def test_empty_states(client, db):
    assert "Aucune centrale d'achats n'est publiée" in client.get("/centrales").get_data(
        as_text=True)
    make_centrale(db)
    html = client.get("/centrales?domaine=services").get_data(as_text=True)
    assert "Aucune centrale ne correspond à ces filtres." in html
    assert 'href="/centrales">Afficher toutes les centrales' in html


def test_central_page_for_a_visitor(client, db, make_user):
    centrale = make_centrale(db, slug="sel", title="Sel de déneigement",
                             description="# Commandes\n\nEn **juin**.<script>x()</script>",
                             valid_from=in_days(-1), valid_until=in_days(300),
                             adhesion_deadline=in_days(10), reference="CA-2026-01")
    document = add_document(db, centrale, title="Cahier spécial des charges")
    member = make_user(email="secret.agent@commune.test", phone="061 44 55 66")
    db.session.add(Adhesion(centrale=centrale, institution=member.institution,
                            requested_by=member, message="Nous voulons 40 tonnes"))
    db.session.commit()
    response = client.get("/centrales/sel")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h3>Commandes</h3>" in html and "<strong>juin</strong>" in html
    assert "<script>x()" not in html
    assert "Ouverte aux adhésions" in html and "CA-2026-01" in html
    assert f"{in_days(-1):%d/%m/%Y}" in html and f"{in_days(300):%d/%m/%Y}" in html
    assert f'href="/centrales/sel/documents/{document.id}">Cahier spécial des charges</a>' \
        in html
    assert 'href="/connexion?next=/centrales/sel">Connectez-vous pour adhérer</a>' in html
    assert "secret.agent@commune.test" not in html and "061 44 55 66" not in html
    assert member.name not in html and "40 tonnes" not in html
    assert 'action="/centrales/sel/adherer"' not in html


def test_visitors_download_documents(client, db):
    centrale = make_centrale(db, slug="carburants")
    document = add_document(db, centrale, name="Convention d'adhésion.pdf")
    response = client.get(f"/centrales/carburants/documents/{document.id}")
    assert response.status_code == 200 and response.data == PDF_BYTES
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Convention%20d%27adh%C3%A9sion.pdf" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/centrales/carburants/documents/999999").status_code == 404
    other = make_centrale(db, slug="autre")
    assert client.get(f"/centrales/{other.slug}/documents/{document.id}").status_code == 404


def test_unpublished_central_is_404_except_for_managers(client, member, manager, db):
    centrale = make_centrale(db, slug="en-preparation", is_published=False)
    document = add_document(db, centrale)
    for browser in (client, member):
        assert browser.get("/centrales/en-preparation").status_code == 404
        assert browser.get(f"/centrales/en-preparation/documents/{document.id}") \
            .status_code == 404
    page = manager.get("/centrales/en-preparation")
    assert page.status_code == 200
    assert "Cette centrale n'est pas publiée" in page.get_data(as_text=True)
    assert manager.get(f"/centrales/en-preparation/documents/{document.id}").status_code == 200
    assert manager.get("/centrales").get_data(as_text=True).count("en-preparation") == 0


def test_home_page_shows_the_three_latest_centrals_to_everyone(client, member, db):
    for number in range(4):
        make_centrale(db, title=f"Centrale n° {number}")
    make_centrale(db, title="Centrale cachée", is_published=False)
    for browser in (client, member):
        html = browser.get("/").get_data(as_text=True)
        section = html.split('id="latest-centrales-title"')[1].split("</section>")[0]
        assert re.findall(r">(Centrale n° \d)</a>", section) == [
            "Centrale n° 3", "Centrale n° 2", "Centrale n° 1"]
        assert "Ouverte aux adhésions" in section and "cachée" not in section



@pytest.mark.parametrize("path", ["/centrales", "/centrales?statut=ouverte", "/",
                                  "/centrales/temoin", "/centrales.atom"])
@pytest.mark.parametrize("who", ["visitor", "member"])
def test_query_count_does_not_grow(client, member, db, path, who):
    browser = client if who == "visitor" else member
    witness = make_centrale(db, slug="temoin")
    for number in range(2):
        make_centrale(db)
        add_document(db, witness, title=f"Document {number}")
    few = count_queries(browser, path)
    for number in range(27):
        make_centrale(db)
        add_document(db, witness, title=f"Autre document {number}")
    assert count_queries(browser, path) == few
