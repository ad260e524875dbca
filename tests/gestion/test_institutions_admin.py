"""Back office: who may use the institution and user pages, the
institutions list and its query count, adding an institution."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import (
    AuditEntry,
    Institution,
    InstitutionKind,
    User,
    UserStatus,
    utcnow,
)
from tests.helpers import count_queries, csrf_token, post_form


@pytest.fixture()
def arlon(make_institution):
    return make_institution(InstitutionKind.COMMUNE, name="Commune d'Arlon",
                            arrondissement="Arlon", postal_code="6700")


def _routes(institution_id: int, user_id: int):
    base = f"/gestion/institutions/{institution_id}"
    return [
        ("GET", "/gestion/institutions", None),
        ("GET", "/gestion/institutions/nouvelle", None),
        ("POST", "/gestion/institutions/nouvelle", {"name": "Commune de Test"}),
        ("GET", base, None),
        ("POST", f"{base}/suspendre", {"action": "suspend"}),
        ("POST", f"{base}/retirer", {"confirm": "y"}),
        ("POST", f"{base}/referent", {"user_id": str(user_id)}),
        ("POST", f"/gestion/utilisateurs/{user_id}/suspendre", {"action": "suspend"}),
        ("POST", f"/gestion/utilisateurs/{user_id}/anonymiser", {"confirm": "y"}),
        ("GET", "/gestion/aide", None),
        ("POST", "/gestion/inscriptions/1/renvoyer", {}),
    ]


def test_visitors_go_to_login_members_are_refused(db, client, member_client, arlon,
                                                  make_user):
    user = make_user(institution=arlon)
    member_token = csrf_token(member_client, "/")
    visitor_token = csrf_token(client)
    for method, path, data in _routes(arlon.id, user.id):
        visitor = client.open(path, method=method,
                              data={**(data or {}), "csrf_token": visitor_token})
        assert visitor.status_code == 302, path
        assert visitor.headers["Location"].startswith("/connexion?next="), path
        member = member_client.open(path, method=method,
                                    data={**(data or {}), "csrf_token": member_token})
        assert member.status_code == 403, path
    db.session.expire_all()
    assert db.session.get(Institution, arlon.id).suspended_at is None
    assert db.session.get(User, user.id).status == UserStatus.ACTIVE


def test_posts_need_csrf(manager_client, arlon):
    for path in (f"/gestion/institutions/{arlon.id}/suspendre",
                 f"/gestion/institutions/{arlon.id}/retirer",
                 "/gestion/institutions/nouvelle"):
        assert manager_client.post(path, data={"action": "suspend", "confirm": "y"}) \
            .status_code == 400


def test_list_shows_status_referent_and_user_count(db, manager_client, arlon,
                                                   make_institution, make_user):
    make_user(institution=arlon, name="Marie Référente", is_referent=True)
    make_user(institution=arlon)
    make_user(institution=arlon, status=UserStatus.ANONYMISED, name="Ancien agent")
    make_institution(InstitutionKind.CPAS, name="CPAS d'Étalle", is_member=False,
                     arrondissement="Virton")
    make_institution(InstitutionKind.COMMUNE, name="Commune de Bertogne",
                     is_member=False).retired_at = utcnow()
    make_institution(InstitutionKind.ZONE_POLICE, name="Zone de police Gaume",
                     arrondissement=None)
    suspended = make_institution(name="Commune de Habay")
    suspended.suspended_at = utcnow()
    db.session.commit()
    response = manager_client.get("/gestion/institutions")
    html = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 200
    assert "6 institutions" in html  # the Province included
    row = html[html.index("Commune d'Arlon"):]
    row = row[:row.index("</tr>")]
    assert "Adhérente" in row and "Marie Référente" in row and '"num">2<' in row
    assert f'href="/gestion/institutions/{arlon.id}"' in html
    for label in ("Non adhérente", "Retirée", "Suspendue"):
        assert label in html
    assert html.index("Commune d'Arlon") < html.index("CPAS d'Étalle") \
        < html.index("Zone de police Gaume")


@pytest.mark.parametrize("query, expected", [
    ({"kind": "cpas"}, ["CPAS d'Étalle"]),
    ({"statut": "non-adherente"}, ["CPAS d'Étalle"]),
    ({"statut": "adherente"}, ["Commune d'Arlon"]),
    ({"statut": "suspendue"}, ["Commune de Habay"]),
    ({"q": "etalle"}, ["CPAS d'Étalle"]),
    ({"q": "ÉTALLE"}, ["CPAS d'Étalle"]),
    ({"q": "arl", "kind": "commune"}, ["Commune d'Arlon"]),
    ({"q": "nulle part"}, []),
    ({"kind": "inconnu"}, ["Commune d'Arlon", "CPAS d'Étalle", "Commune de Habay"]),
])
def test_list_filters(db, manager_client, arlon, make_institution, query, expected):
    make_institution(InstitutionKind.CPAS, name="CPAS d'Étalle", is_member=False)
    make_institution(name="Commune de Habay").suspended_at = utcnow()
    db.session.commit()
    response = manager_client.get("/gestion/institutions", query_string=query)
    assert response.status_code == 200
    html = response.get_data(as_text=True).replace("&#39;", "'")
    for name in ("Commune d'Arlon", "CPAS d'Étalle", "Commune de Habay"):
        assert (f">{name}</a>" in html) == (name in expected), (query, name)
    if not expected:
        assert "Aucune institution ne correspond" in html


def test_list_htmx_fragment(manager_client, arlon):
    response = manager_client.get("/gestion/institutions?q=arlon",
                                  headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="institution-results">')
    assert "<h1>" not in html
    assert "HX-Request" in response.headers["Vary"]


def _add_institutions(db, make_institution, make_user, count: int) -> None:
    for _ in range(count):
        institution = make_institution()
        make_user(institution=institution, is_referent=True)


def test_list_query_count_does_not_grow(db, manager_client, make_institution, make_user):
    _add_institutions(db, make_institution, make_user, 2)
    manager_client.get("/gestion/institutions")
    with_few = count_queries(manager_client, "/gestion/institutions")
    _add_institutions(db, make_institution, make_user, 25)
    assert count_queries(manager_client, "/gestion/institutions") == with_few


def _new(client, **fields):
    data = {"name": "Commune de Bastogne", "short_name": "Bastogne", "kind": "commune",
            "arrondissement": "Bastogne", "postal_code": "6600", "police_zone": "",
            "commune": "", **fields}
    return post_form(client, "/gestion/institutions/nouvelle", data)


def test_add_an_institution_after_a_merger(db, manager_client, make_institution):
    zone = make_institution(InstitutionKind.ZONE_POLICE, name="Zone de police Centre Ardenne",
                            arrondissement=None)
    make_institution(InstitutionKind.COMMUNE, name="Ancienne", slug="commune-bastogne")
    form = manager_client.get("/gestion/institutions/nouvelle").get_data(as_text=True)
    assert "Zone de police Centre Ardenne" in form and 'name="csrf_token"' in form
    response = _new(manager_client, police_zone=str(zone.id))
    assert response.status_code == 303
    commune = db.session.scalar(select(Institution).where(
        Institution.name == "Commune de Bastogne"))
    assert response.headers["Location"] == f"/gestion/institutions/{commune.id}"
    assert commune.slug == "commune-bastogne-2"
    assert commune.police_zone_id == zone.id and commune.postal_code == "6600"
    assert commune.is_reference and not commune.is_member
    page = manager_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Commune de Bastogne est ajoutée" in page and "Non adhérente" in page
    cpas = _new(manager_client, name="CPAS de Bastogne", kind="cpas", police_zone="",
                commune=str(commune.id))
    assert cpas.status_code == 303
    cpas = db.session.scalar(select(Institution).where(Institution.kind == InstitutionKind.CPAS))
    assert cpas.commune_id == commune.id and cpas.police_zone_id == zone.id
    assert cpas.slug == "cpas-bastogne"
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions == ["institution.created", "institution.created"]
    # it can now apply through the registration form
    assert "Commune de Bastogne" in manager_client.get("/inscription").get_data(as_text=True)


def test_duplicate_and_invalid_institutions_are_refused(db, manager_client, arlon):
    before = db.session.scalar(select(func.count(Institution.id)))
    for fields, message in [
        ({"name": "commune d'arlon"}, "Une institution porte déjà ce nom"),
        ({"name": "Commune d’Arlon".replace("’", "'").upper()}, "porte déjà ce nom"),
        ({"name": ""}, "Indiquez le nom complet"),
        ({"kind": "province"}, "Choisissez le type"),
        ({"postal_code": "12"}, "4 chiffres"),
        ({"kind": "cpas", "name": "CPAS de Nulle Part"}, "Choisissez la commune de ce CPAS"),
        ({"kind": "cpas", "commune": "abc"}, "Choisissez la commune de ce CPAS"),
        ({"arrondissement": "Paris"}, "Choisissez l&#39;arrondissement"),
    ]:
        response = _new(manager_client, **fields)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, fields
        assert message in html, fields
        assert 'class="error"' in html
        assert 'value="Bastogne"' in html  # what was typed stays
    assert db.session.scalar(select(func.count(Institution.id))) == before
