"""Saved searches (email alerts): save, list, delete, sanitised query string,
French labels, and the matching used by the daily job."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask import render_template
from sqlalchemy import func, select

from app.blueprints.annonces.alerts.emails import alert_matches
from app.blueprints.annonces.alerts.services import MAX_ALERTS
from app.models import (
    AnnonceCategory,
    AnnonceKind,
    AnnonceStatus,
    InstitutionKind,
    SavedSearch,
    utcnow,
)
from tests.helpers import post_form


def count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(SavedSearch))


def save(client, query_string: str, label: str = ""):
    return post_form(client, "/annonces/alertes/enregistrer",
                     {"query_string": query_string, "label": label}, token_from="/annonces")


def test_save_keeps_only_the_list_filters(db, member):
    response = save(member, "kind=demande&page=3&evil=%3Cscript%3E&q=etat+civil"
                            "&arrondissement=Arlon&category=inconnue")

    assert response.status_code == 303
    assert response.headers["Location"] == (
        "/annonces?q=etat+civil&kind=demande&arrondissement=Arlon")
    alert = db.session.scalars(select(SavedSearch)).one()
    assert alert.user_id == member.user.id
    assert alert.query_string == "q=etat+civil&kind=demande&arrondissement=Arlon"
    assert alert.label == "Demandes, arrondissement d'Arlon, « etat civil »"
    page = member.get(response.headers["Location"]).get_data(as_text=True)
    assert ("Alerte enregistrée : Demandes, arrondissement d&#39;Arlon, « etat civil »."
            in page)


@pytest.mark.parametrize(("query_string", "label"), [
    ("", "Toutes les nouvelles annonces"),
    ("category=pret-materiel&institution_kind=cpas", "Prêt de matériel, CPAS"),
    ("kind=offre&institution_kind=zone_police&sort=fin", "Offres, Zones de police"),
    ("arrondissement=Bastogne", "Arrondissement de Bastogne"),
])
def test_label_is_built_from_the_filters(db, member, make_institution, query_string, label):
    make_institution(name="Commune de Bastogne", arrondissement="Bastogne")
    save(member, query_string)
    assert db.session.scalars(select(SavedSearch.label)).one() == label


def test_given_label_is_kept_and_too_long_one_refused(db, member):
    save(member, "kind=offre", "  Prêts de tentes  ")
    assert db.session.scalars(select(SavedSearch.label)).one() == "Prêts de tentes"
    response = save(member, "kind=demande", "x" * 161)
    assert response.status_code == 303
    assert response.headers["Location"] == "/annonces?kind=demande"
    page = member.get("/annonces?kind=demande").get_data(as_text=True)
    assert "Le nom de l&#39;alerte est trop long : 160 caractères au maximum." in page
    assert count(db) == 1


def test_same_search_twice_keeps_one_alert(db, member):
    save(member, "kind=offre&page=2")
    response = save(member, "kind=offre")
    assert count(db) == 1
    page = member.get(response.headers["Location"]).get_data(as_text=True)
    assert "Vous aviez déjà enregistré cette recherche" in page


def test_at_most_twenty_alerts(db, member):
    for number in range(MAX_ALERTS):
        db.session.add(SavedSearch(user_id=member.user.id, label=f"Alerte {number}",
                                   query_string=f"q=mot{number}"))
    db.session.commit()
    response = save(member, "q=une+de+trop")
    page = member.get(response.headers["Location"]).get_data(as_text=True)
    assert "Vous avez déjà 20 alertes, le maximum" in page
    assert count(db) == MAX_ALERTS


def test_list_shows_my_alerts_only(db, member, make_user):
    save(member, "kind=demande&category=soutien-humain", "Renforts")
    other = make_user()
    db.session.add(SavedSearch(user_id=other.id, label="Alerte d'un autre",
                               query_string="kind=offre"))
    db.session.commit()
    response = member.get("/annonces/alertes")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Renforts" in html and "Alerte d&#39;un autre" not in html
    assert 'href="/annonces?kind=demande&amp;category=soutien-humain"' in html


def test_empty_list_explains_how_to_create_an_alert(db, member):
    html = member.get("/annonces/alertes").get_data(as_text=True)
    assert "aucune alerte" in html
    assert "Recevoir une alerte par e-mail pour cette recherche" in html


def test_delete_own_alert_only(db, member, make_user):
    save(member, "kind=offre")
    mine = db.session.scalars(select(SavedSearch)).one()
    other = SavedSearch(user_id=make_user().id, label="Autre", query_string="")
    db.session.add(other)
    db.session.commit()
    other_id, mine_id = other.id, mine.id

    assert post_form(member, f"/annonces/alertes/{other_id}/supprimer",
                     token_from="/annonces/alertes").status_code == 404
    assert post_form(member, "/annonces/alertes/999999/supprimer",
                     token_from="/annonces/alertes").status_code == 404
    response = post_form(member, f"/annonces/alertes/{mine_id}/supprimer",
                         token_from="/annonces/alertes")
    assert response.status_code == 303
    assert response.headers["Location"] == "/annonces/alertes"
    db.session.expire_all()
    assert db.session.scalars(select(SavedSearch.id)).all() == [other_id]
    assert "Alerte supprimée : " in member.get("/annonces/alertes").get_data(as_text=True)


def test_save_alert_needs_csrf(db, member):
    response = member.post("/annonces/alertes/enregistrer", data={"query_string": ""})
    assert response.status_code == 400
    assert count(db) == 0


def test_save_alert_partial(app, db):
    with app.test_request_context():
        html = render_template("annonces/_save_alert.html", query_string="kind=offre&q=tente")
    assert 'action="/annonces/alertes/enregistrer"' in html
    assert 'name="query_string" value="kind=offre&amp;q=tente"' in html
    assert 'name="csrf_token"' in html and 'name="label"' in html
    assert "Recevoir une alerte par e-mail pour cette recherche" in html


def test_alert_matches_filters(db, make_user, make_institution, make_annonce):
    arlon = make_user(institution=make_institution(name="Commune d'Arlon",
                                                   arrondissement="Arlon"))
    cpas = make_user(institution=make_institution(InstitutionKind.CPAS, name="CPAS de Virton",
                                                  arrondissement="Virton"))
    since = utcnow() - timedelta(hours=1)
    wanted = make_annonce(author=arlon, title="Agent d'état civil")
    make_annonce(author=arlon, title="Agent d'état civil", kind=AnnonceKind.OFFRE)
    make_annonce(author=arlon, title="Tente", category=AnnonceCategory.PRET_MATERIEL)
    make_annonce(author=cpas, title="Agent d'état civil")
    make_annonce(author=arlon, title="Agent d'état civil pourvu", status=AnnonceStatus.POURVUE)
    old = make_annonce(author=arlon, title="Ancien agent d'état civil")
    old.created_at = since - timedelta(minutes=1)
    db.session.commit()

    query = "kind=demande&category=soutien-humain&institution_kind=commune&arrondissement=Arlon"
    assert [a.id for a in alert_matches(query + "&q=ÉTAT+civ", since)] == [wanted.id]
    assert [a.id for a in alert_matches("q=etat+civil&arrondissement=Virton", since)] == [
        a.id for a in alert_matches("institution_kind=cpas", since)]
    assert len(alert_matches("", since)) == 4
    assert alert_matches("", utcnow()) == []
