"""Lowering the units of an equipment offer (annonce form, `quantity_available`)
below what its accepted or signed bookings hold from today on is refused,
naming the first day."""
from __future__ import annotations

from datetime import timedelta

import pytest
from markupsafe import escape

from app.localtime import brussels_today
from app.models import (
    Annonce,
    AnnonceCategory,
    AnnonceKind,
    CollaborationKind,
    CollaborationStatus,
)
from tests.annonces.manage_helpers import ad_form, post_ad

EQUIPMENT = {"kind": "offre", "category": "pret-materiel", "title": "Barrières Nadar"}


@pytest.fixture()
def author(auth, pair):
    return auth.client_for(pair[0])


@pytest.fixture()
def offer(pair, in_touch):
    claire, paul = pair
    return in_touch(claire, paul, kind=AnnonceKind.OFFRE, title="Barrières Nadar",
                    category=AnnonceCategory.PRET_MATERIEL, quantity_available=5)


@pytest.fixture()
def book(pair, offer, make_collaboration):
    def factory(start_in: int, days: int, quantity: int, status=CollaborationStatus.ACCEPTEE):
        return make_collaboration(*pair, status=status, annonce=offer, start_in=start_in,
                                  days=days, kind=CollaborationKind.MATERIEL,
                                  provider=offer.institution, quantity=quantity)

    return factory


def _lower(author, offer, units: int, **changes):
    return post_ad(author, ad_form(**{**EQUIPMENT, "quantity_available": str(units),
                                      **changes}),
                   path=f"/annonces/{offer.id}/modifier")


def _units(db, offer) -> int:
    db.session.expire_all()
    return db.session.get(Annonce, offer.id).quantity_available


def test_lowering_below_the_bookings_is_refused_naming_the_first_day(author, db, offer,
                                                                     book):
    book(start_in=10, days=3, quantity=2)
    book(start_in=11, days=1, quantity=2, status=CollaborationStatus.SIGNEE)
    book(start_in=20, days=1, quantity=3)
    response = _lower(author, offer, 2)
    first_day = brussels_today() + timedelta(days=11)
    message = (f"Des réservations acceptées ou signées comptent déjà 4 unités le "
               f"{first_day:%d/%m/%Y} : indiquez au moins 4 unités, ou annulez d'abord "
               f"des réservations.")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="quantity_available-error">{escape(message)}</span>' in html
    assert 'value="2"' in html
    assert _units(db, offer) == 5

    assert _lower(author, offer, 4).status_code == 303
    assert _units(db, offer) == 4


@pytest.mark.parametrize("status", [CollaborationStatus.PROPOSEE, CollaborationStatus.REFUSEE,
                                    CollaborationStatus.ANNULEE, CollaborationStatus.TERMINEE])
def test_bookings_not_agreed_or_over_do_not_hold_units(author, db, offer, book, status):
    book(start_in=3, days=2, quantity=5, status=status)
    assert _lower(author, offer, 1).status_code == 303
    assert _units(db, offer) == 1


def test_days_gone_by_do_not_hold_units(author, db, offer, book):
    book(start_in=-5, days=5, quantity=5)  # ended yesterday, not yet marked as ended
    book(start_in=-2, days=4, quantity=2)  # still lent today and tomorrow
    response = _lower(author, offer, 1)
    assert response.status_code == 200
    assert f"2 unités le {brussels_today():%d/%m/%Y}" in response.get_data(as_text=True)
    assert _lower(author, offer, 2).status_code == 303


def test_raising_needs_no_check_and_other_ads_go_back_to_one(author, db, offer, book):
    book(start_in=1, days=2, quantity=5)
    assert _lower(author, offer, 8).status_code == 303
    assert _units(db, offer) == 8
    assert _lower(author, offer, 3, kind="demande").status_code == 303
    assert _units(db, offer) == 1
