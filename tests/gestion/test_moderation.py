"""Moderation of annonces: every ad with filters, hide and show again from
the list, the author told."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.models import (
    AnnonceCategory,
    AnnonceKind,
    AnnonceStatus,
    AuditEntry,
    InstitutionKind,
    OutboxMessage,
    utcnow,
)
from tests.helpers import count_queries, csrf_token

HX = {"HX-Request": "true"}


@pytest.fixture()
def ads(make_institution, make_user, make_annonce, manager):
    """Three ads of two institutions, one of them hidden by the manager."""
    habay = make_institution(name="Commune de Habay")
    etalle = make_institution(InstitutionKind.CPAS, name="CPAS d'Étalle")
    anne = make_user(institution=habay, name="Anne Auteur", email="anne@habay.test")
    bruno = make_user(institution=etalle, name="Bruno Auteur")
    now = utcnow()
    old = make_annonce(author=anne, title="Remorque à prêter", kind=AnnonceKind.OFFRE,
                       category=AnnonceCategory.PRET_MATERIEL,
                       created_at=now - timedelta(days=3))
    hidden = make_annonce(author=bruno, title="Vente de tondeuses", kind=AnnonceKind.OFFRE,
                          category=AnnonceCategory.AUTRE, status=AnnonceStatus.MASQUEE,
                          hidden_reason="Annonce commerciale", hidden_at=now,
                          hidden_by_id=manager.id, created_at=now - timedelta(days=2))
    recent = make_annonce(author=anne, title="Agent d'état civil", created_at=now)
    return {"old": old, "hidden": hidden, "recent": recent, "anne": anne}


def _titles(html: str) -> list[str]:
    return re.findall(r'<a href="/annonces/\d+">([^<]+)</a>', html)


@pytest.mark.parametrize("path", ["/gestion/annonces", "/gestion/annonces?statut=masquee"])
def test_only_managers_moderate(client, member_client, manager_client, path):
    visitor = client.get(path)
    assert visitor.status_code == 302 and visitor.headers["Location"].startswith("/connexion")
    assert member_client.get(path).status_code == 403
    assert manager_client.get(path).status_code == 200


def test_lists_every_ad_newest_first_with_hidden_details(manager_client, ads):
    html = manager_client.get("/gestion/annonces").get_data(as_text=True)
    assert _titles(html) == ["Agent d&#39;état civil", "Vente de tondeuses", "Remorque à prêter"]
    assert "3 annonces" in html
    assert "Motif : Annonce commerciale" in html
    assert "par Gestionnaire Principal" in html
    assert re.search(r"Le \d\d/\d\d/\d{4} à \d\d:\d\d", html)
    assert html.count('name="reason"') == 2  # a hide form for each visible ad
    assert html.count(f'action="/annonces/{ads["hidden"].id}/afficher"') == 1
    assert 'href="/gestion/exports/annonces.csv"' in html


@pytest.mark.parametrize("query, expected", [
    ("statut=masquee", ["Vente de tondeuses"]),
    ("statut=ouverte", ["Agent d&#39;état civil", "Remorque à prêter"]),
    ("type=offre", ["Vente de tondeuses", "Remorque à prêter"]),
    ("categorie=pret-materiel", ["Remorque à prêter"]),
    ("q=etalle", ["Vente de tondeuses"]),  # the institution's name, accents ignored
    ("q=REMORQUE", ["Remorque à prêter"]),
    ("type=demande&q=habay", ["Agent d&#39;état civil"]),
])
def test_filters(manager_client, ads, query, expected):
    html = manager_client.get(f"/gestion/annonces?{query}").get_data(as_text=True)
    assert _titles(html) == expected


def test_bad_filters_give_french_messages_never_a_500(manager_client, ads):
    response = manager_client.get("/gestion/annonces?statut=inconnu&type=x&q=" + "a" * 101)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choisissez une valeur dans la liste." in html
    assert "Votre recherche est trop longue" in html
    assert len(_titles(html)) == 3  # wrong filters are ignored
    assert manager_client.get("/gestion/annonces?page=abc").status_code == 200
    assert manager_client.get("/gestion/annonces?q=%00%25").status_code in (200, 400)


def test_htmx_gets_the_fragment_and_the_url_works_without_it(manager_client, ads):
    full = manager_client.get("/gestion/annonces?type=offre")
    fragment = manager_client.get("/gestion/annonces?type=offre", headers=HX)
    full_html, fragment_html = full.get_data(as_text=True), fragment.get_data(as_text=True)
    assert "<html" in full_html and 'id="moderation"' in full_html
    assert 'hx-get="/gestion/annonces"' in full_html and 'hx-push-url="true"' in full_html
    assert "<html" not in fragment_html
    assert fragment_html.lstrip().startswith('<div id="moderation">')
    assert _titles(fragment_html) == _titles(full_html)
    assert "2 annonces trouvées." in fragment_html  # announced in the live region
    assert "HX-Request" in full.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]


def test_pagination_keeps_the_filters(manager_client, make_user, make_annonce):
    author = make_user()
    for number in range(21):
        make_annonce(author=author, title=f"Offre {number}", kind=AnnonceKind.OFFRE)
    make_annonce(author=author, title="Une demande")
    html = manager_client.get("/gestion/annonces?type=offre").get_data(as_text=True)
    assert "21 annonces" in html and "Page 1 sur 2" in html
    assert len(_titles(html)) == 20
    assert 'href="/gestion/annonces?page=2&amp;type=offre"' in html
    second = manager_client.get("/gestion/annonces?page=2&type=offre").get_data(as_text=True)
    assert _titles(second) == ["Offre 0"]


def test_hide_from_the_list_tells_the_author_then_show_again(db, manager_client, ads):
    token = csrf_token(manager_client, "/gestion/annonces")
    recent = ads["recent"]
    response = manager_client.post(f"/annonces/{recent.id}/masquer",
                                   data={"csrf_token": token, "reason": "Hors sujet"})
    assert response.status_code == 303
    db.session.expire_all()
    assert recent.status == AnnonceStatus.MASQUEE and recent.hidden_reason == "Hors sujet"
    [notice] = db.session.scalars(select(OutboxMessage)
                                  .where(OutboxMessage.template == "annonce_hidden")).all()
    assert notice.recipient == "anne@habay.test" and "Hors sujet" in notice.body_text

    html = manager_client.get("/gestion/annonces?statut=masquee").get_data(as_text=True)
    assert "Motif : Hors sujet" in html
    response = manager_client.post(f"/annonces/{recent.id}/afficher",
                                   data={"csrf_token": token})
    assert response.status_code == 303
    db.session.expire_all()
    assert recent.status == AnnonceStatus.OPEN
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["annonce.hidden", "annonce.unhidden"]


def test_hide_without_reason_changes_nothing(db, manager_client, ads):
    token = csrf_token(manager_client, "/gestion/annonces")
    response = manager_client.post(f"/annonces/{ads['old'].id}/masquer",
                                   data={"csrf_token": token, "reason": "  "})
    assert response.status_code == 200
    assert "Indiquez le motif" in response.get_data(as_text=True)
    db.session.expire_all()
    assert ads["old"].status == AnnonceStatus.OPEN


def test_query_count_does_not_grow_with_the_ads(manager_client, manager, make_user,
                                                make_annonce):
    author = make_user()
    make_annonce(author=author, status=AnnonceStatus.MASQUEE, hidden_by_id=manager.id,
                 hidden_reason="Doublon", hidden_at=utcnow())
    few = count_queries(manager_client, "/gestion/annonces")
    for _ in range(30):
        make_annonce(author=make_user(), status=AnnonceStatus.MASQUEE,
                     hidden_by_id=manager.id, hidden_reason="Doublon", hidden_at=utcnow())
    assert count_queries(manager_client, "/gestion/annonces") == few
