"""Missions (members): the list by theme, a mission with its contact and
documents, login for visitors (htmx included), unpublished ones hidden,
constant query count."""
from __future__ import annotations

import re

import pytest

from tests.centrales.content_factories import PDF_BYTES, add_document, make_mission
from tests.helpers import count_queries


def test_visitors_are_sent_to_login(client, db):
    mission = make_mission(db, slug="soutien-humain")
    document = add_document(db, mission)
    for path in ("/missions", "/missions/soutien-humain",
                 f"/missions/soutien-humain/documents/{document.id}"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/connexion?next=" in response.headers["Location"]
        htmx = client.get(path, headers={"HX-Request": "true"})
        assert htmx.status_code == 204
        assert htmx.headers["HX-Redirect"].startswith("/connexion?next=")


def test_list_groups_by_theme_in_order_of_first_mission(member, db):
    make_mission(db, title="Aide technique", theme="Soutien", position=1)
    make_mission(db, title="Fonds d'impulsion", theme="Financements", position=2,
                 summary="25 000 € par commune.")
    make_mission(db, title="Renfort état civil", theme="Soutien", position=3)
    make_mission(db, title="Brouillon caché", theme="Autre", position=0, is_published=False)
    html = member.get("/missions").get_data(as_text=True)
    themes = re.findall(r'<h2 id="theme-\d+">([^<]+)</h2>', html)
    titles = re.findall(r'<h3><a href="/missions/[^"]+">([^<]+)</a></h3>', html)
    assert themes == ["Soutien", "Financements"]
    assert titles == ["Aide technique", "Renfort état civil", "Fonds d&#39;impulsion"]
    assert "25 000 € par commune." in html and "Brouillon caché" not in html


def test_empty_list(member, db):
    assert "Aucune mission n'est présentée" in member.get("/missions").get_data(as_text=True)


def test_detail_shows_sanitised_body_contact_and_documents(member, db):
    mission = make_mission(db, slug="cours-d-eau", title="Cours d'eau",
                           body="**Marchés conjoints**\n\n<script>alert(1)</script>"
                                "[lien](javascript:alert(1))")
    document = add_document(db, mission, title="Règlement", name="règlement.pdf")
    html = member.get("/missions/cours-d-eau").get_data(as_text=True)
    assert "<strong>Marchés conjoints</strong>" in html
    assert "<script>alert" not in html and "href=\"javascript" not in html
    assert "Cellule supracommunale" in html and "cellule@province.test" in html
    assert "063 99 99 99" in html
    assert f'href="/missions/cours-d-eau/documents/{document.id}">Règlement</a>' in html
    assert "(PDF, 1 Ko)" in html


def test_document_download(member, db):
    mission = make_mission(db, slug="fonds")
    document = add_document(db, mission, name="conditions du fonds é.pdf")
    response = member.get(f"/missions/fonds/documents/{document.id}")
    assert response.status_code == 200 and response.data == PDF_BYTES
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''conditions%20du%20fonds%20%C3%A9.pdf" in \
        response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"


def test_document_of_another_mission_is_404(member, db):
    first, second = make_mission(db, slug="premiere"), make_mission(db, slug="seconde")
    document = add_document(db, first)
    assert member.get(f"/missions/seconde/documents/{document.id}").status_code == 404
    assert member.get("/missions/premiere/documents/999999").status_code == 404
    assert second.id


def test_unpublished_mission_is_404_for_members_and_visible_to_managers(member, manager, db):
    mission = make_mission(db, slug="brouillon", title="Mission en préparation",
                           is_published=False)
    document = add_document(db, mission)
    assert member.get("/missions/brouillon").status_code == 404
    assert member.get(f"/missions/brouillon/documents/{document.id}").status_code == 404
    page = manager.get("/missions/brouillon")
    assert page.status_code == 200
    assert "Cette mission n'est pas publiée" in page.get_data(as_text=True)
    assert manager.get(f"/missions/brouillon/documents/{document.id}").status_code == 200
    assert "Mission en préparation" not in manager.get("/missions").get_data(as_text=True)


def test_unknown_mission_is_404(member, db):
    assert member.get("/missions/inexistante").status_code == 404



@pytest.mark.parametrize("path", ["/missions", "/missions/mission-temoin"])
def test_query_count_does_not_grow(member, db, path):
    witness = make_mission(db, slug="mission-temoin", theme="Thème 0")
    for number in range(2):
        make_mission(db, theme=f"Thème {number % 3}")
        add_document(db, witness, title=f"Document {number}")
    few = count_queries(member, path)
    for number in range(27):
        make_mission(db, theme=f"Thème {number % 7}")
        add_document(db, witness, title=f"Autre document {number}")
    assert count_queries(member, path) == few
