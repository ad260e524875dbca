"""The private calendar of an institution (/collaborations/agenda/<token>.ics):
its collaborations from its own side and its open annonces' end dates, at
an address only its token opens; a member asks for a new address, which
revokes the old one."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask import render_template
from icalendar import Calendar
from sqlalchemy import select

from app.models import (
    AnnonceStatus,
    AuditEntry,
    CollaborationKind,
    CollaborationStatus,
    Institution,
    utcnow,
)
from tests.centrales.content_factories import post
from tests.helpers import count_queries

STAMP = datetime(2026, 2, 3, 8, 15, tzinfo=UTC)
RENEWED = "Une nouvelle adresse d'agenda a été créée. L'ancienne ne fonctionne plus."


def _give_token(db, user, token: str) -> str:
    user.institution.calendar_token = token
    db.session.commit()
    return f"/collaborations/agenda/{token}.ics"


def _events(response) -> dict:
    assert response.status_code == 200
    events = Calendar.from_ical(response.data).walk("VEVENT")
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids))
    return dict(zip(uids, events, strict=True))


def _token_of(db, user) -> str | None:
    return db.session.scalar(select(Institution.calendar_token)
                             .where(Institution.id == user.institution_id))


def test_collaborations_from_both_sides(client, app, db, pair, make_collaboration):
    claire, paul = pair  # Commune de Bouillon, CPAS de Paliseul
    received = make_collaboration(claire, paul, status=CollaborationStatus.ACCEPTEE,
                                  start_date=date(2026, 6, 1), end_date=date(2026, 6, 3),
                                  updated_at=STAMP, description="Agent d'état civil")
    lent = make_collaboration(claire, paul, status=CollaborationStatus.SIGNEE,
                              kind=CollaborationKind.MATERIEL, provider=claire.institution,
                              start_date=date(2026, 7, 10), end_date=date(2026, 7, 10),
                              description="Deux barrières Nadar")
    proposed = make_collaboration(claire, paul)
    ended = make_collaboration(claire, paul, status=CollaborationStatus.TERMINEE)
    make_collaboration(claire, paul, status=CollaborationStatus.REFUSEE)
    make_collaboration(claire, paul, status=CollaborationStatus.ANNULEE)
    events = _events(client.get(_give_token(db, claire, "jeton-de-bouillon")))
    assert set(events) == {f"collaboration-{c.id}@localhost"
                           for c in (received, lent, proposed, ended)}
    event = events[f"collaboration-{received.id}@localhost"]
    assert str(event["SUMMARY"]) == "Mise à disposition de personnel par CPAS de Paliseul"
    assert event.start == date(2026, 6, 1) and event.end == date(2026, 6, 4)
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert event.DTSTAMP == STAMP
    link = f"{app.config['PUBLIC_URL']}/collaborations/{received.id}"
    assert str(event["URL"]) == link
    description = str(event["DESCRIPTION"])
    assert "Statut : Acceptée" in description and "Agent d'état civil" in description
    assert link in description
    event = events[f"collaboration-{lent.id}@localhost"]
    assert str(event["SUMMARY"]) == "Prêt de matériel à CPAS de Paliseul"
    assert event.start == date(2026, 7, 10) and event.end == date(2026, 7, 11)
    assert str(events[f"collaboration-{proposed.id}@localhost"]["STATUS"]) == "TENTATIVE"
    # The other side sees the same collaboration from its own side.
    events = _events(client.get(_give_token(db, paul, "jeton-de-paliseul")))
    event = events[f"collaboration-{received.id}@localhost"]
    assert str(event["SUMMARY"]) == "Mise à disposition de personnel à Commune de Bouillon"


def test_open_annonces_end_dates_only_mine(client, app, db, pair, make_user,
                                           make_collaboration, make_annonce):
    claire, paul = pair
    mine = make_annonce(author=claire, title="Agent technique en juin",
                        end_date=date(2026, 6, 30))
    mine.updated_at = STAMP  # the factory's own update moved it
    make_annonce(author=claire, title="Sans date de fin")
    make_annonce(author=claire, title="Déjà pourvue", end_date=date(2026, 6, 30),
                 status=AnnonceStatus.POURVUE)
    make_annonce(author=paul, title="Annonce du CPAS", end_date=date(2026, 6, 30))
    stranger = make_user(name="Zoé Ailleurs")
    make_collaboration(paul, stranger, status=CollaborationStatus.ACCEPTEE)
    response = client.get(_give_token(db, claire, "jeton-de-bouillon"))
    events = _events(response)
    assert set(events) == {f"annonce-{mine.id}-fin@localhost"}
    event = events[f"annonce-{mine.id}-fin@localhost"]
    assert str(event["SUMMARY"]) == "Fin : Agent technique en juin"
    assert event.start == date(2026, 6, 30) and event.end == date(2026, 7, 1)
    assert event.DTSTAMP == STAMP
    assert str(event["URL"]) == f"{app.config['PUBLIC_URL']}/annonces/{mine.id}"
    assert b"Annonce du CPAS" not in response.data
    assert stranger.institution.name.encode() not in response.data


def test_feed_answer_and_calendar(client, db, pair):
    claire, _ = pair
    path = _give_token(db, claire, "jeton-de-bouillon")
    response = client.get(path)
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "private"
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Brussels"
    assert "Commune de Bouillon" in str(calendar["X-WR-CALNAME"])
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    assert client.get(path).data == response.data


@pytest.mark.parametrize("token", ["inconnu", "x" * 300])
def test_unknown_token_is_404(client, db, pair, token):
    _give_token(db, pair[0], "jeton-de-bouillon")
    assert client.get(f"/collaborations/agenda/{token}.ics").status_code == 404


@pytest.mark.parametrize("change", [{"suspended_at": utcnow()}, {"retired_at": utcnow()},
                                    {"is_member": False}])
def test_institution_no_longer_active_member_is_404(client, db, pair, change):
    claire, _ = pair
    path = _give_token(db, claire, "jeton-de-bouillon")
    for name, value in change.items():
        setattr(claire.institution, name, value)
    db.session.commit()
    assert client.get(path).status_code == 404


def test_renewal_revokes_the_old_address(auth, db, pair):
    claire, _ = pair
    old_path = _give_token(db, claire, "ancien-jeton")
    member = auth.client_for(claire)
    response = post(member, "/collaborations/agenda")
    assert response.status_code == 303
    assert response.headers["Location"] == "/collaborations#agenda"
    with member.session_transaction() as session:
        assert ("success", RENEWED) in session["_flashes"]
    token = _token_of(db, claire)
    assert token and token != "ancien-jeton" and len(token) >= 43
    assert member.get(old_path).status_code == 404
    assert member.get(f"/collaborations/agenda/{token}.ics").status_code == 200
    entry = db.session.scalars(select(AuditEntry)
                               .where(AuditEntry.action == "institution.calendar_renewed")).one()
    assert entry.actor_id == claire.id and entry.target_id == claire.institution_id
    assert token not in str(entry.details) + entry.summary


def test_renewal_with_htmx_swaps_the_address(auth, app, db, pair):
    claire, _ = pair
    member = auth.client_for(claire)
    response = post(member, "/collaborations/agenda", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    html = response.get_data(as_text=True)
    token = _token_of(db, claire)
    assert 'id="agenda"' in html
    assert f'value="{app.config["PUBLIC_URL"]}/collaborations/agenda/{token}.ics"' in html
    assert "readonly" in html and 'for="agenda-url"' in html
    assert "Nouvel agenda › Sur le réseau" in html
    assert "Créer une nouvelle adresse (l'ancienne ne fonctionnera plus)" in html
    assert "L&#39;adresse de votre agenda est créée." in html  # the flash, out of band
    assert "<html" not in html


def test_renewal_needs_a_member_and_csrf(client, auth, db, pair):
    claire, _ = pair
    _give_token(db, claire, "jeton-de-bouillon")
    response = post(client, "/collaborations/agenda")  # a visitor, with a valid token
    assert response.status_code in (302, 303) and "/connexion" in response.headers["Location"]
    member = auth.client_for(claire)
    assert member.post("/collaborations/agenda").status_code == 400
    assert _token_of(db, claire) == "jeton-de-bouillon"


def test_partial_before_any_address(app, db, pair):
    claire, _ = pair
    with app.test_request_context("/collaborations"):
        html = render_template("collaborations/_agenda.html", institution=claire.institution)
    assert 'id="agenda"' in html and "Créer l'adresse de mon agenda" in html
    assert "agenda-url" not in html and 'name="csrf_token"' in html


def test_feed_queries_do_not_grow(client, db, pair, make_user, make_collaboration,
                                  make_annonce):
    claire, paul = pair
    path = _give_token(db, claire, "jeton-de-bouillon")
    make_collaboration(claire, paul, status=CollaborationStatus.ACCEPTEE)
    make_annonce(author=claire, end_date=date(2026, 6, 30))
    baseline = count_queries(client, path)
    for number in range(6):
        partner = make_user(name=f"Partenaire {number}")
        make_collaboration(claire, partner, status=CollaborationStatus.SIGNEE,
                           kind=CollaborationKind.MATERIEL, provider=claire.institution)
        make_collaboration(partner, claire, start_in=number)
        make_annonce(author=claire, end_date=date(2026, 7, 1) + timedelta(days=number))
    assert len(_events(client.get(path))) == 2 + 6 * 3
    assert count_queries(client, path) == baseline


def test_collaborations_page_shows_the_address(auth, app, db, pair):
    claire, _ = pair
    member = auth.client_for(claire)
    html = member.get("/collaborations").get_data(as_text=True)
    assert 'id="agenda"' in html and "Créer l'adresse de mon agenda" in html
    post(member, "/collaborations/agenda")
    html = member.get("/collaborations").get_data(as_text=True)
    token = _token_of(db, claire)
    assert f"{app.config['PUBLIC_URL']}/collaborations/agenda/{token}.ics" in html
    assert "L&#39;adresse de votre agenda est créée." in html
