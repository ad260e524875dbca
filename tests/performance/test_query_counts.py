"""Q33 (docs/requirements.md): a page's SQL query count does not grow with the data.

Each list and detail page is counted with 10 rows of every kind, then again
after 190 more (bulk inserted), and must issue the same number of queries.
"""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db as _db
from app.models import (
    Annonce,
    Centrale,
    Collaboration,
    DocumentTemplate,
    Institution,
    Mission,
    User,
)
from tests.performance.conftest import count_queries

MEMBER_LISTS = ["/annonces", "/annonces?q=voirie", "/annonces?status=toutes&page=2",
                "/modeles", "/modeles?q=bulk", "/centrales", "/missions", "/membres", "/",
                "/collaborations", "/echanges", "/echanges?non-lus=1"]
MANAGER_LISTS = ["/gestion", "/gestion/annonces", "/gestion/modeles", "/gestion/centrales",
                 "/gestion/missions", "/gestion/institutions", "/gestion/utilisateurs",
                 "/gestion/courriels", "/gestion/journal", "/gestion/inscriptions",
                 "/gestion/statistiques", "/gestion/demandes-province",
                 "/gestion/demandes-province?statut=toutes",
                 "/gestion/annonces?signalement=signalees"]


def _first(model, *where):
    return _db.session.scalar(select(model).where(*where).order_by(model.id).limit(1))


def member_details(member) -> list[str]:
    user = _db.session.get(User, member.user.id)
    annonce = _first(Annonce, Annonce.institution_id == user.institution_id)
    return [f"/annonces/{annonce.id}", f"/modeles/{_first(DocumentTemplate).id}",
            f"/collaborations/{_first(Collaboration).id}",
            f"/centrales/{_first(Centrale).slug}", f"/missions/{_first(Mission).slug}",
            f"/membres/{user.institution.slug}"]


def manager_details() -> list[str]:
    return [f"/gestion/institutions/{_first(Institution, Institution.is_member).id}",
            f"/gestion/modeles/{_first(DocumentTemplate).id}",
            f"/gestion/centrales/{_first(Centrale).id}/adherents"]


def _counts(client, paths: list[str]) -> dict[str, int]:
    return {path: count_queries(client, path)[0] for path in paths}


def test_member_pages_do_not_grow_with_data(member, grow):
    grow(10)
    paths = MEMBER_LISTS + member_details(member)
    few = _counts(member, paths)
    grow(190)
    assert _counts(member, paths) == few


def test_manager_pages_do_not_grow_with_data(manager, grow):
    grow(10)
    paths = MANAGER_LISTS + manager_details()
    few = _counts(manager, paths)
    grow(190)
    assert _counts(manager, paths) == few


def test_htmx_fragments_do_not_grow_with_data(member, grow):
    paths = ["/annonces?kind=demande&category=soutien-humain", "/modeles?q=bulk",
             "/centrales?domaine=fournitures"]
    headers = {"HX-Request": "true"}
    grow(10)
    few = {path: count_queries(member, path, headers)[0] for path in paths}
    grow(190)
    assert {path: count_queries(member, path, headers)[0] for path in paths} == few
