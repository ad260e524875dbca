"""Broadcast ("adresser à tous les adhérents"): one outbox row per active
user of every other active member institution, written in bulk with the ad;
at most 3 per institution over 7 days."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db as _db
from app.models import (
    Annonce,
    AuditEntry,
    InstitutionKind,
    NotificationPreference,
    UserStatus,
    utcnow,
)
from tests.annonces.manage_helpers import ad_form, annonces, count, outbox, post_ad
from tests.helpers import recorded_statements


@pytest.fixture()
def author(auth, make_user, make_institution):
    own = make_institution(InstitutionKind.COMMUNE, name="Commune de Gouvy")
    make_user(institution=own, email="collegue@gouvy.test")
    return auth.client_for(make_user(institution=own, email="auteur@gouvy.test"))


@pytest.fixture()
def members(make_institution, make_user):
    """Three member institutions with three active users each, plus people
    who must never receive a broadcast. Returns the expected addresses."""
    expected = []
    for number, kind in enumerate([InstitutionKind.CPAS, InstitutionKind.ZONE_POLICE,
                                   InstitutionKind.PROVINCE]):
        institution = make_institution(kind, name=f"Membre {number}")
        for person in range(3):
            expected.append(make_user(institution=institution,
                                      email=f"m{number}-{person}@example.test").email)
        make_user(institution=institution, status=UserStatus.SUSPENDED)
        make_user(institution=institution, status=UserStatus.INVITED)
    make_user(institution=make_institution(name="Pas membre", is_member=False))
    make_user(institution=make_institution(name="Suspendue", suspended_at=utcnow()))
    make_user(institution=make_institution(name="Fusionnée", retired_at=utcnow()))
    return sorted(expected)


def test_broadcast_reaches_every_active_user_of_other_members(author, db, members):
    response = post_ad(author, ad_form(broadcast="y", title="Urgent : agent d'accueil"))
    assert response.status_code == 303
    messages = outbox(db, "annonce_broadcast")
    assert sorted(m.recipient for m in messages) == members
    annonce = annonces(db)[0]
    assert annonce.broadcast is True
    first = messages[0]
    assert first.reply_to == "auteur@gouvy.test"
    assert first.subject == "[Demande] Urgent : agent d'accueil – Commune de Gouvy"
    assert first.body_text.startswith("Bonjour,\n")
    assert f"http://localhost/annonces/{annonce.id}" in first.body_text
    assert f'href="http://localhost/annonces/{annonce.id}"' in first.body_html
    assert "-- \n" in first.body_text
    assert {m.body_text for m in messages} == {first.body_text}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "annonce.broadcast"))
    assert entry.details == {"recipients": len(members)}
    follow = author.get(response.headers["Location"]).get_data(as_text=True)
    assert "Elle est envoyée par e-mail à tous les adhérents." in follow


def test_no_broadcast_without_the_checkbox(author, db, members):
    assert post_ad(author, ad_form()).status_code == 303
    assert outbox(db, "annonce_broadcast") == []


def _broadcast_in_the_past(make_annonce, author, days: float) -> None:
    annonce = make_annonce(author=author.user, broadcast=True)
    annonce.created_at = utcnow() - timedelta(days=days)
    _db.session.commit()


def test_fourth_broadcast_in_seven_days_is_refused(author, db, members, make_annonce):
    _broadcast_in_the_past(make_annonce, author, days=8)
    _broadcast_in_the_past(make_annonce, author, days=6)
    for number in range(2):
        assert post_ad(author, ad_form(broadcast="y", title=f"Urgent {number}")).status_code \
            == 303
    sent = len(outbox(db))
    response = post_ad(author, ad_form(broadcast="y", title="Une de trop"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="broadcast-error"' in html
    assert "Votre institution a déjà adressé 3 annonces à tous les adhérents" in html
    assert "Une de trop" in html and 'name="broadcast" type="checkbox" value="y"' in html
    assert count(db, Annonce) == 4 and len(outbox(db)) == sent
    assert post_ad(author, ad_form(title="Sans envoi général")).status_code == 303


def test_other_institutions_broadcasts_do_not_count(author, db, members, make_annonce,
                                                    make_user, make_institution):
    other = make_user(institution=make_institution())
    for _ in range(3):
        make_annonce(author=other, broadcast=True)
    assert post_ad(author, ad_form(broadcast="y")).status_code == 303


def _statements_of_a_broadcast(client, title: str) -> int:
    with recorded_statements() as statements:
        assert post_ad(client, ad_form(broadcast="y", title=title)).status_code == 303
    return len([s for s in statements if "outbox_message" in s])


def test_the_outbox_rows_go_in_one_bulk_insert(author, db, members, make_institution,
                                               make_user):
    few = _statements_of_a_broadcast(author, "Première")
    institution = make_institution(name="Grande institution")
    for number in range(40):
        make_user(institution=institution, email=f"grand{number}@example.test")
    assert _statements_of_a_broadcast(author, "Seconde") == few == 1
    assert len(outbox(db, "annonce_broadcast")) == 2 * len(members) + 40


def test_a_double_submit_publishes_and_broadcasts_once(author, db, members):
    for _ in range(2):
        response = post_ad(author, ad_form(broadcast="y"))
        assert response.status_code == 303
    assert count(db, Annonce) == 1
    assert len(outbox(db, "annonce_broadcast")) == len(members)
    assert response.headers["Location"] == f"/annonces/{annonces(db)[0].id}"


def test_immediate_readers_hear_of_a_new_ad_once(author, db, make_user, make_institution):
    eager = make_user(institution=make_institution(),
                      notification_preference=NotificationPreference.IMMEDIATE)
    make_user(institution=make_institution())
    assert post_ad(author, ad_form(title="Annonce ordinaire")).status_code == 303
    assert [m.recipient for m in outbox(db, "annonce_new")] == [eager.email]
    assert post_ad(author, ad_form(title="Annonce générale", broadcast="y")).status_code == 303
    assert len(outbox(db, "annonce_new")) == 1
    assert eager.email in [m.recipient for m in outbox(db, "annonce_broadcast")]
