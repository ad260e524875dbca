"""Urgent demandes: the form's `urgent` and `addressed_to`, the alert emailed
at once to the members who did not turn it off (once per ad, within the
broadcast limit), and urgent demandes first in the list with a badge."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db as _db
from app.mail.delivery import send_pending
from app.models import (
    AddressedTo,
    Annonce,
    AnnonceStatus,
    AuditEntry,
    InstitutionKind,
    NotificationPreference,
    OutboxBody,
    UserStatus,
    utcnow,
)
from tests.annonces.manage_helpers import ad_form, annonces, count, outbox, post_ad
from tests.helpers import count_queries, csrf_token


@pytest.fixture()
def author(auth, make_user, make_institution):
    own = make_institution(InstitutionKind.COMMUNE, name="Commune de Gouvy")
    make_user(institution=own, email="collegue@gouvy.test")
    return auth.client_for(make_user(institution=own, email="auteur@gouvy.test"))


@pytest.fixture()
def members(make_institution, make_user):
    """Who must receive an urgent alert (sorted addresses): active users of
    the other member institutions, whatever their digest choice; never the
    ones who turned alerts off, suspended users or non-members."""
    cpas = make_institution(InstitutionKind.CPAS, name="CPAS de Vielsalm")
    zone = make_institution(InstitutionKind.ZONE_POLICE, name="Zone Famenne-Ardenne")
    expected = [
        make_user(institution=cpas, email="a@vielsalm.test").email,
        make_user(institution=cpas, email="b@vielsalm.test",
                  notification_preference=NotificationPreference.NEVER).email,
        make_user(institution=zone, email="c@zone.test",
                  notification_preference=NotificationPreference.IMMEDIATE).email,
    ]
    make_user(institution=zone, email="off@zone.test", urgent_alerts=False,
              notification_preference=NotificationPreference.IMMEDIATE)
    make_user(institution=zone, email="suspendu@zone.test", status=UserStatus.SUSPENDED)
    make_user(institution=make_institution(name="Pas membre", is_member=False),
              email="x@nonmembre.test")
    return sorted(expected)


def _recipients(db, template: str = "annonce_urgent") -> list[str]:
    return sorted(m.recipient for m in outbox(db, template))


def _edit(client, annonce_id: int, **fields):
    data = ad_form(**fields)
    data["csrf_token"] = csrf_token(client, f"/annonces/{annonce_id}/modifier")
    return client.post(f"/annonces/{annonce_id}/modifier", data=data,
                       content_type="multipart/form-data")


def test_an_urgent_demande_is_mailed_at_once_to_members_who_want_it(
        app, author, db, members, smtp):
    response = post_ad(author, ad_form(urgent="y", title="Fossoyeur pour demain"))
    assert response.status_code == 303
    annonce = annonces(db)[0]
    assert annonce.urgent is True and annonce.addressed_to == AddressedTo.TOUS
    assert _recipients(db) == members
    messages = outbox(db, "annonce_urgent")
    assert {m.subject for m in messages} == {"Demande urgente : Fossoyeur pour demain"}
    # One shared body, kept on the annonce to follow the delivery.
    assert {m.body_id for m in messages} == {annonce.broadcast_body_id}
    body = db.session.get(OutboxBody, annonce.broadcast_body_id)
    assert "http://localhost/compte#notifications-title" in body.body_text
    assert "Recevoir les demandes urgentes par e-mail" in body.body_text
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "annonce.urgent"))
    assert entry.details == {"recipients": len(members)}
    # The IMMEDIATE readers are mailed once: the alert, or the news if alerts are off.
    assert [m.recipient for m in outbox(db, "annonce_new")] == ["off@zone.test"]
    with app.app_context():
        assert send_pending().sent == len(members) + 1
    assert sorted(a for m in smtp.messages for a in m.envelope_to
                  if a != "off@zone.test") == members
    delivered = smtp.to(members[0])[0]
    assert "publie une demande urgente" in delivered.get_body(("plain",)).get_content()
    assert not smtp.to("collegue@gouvy.test")


def test_urgent_on_an_offer_is_ignored(author, db, members):
    response = post_ad(author, ad_form(kind="offre", urgent="y", addressed_to="province"))
    assert response.status_code == 303
    annonce = annonces(db)[0]
    assert annonce.urgent is False and annonce.addressed_to == AddressedTo.TOUS
    assert outbox(db, "annonce_urgent") == []


def test_a_demande_addressed_to_the_province_is_stored(author, db, members):
    page = author.get("/annonces/nouvelle").get_data(as_text=True)
    assert 'name="urgent"' in page and 'name="addressed_to"' in page
    assert 'value="tous" checked' in page or re.search(r'checked[^>]*value="tous"', page)
    assert post_ad(author, ad_form(addressed_to="province")).status_code == 303
    annonce = annonces(db)[0]
    assert annonce.addressed_to == AddressedTo.PROVINCE and annonce.urgent is False
    assert outbox(db, "annonce_urgent") == []
    edit = author.get(f"/annonces/{annonce.id}/modifier").get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*value="province"', edit)


def test_a_bad_addressed_to_is_refused_next_to_the_field(author, db):
    response = post_ad(author, ad_form(addressed_to="nimporte", title="Texte gardé"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="addressed_to-error"' in html and "Texte gardé" in html
    assert count(db, Annonce) == 0


def test_broadcast_and_urgent_is_mailed_once_per_person(author, db, members):
    assert post_ad(author, ad_form(urgent="y", broadcast="y",
                                   title="Chauffeur")).status_code == 303
    assert outbox(db, "annonce_urgent") == []
    broadcast = outbox(db, "annonce_broadcast")
    # The broadcast goes to everyone, the one who turned alerts off too.
    assert sorted(m.recipient for m in broadcast) == sorted([*members, "off@zone.test"])
    assert {m.subject for m in broadcast} == {"Demande urgente : Chauffeur"}
    assert annonces(db)[0].broadcast_body_id == broadcast[0].body_id


def test_broadcast_and_urgent_over_the_limit_is_refused_next_to_both(author, db, members,
                                                                    make_annonce):
    for _ in range(3):
        make_annonce(author=author.user, broadcast=True)
    response = post_ad(author, ad_form(urgent="y", broadcast="y", title="Refusée"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="urgent-error"' in html and 'id="broadcast-error"' in html
    assert len(outbox(db)) == 0


def test_an_edit_sends_the_alert_once(author, db, members):
    assert post_ad(author, ad_form(title="Renfort")).status_code == 303
    annonce = annonces(db)[0]
    assert outbox(db, "annonce_urgent") == []
    assert _edit(author, annonce.id, title="Renfort", urgent="y").status_code == 303
    assert _recipients(db) == members
    assert _edit(author, annonce.id, title="Renfort").status_code == 303  # unchecked
    assert annonces(db)[0].urgent is False
    assert _edit(author, annonce.id, title="Renfort", urgent="y").status_code == 303
    assert _edit(author, annonce.id, title="Renfort bis", urgent="y").status_code == 303
    assert _recipients(db) == members
    assert annonces(db)[0].urgent is True


def _mailed_in_the_past(make_annonce, author, days: float, **fields) -> None:
    annonce = make_annonce(author=author.user, **fields)
    annonce.created_at = utcnow() - timedelta(days=days)
    _db.session.commit()


def test_urgent_counts_in_the_broadcast_limit(author, db, members, make_annonce):
    _mailed_in_the_past(make_annonce, author, days=8, broadcast=True)
    _mailed_in_the_past(make_annonce, author, days=6, broadcast=True)
    assert post_ad(author, ad_form(urgent="y", title="Urgente 1")).status_code == 303
    assert post_ad(author, ad_form(broadcast="y", title="Générale")).status_code == 303
    sent = len(outbox(db))
    response = post_ad(author, ad_form(urgent="y", title="Une de trop"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="urgent-error"' in html and 'id="broadcast-error"' not in html
    assert "Votre institution a déjà adressé 3 annonces à tous les adhérents" in html
    assert "Une de trop" in html and 'name="urgent" type="checkbox" value="y"' in html
    assert count(db, Annonce) == 4 and len(outbox(db)) == sent
    # The same demande without the checkbox is published, without an alert.
    assert post_ad(author, ad_form(title="Une de trop")).status_code == 303


def test_an_old_ad_made_urgent_counts_from_its_alert(author, db, members, make_annonce):
    _mailed_in_the_past(make_annonce, author, days=30, title="Ancienne")
    old = annonces(db)[0]
    assert _edit(author, old.id, title="Ancienne", urgent="y").status_code == 303
    for number in range(2):
        assert post_ad(author, ad_form(broadcast="y", title=f"G{number}")).status_code == 303
    response = post_ad(author, ad_form(urgent="y", title="Refusée"))
    assert response.status_code == 200
    assert 'id="urgent-error"' in response.get_data(as_text=True)


def _titles(response) -> list[str]:
    return re.findall(r'<h3><a href="[^"]*">([^<]+)</a></h3>', response.get_data(as_text=True))


def _badges(response) -> int:
    return response.get_data(as_text=True).count('class="badge badge-urgent">Urgent<')


@pytest.mark.parametrize("sort", ["recent", "fin"])
def test_open_urgent_demandes_come_first_with_a_badge(member, make_annonce, make_user, sort):
    other = make_user()
    make_annonce(author=other, title="Ancienne urgente", urgent=True,
                 created_at=utcnow() - timedelta(days=3))
    make_annonce(author=other, title="Récente ordinaire")
    make_annonce(author=other, title="Urgente pourvue", urgent=True,
                 status=AnnonceStatus.POURVUE)
    response = member.get(f"/annonces?sort={sort}")
    assert _titles(response)[0] == "Ancienne urgente"
    assert _badges(response) == 1
    fragment = member.get(f"/annonces?sort={sort}&kind=demande&category=soutien-humain",
                          headers={"HX-Request": "true"})
    assert _titles(fragment)[0] == "Ancienne urgente" and _badges(fragment) == 1
    everything = member.get("/annonces?status=toutes")
    assert "Urgente pourvue" in _titles(everything) and _badges(everything) == 1


def test_the_annonce_page_shows_the_badge_while_open(member, make_annonce, make_user):
    annonce = make_annonce(author=make_user(), urgent=True)
    assert 'badge-urgent">Urgent<' in member.get(f"/annonces/{annonce.id}").get_data(
        as_text=True)
    annonce.status = AnnonceStatus.POURVUE
    _db.session.commit()
    assert 'badge-urgent' not in member.get(f"/annonces/{annonce.id}").get_data(as_text=True)


def test_urgent_first_keeps_the_list_queries_flat(member, make_annonce, make_user):
    authors = [make_user() for _ in range(3)]
    for number in range(5):
        make_annonce(author=authors[number % 3], title=f"A{number}", urgent=number % 2 == 0)
    urls = ["/annonces", "/annonces?sort=fin", "/annonces?kind=demande&category=soutien-humain"]
    small = [count_queries(member, url) for url in urls]
    for number in range(60):
        make_annonce(author=authors[number % 3], title=f"B{number}", urgent=number % 3 == 0)
    assert [count_queries(member, url) for url in urls] == small


def test_visitors_cannot_post_an_urgent_demande(client, db):
    response = client.post("/annonces/nouvelle", data=ad_form(urgent="y"))
    assert response.status_code in (302, 400, 403)
    assert count(db, Annonce) == 0
