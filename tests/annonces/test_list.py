"""The annonces list: filters, accent-insensitive search, sort, pagination,
htmx fragment and full page, constant query count."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.localtime import brussels_today
from app.models import AnnonceCategory, AnnonceKind, AnnonceStatus, InstitutionKind
from tests.helpers import count_queries


def _titles(response) -> list[str]:
    import re

    return re.findall(r'<h3><a href="[^"]*">([^<]+)</a></h3>', response.get_data(as_text=True))


def test_list_requires_login(client):
    response = client.get("/annonces")
    assert response.status_code == 302
    assert "/connexion" in response.headers["Location"]


def test_full_page_and_fragment(member, make_annonce):
    make_annonce(title="Remorque à prêter")
    page = member.get("/annonces")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<html" in html and 'id="annonce-filters"' in html and "Remorque à prêter" in html
    assert "HX-Request" in page.headers["Vary"]
    fragment = member.get("/annonces?kind=demande", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and 'id="results"' in body and "Remorque" in body
    assert 'hx-swap-oob="true"' in body and "1 annonce trouvée." in body
    assert "autofocus" in body
    assert "HX-Request" in fragment.headers["Vary"]
    assert "autofocus" not in html.split('id="results"')[1].split("</h2>")[0]


@pytest.mark.parametrize("query", ["etat civil", "ÉTAT CIVIL", "état", "civ", "etat-civil"])
def test_search_ignores_accents_and_case(member, make_annonce, query):
    make_annonce(title="Agent d'État civil pour le guichet")
    make_annonce(title="Prêt d'une tente de réception", category=AnnonceCategory.PRET_MATERIEL)
    assert _titles(member.get("/annonces", query_string={"q": query})) == [
        "Agent d&#39;État civil pour le guichet"]


def test_search_finds_words_in_the_body_and_institution(member, make_annonce, make_user,
                                                        make_institution):
    author = make_user(institution=make_institution(InstitutionKind.CPAS, name="CPAS d'Érezée"))
    make_annonce(author=author, title="Minibus", body="Véhicule de 9 places disponible")
    assert _titles(member.get("/annonces?q=vehicule")) == ["Minibus"]
    assert _titles(member.get("/annonces?q=erezee")) == ["Minibus"]
    assert _titles(member.get("/annonces?q=tracteur")) == []


def test_search_input_is_harmless(member, make_annonce):
    make_annonce(title="Signalisation routière")
    for query in ['"', "' OR 1=1 --", "*", "NEAR(", "a:b", "x" * 500, "%", "\\"]:
        response = member.get("/annonces", query_string={"q": query})
        assert response.status_code == 200


def test_filters(member, make_annonce, make_user, make_institution):
    cpas = make_user(institution=make_institution(InstitutionKind.CPAS, name="CPAS de Bouillon",
                                                  arrondissement="Neufchâteau"))
    make_annonce(title="Demande commune")
    make_annonce(author=cpas, title="Offre CPAS", kind=AnnonceKind.OFFRE,
                 category=AnnonceCategory.EXPERTISE)
    assert _titles(member.get("/annonces?kind=offre")) == ["Offre CPAS"]
    assert _titles(member.get("/annonces?category=expertise")) == ["Offre CPAS"]
    assert _titles(member.get("/annonces?institution_kind=cpas")) == ["Offre CPAS"]
    assert _titles(member.get("/annonces?arrondissement=Neufch%C3%A2teau")) == ["Offre CPAS"]
    # unknown values are ignored, never an error
    assert len(_titles(member.get("/annonces?kind=x&category=y&status=z&page=-3&sort=?"))) == 2


def test_status_filter_and_hidden_ads(member, make_annonce):
    make_annonce(title="Ouverte")
    make_annonce(title="Pourvue", status=AnnonceStatus.POURVUE)
    make_annonce(title="Masquée", status=AnnonceStatus.MASQUEE)
    make_annonce(title="Expirée", status=AnnonceStatus.EXPIREE)
    assert _titles(member.get("/annonces")) == ["Ouverte"]
    assert _titles(member.get("/annonces?status=pourvue")) == ["Pourvue"]
    assert sorted(_titles(member.get("/annonces?status=toutes"))) == ["Expirée", "Ouverte",
                                                                       "Pourvue"]
    assert _titles(member.get("/annonces?status=masquee")) == ["Ouverte"]


def test_sort_ending_soon(member, make_annonce):
    make_annonce(title="Courte", expires_on=brussels_today() + timedelta(days=3))
    make_annonce(title="Longue", expires_on=brussels_today() + timedelta(days=50))
    assert _titles(member.get("/annonces")) == ["Longue", "Courte"]
    assert _titles(member.get("/annonces?sort=fin")) == ["Courte", "Longue"]


def test_pagination(member, make_annonce, db):
    author = member.user
    for number in range(25):
        make_annonce(author=author, title=f"Annonce {number:02d}")
    first = member.get("/annonces").get_data(as_text=True)
    assert "25 annonces" in first and "Page 1 sur 2" in first and "Page suivante" in first
    assert len(_titles(member.get("/annonces?page=2"))) == 5


def test_empty_states_say_what_to_do(member):
    assert "Publiez la première annonce" in member.get("/annonces").get_data(as_text=True)
    html = member.get("/annonces?q=introuvable").get_data(as_text=True)
    assert "Aucune annonce ne correspond" in html



def test_query_count_does_not_grow_with_data(app, member, make_annonce, make_user,
                                             make_institution):
    authors = [make_user(institution=make_institution()) for _ in range(3)]
    for number in range(10):
        make_annonce(author=authors[number % 3], title=f"Petite {number}")
    url = "/annonces?q=petite&category=soutien-humain"
    small = count_queries(member, url)
    authors += [make_user(institution=make_institution()) for _ in range(20)]
    for number in range(990):
        make_annonce(author=authors[number % len(authors)], title=f"Petite {number}")
    assert count_queries(member, url) == small
