"""The units of an equipment offer (`quantity_available`) on the annonce form:
asked of offers of category « Prêt de matériel » only, a whole number from 1
to 999 (lowering it below the bookings: tests/collaborations/test_offer_units.py)."""
from __future__ import annotations

import pytest
from markupsafe import escape

from app.models import Annonce
from tests.annonces.manage_helpers import ad_form, annonces, count, post_ad

EQUIPMENT = {"kind": "offre", "category": "pret-materiel", "title": "Barrières Nadar",
             "quantity": "20 barrières de 2,5 m"}
UNITS_RANGE = "Indiquez un nombre entier d'unités entre 1 et 999."


@pytest.fixture()
def author(auth, make_user):
    return auth.client_for(make_user())


def test_an_equipment_offer_keeps_its_units(author, db, member):
    form = author.get("/annonces/nouvelle").get_data(as_text=True)
    assert ">Nombre d'unités disponibles (offres de matériel)</label>" in form
    assert 'name="quantity_available"' in form and 'inputmode="numeric"' in form
    assert "Compte seulement pour une offre de la catégorie « Prêt de matériel »" in form
    assert post_ad(author, ad_form(**EQUIPMENT, quantity_available=" 12 ")).status_code == 303
    [annonce] = annonces(db)
    assert annonce.quantity_available == 12
    html = member.get(f"/annonces/{annonce.id}").get_data(as_text=True)
    assert "<dt>Unités disponibles</dt>" in html and "<dd>12" in html
    assert f'href="/annonces/{annonce.id}/calendrier">Voir le calendrier des réservations' \
        in html
    edit = author.get(f"/annonces/{annonce.id}/modifier").get_data(as_text=True)
    assert 'value="12"' in edit


def test_a_missing_field_means_one_unit(author, db):
    assert post_ad(author, ad_form(**EQUIPMENT)).status_code == 303
    assert annonces(db)[0].quantity_available == 1


@pytest.mark.parametrize(("kind", "category"), [("demande", "pret-materiel"),
                                                ("offre", "soutien-humain")])
def test_other_ads_ignore_the_field_and_keep_one(author, db, member, kind, category):
    for typed in ("7", "beaucoup"):
        data = ad_form(kind=kind, category=category, title=f"Annonce {typed}",
                       quantity_available=typed)
        assert post_ad(author, data).status_code == 303
    assert [annonce.quantity_available for annonce in annonces(db)] == [1, 1]
    html = member.get(f"/annonces/{annonces(db)[0].id}").get_data(as_text=True)
    assert "Unités disponibles" not in html and "/calendrier" not in html


@pytest.mark.parametrize("typed", ["", "0", "-1", "1000", "1.5", "2,5", "abc", "²", "٣",
                                   "0001", "9" * 5000])
def test_bad_units_are_explained_and_kept(author, db, typed):
    response = post_ad(author, ad_form(**EQUIPMENT, quantity_available=typed))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="quantity_available-error">{escape(UNITS_RANGE)}</span>' in html
    assert f'value="{escape(typed)}"' in html
    assert "Barrières Nadar" in html and "20 barrières de 2,5 m" in html
    assert count(db, Annonce) == 0
