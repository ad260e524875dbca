"""Proposing a collaboration from an annonce: who may, what is stored, the
email to the other side, and bad input."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.localtime import brussels_today
from app.models import (
    AnnonceCategory,
    AnnonceKind,
    CollaborationKind,
    CollaborationStatus,
    InstitutionKind,
)
from tests.collaborations.helpers import audit, collaborations, emails, post, proposal


@pytest.fixture()
def clients(auth, pair):
    author, partner = pair
    return auth.client_for(author), auth.client_for(partner)


def test_answering_side_proposes_to_the_author(db, pair, clients, in_touch):
    author, partner = pair
    annonce = in_touch(author, partner)
    page = clients[1].get(f"/annonces/{annonce.id}").get_data(as_text=True)
    assert f"/annonces/{annonce.id}/collaboration" in page
    form = clients[1].get(f"/annonces/{annonce.id}/collaboration").get_data(as_text=True)
    assert 'name="partner"' not in form and "Commune de Bouillon" in form

    response = post(clients[1], f"/annonces/{annonce.id}/collaboration",
                    proposal(provider="nous"))

    assert response.status_code == 303
    [collaboration] = collaborations(db)
    assert response.headers["Location"] == f"/collaborations/{collaboration.id}"
    assert (collaboration.provider_id, collaboration.beneficiary_id) == (
        partner.institution_id, author.institution_id)
    assert collaboration.proposer_id == partner.institution_id
    assert collaboration.status == CollaborationStatus.PROPOSEE
    assert collaboration.days_planned == 3 and str(collaboration.value_per_day) == "250.00"
    [email] = emails(db)
    assert email.recipient == author.email and email.reply_to == partner.email
    assert "CPAS de Paliseul vous propose une collaboration" in email.subject
    assert f"/collaborations/{collaboration.id}" in email.body_text
    assert audit(db) == ["collaboration.proposed"]


def test_author_chooses_among_those_who_answered(db, pair, clients, in_touch,
                                                 make_institution, make_user):
    author, partner = pair
    annonce = in_touch(author, partner)
    stranger = make_user(institution=make_institution(InstitutionKind.ZONE_POLICE))
    form = clients[0].get(f"/annonces/{annonce.id}/collaboration").get_data(as_text=True)
    assert "CPAS de Paliseul" in form and stranger.institution.name not in form

    refused = post(clients[0], f"/annonces/{annonce.id}/collaboration",
                   proposal(partner=str(stranger.institution_id)))
    assert refused.status_code == 200
    assert "Choisissez une des institutions qui ont répondu" in refused.get_data(as_text=True)
    assert collaborations(db) == []

    done = post(clients[0], f"/annonces/{annonce.id}/collaboration",
                proposal(partner=str(partner.institution_id)))
    assert done.status_code == 303
    [collaboration] = collaborations(db)
    assert collaboration.provider_id == partner.institution_id
    assert collaboration.responder_id == partner.institution_id


def test_only_institutions_in_touch_may_propose(db, pair, clients, in_touch, make_annonce,
                                               auth, make_user, make_institution):
    author, partner = pair
    lonely = make_annonce(author=author)  # nobody answered it
    assert clients[0].get(f"/annonces/{lonely.id}/collaboration").status_code == 404
    assert clients[1].get(f"/annonces/{lonely.id}/collaboration").status_code == 404
    annonce = in_touch(author, partner)
    third = auth.client_for(make_user(institution=make_institution(name="Commune de Tintigny")))
    assert third.get(f"/annonces/{annonce.id}/collaboration").status_code == 404
    assert post(third, f"/annonces/{annonce.id}/collaboration",
                proposal()).status_code == 404
    assert "/collaboration\"" not in third.get(f"/annonces/{annonce.id}").get_data(as_text=True)
    assert collaborations(db) == []


@pytest.mark.parametrize(("field", "value", "message"), [
    ("end_date", "2020-01-01", "Le dernier jour ne peut pas précéder le premier."),
    ("start_date", "31/02/2026", "Indiquez une date valide"),
    ("start_date", "", "Indiquez une date"),
    ("quantity", "0", "entre 1 et 999"),
    ("quantity", "1e9", "Indiquez un nombre entier"),
    ("days_planned", "", "Indiquez le nombre de jours de travail prévus."),
    ("kind", "voiture", "Choisissez « personnel » ou « matériel »."),
    ("provider", "eux", "Indiquez quelle institution prête."),
    ("cost_terms", "tarif", "Indiquez le tarif par jour, en euros."),
    ("value_per_day", "-5", "Indiquez un montant en euros"),
    ("description", "   ", "Décrivez la fonction de l"),
])
def test_bad_input_is_refused_next_to_the_field(db, pair, clients, in_touch, field, value,
                                                message):
    annonce = in_touch(*pair)
    data = {**proposal(description="Texte gardé"), field: value}
    response = post(clients[1], f"/annonces/{annonce.id}/collaboration", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert 'aria-invalid="true"' in html or 'class="field has-error"' in html
    if field != "description":
        assert "Texte gardé" in html
    assert collaborations(db) == [] and emails(db) == []


def test_dates_too_far_back_or_too_long(db, pair, clients, in_touch):
    annonce = in_touch(*pair)
    today = brussels_today()
    old = post(clients[1], f"/annonces/{annonce.id}/collaboration", proposal(
        start_date=(today - timedelta(days=91)).isoformat(), end_date=today.isoformat()))
    assert "plus de 90 jours" in old.get_data(as_text=True)
    long = post(clients[1], f"/annonces/{annonce.id}/collaboration", proposal(
        start_date=today.isoformat(), end_date=(today + timedelta(days=366)).isoformat()))
    assert "au plus un an" in long.get_data(as_text=True)
    far = post(clients[1], f"/annonces/{annonce.id}/collaboration", proposal(
        start_date="9999-12-30", end_date="9999-12-31"))
    assert "deux ans" in far.get_data(as_text=True)
    assert collaborations(db) == []


def test_double_submit_makes_one_proposal(db, pair, clients, in_touch):
    annonce = in_touch(*pair)
    data = proposal()
    first = post(clients[1], f"/annonces/{annonce.id}/collaboration", data)
    second = post(clients[1], f"/annonces/{annonce.id}/collaboration", data)
    assert first.headers["Location"] == second.headers["Location"]
    assert len(collaborations(db)) == 1 and len(emails(db)) == 1


def test_kind_is_preset_from_the_annonce(db, pair, clients, in_touch):
    author, partner = pair
    annonce = in_touch(author, partner, kind=AnnonceKind.OFFRE,
                       category=AnnonceCategory.PRET_MATERIEL)
    html = clients[1].get(f"/annonces/{annonce.id}/collaboration").get_data(as_text=True)
    assert '<input checked id="kind-1" name="kind" type="radio" value="materiel">' in html
    # an offer is lent by its author: from the answering side, "the partner lends"
    assert ('<input checked id="provider-1" name="provider" type="radio" value="partenaire">'
            in html)
    done = post(clients[1], f"/annonces/{annonce.id}/collaboration",
                proposal(kind="materiel", days_planned="", quantity="1"))
    assert done.status_code == 303
    [collaboration] = collaborations(db)
    assert collaboration.kind == CollaborationKind.MATERIEL
    assert collaboration.days_planned is None
    assert collaboration.provider_id == author.institution_id


def test_htmx_and_visitor(db, pair, clients, in_touch, client):
    annonce = in_touch(*pair)
    assert client.get(f"/annonces/{annonce.id}/collaboration").status_code == 302
    response = clients[1].get(f"/annonces/{annonce.id}/collaboration",
                              headers={"HX-Request": "true"})
    assert response.status_code == 200  # a whole page: the form is not swapped in
