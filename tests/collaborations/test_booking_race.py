"""Equipment offers: units per day, the refusal naming the first full day
(boundary days included), and two acceptances at the same moment of
collaborations that cannot both fit: one wins, the other is refused."""
from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest

from app.blueprints.collaborations import steps
from app.localtime import brussels_today
from app.models import (
    AnnonceCategory,
    AnnonceKind,
    AnnonceMessage,
    CollaborationKind,
    CollaborationStatus,
    InstitutionKind,
)
from app.web.templating import date_fr
from tests.collaborations.helpers import collaborations, post, proposal
from tests.helpers import csrf_token

Status = CollaborationStatus


@pytest.fixture()
def offer(pair, in_touch, db):
    """The commune offers 2 trailers; the CPAS answered."""
    author, partner = pair
    annonce = in_touch(author, partner, kind=AnnonceKind.OFFRE,
                       category=AnnonceCategory.PRET_MATERIEL, title="Deux remorques")
    annonce.quantity_available = 2
    db.session.commit()
    return annonce


def lend(make_collaboration, pair, offer, start_in, days, quantity, status, **fields):
    author, partner = pair
    return make_collaboration(partner, author, annonce=offer, kind=CollaborationKind.MATERIEL,
                              provider=author.institution, start_in=start_in, days=days,
                              quantity=quantity, status=status, **fields)


@pytest.mark.parametrize(("start_in", "days", "refused_on"), [
    (10, 1, 10),   # the first booked day
    (14, 3, 14),   # starts on the last booked day
    (4, 7, 10),    # covers the booking: refused on its first day
    (15, 2, None),  # the day after the last booked day
    (3, 7, None),  # ends the day before
])
def test_acceptance_refused_on_the_first_full_day(db, auth, pair, offer, make_collaboration,
                                                  start_in, days, refused_on):
    lend(make_collaboration, pair, offer, 10, 5, 2, Status.SIGNEE)  # days 10 to 14, full
    lend(make_collaboration, pair, offer, 10, 5, 1, Status.REFUSEE)  # holds nothing
    lend(make_collaboration, pair, offer, 10, 5, 1, Status.TERMINEE)  # holds nothing
    asked = lend(make_collaboration, pair, offer, start_in, days, 1, Status.PROPOSEE)
    response = post(auth.client_for(pair[0]), f"/collaborations/{asked.id}/accepter")
    db.session.expire_all()
    if refused_on is None:
        assert response.status_code == 303
        assert db.session.get(type(asked), asked.id).status == Status.ACCEPTEE
    else:
        day = date_fr(brussels_today() + timedelta(days=refused_on))
        assert response.status_code == 200
        assert f"plus disponible en nombre suffisant le {day}" in response.get_data(as_text=True)
        assert db.session.get(type(asked), asked.id).status == Status.PROPOSEE


def test_proposal_beyond_the_units_is_refused_next_to_quantity(db, auth, pair, offer):
    client = auth.client_for(pair[1])
    response = post(client, f"/annonces/{offer.id}/collaboration",
                    proposal(kind="materiel", provider="partenaire", quantity="3",
                             days_planned=""))
    assert response.status_code == 200
    assert "plus disponible en nombre suffisant" in response.get_data(as_text=True)
    assert collaborations(db) == []


def test_two_acceptances_at_once_never_overbook(app, db, auth, pair, offer, make_collaboration,
                                               make_institution, make_user, monkeypatch):
    """Two borrowers ask for both trailers on the same days; the lender's two
    colleagues accept at the same moment. The window between counting the
    bookings and writing is widened on purpose: without the lock on the
    offer, both would count zero and both would be accepted."""
    author = pair[0]
    other = make_user(institution=make_institution(InstitutionKind.ZONE_POLICE))
    db.session.add(AnnonceMessage(annonce=offer, partner_id=other.institution_id,
                                  sender_institution_id=other.institution_id, sender=other,
                                  body="Nous aussi."))
    db.session.commit()
    first = lend(make_collaboration, pair, offer, 5, 3, 2, Status.PROPOSEE)
    second = make_collaboration(other, author, annonce=offer, kind=CollaborationKind.MATERIEL,
                                provider=author.institution, start_in=6, days=3, quantity=1)
    colleague = make_user(institution=author.institution)
    counting = steps.first_overbooked_day

    def slow_count(*args, **kwargs):
        day = counting(*args, **kwargs)
        time.sleep(0.5)
        return day

    monkeypatch.setattr(steps, "first_overbooked_day", slow_count)
    clients = [auth.client_for(author), auth.client_for(colleague)]
    tokens = [csrf_token(client, "/collaborations") for client in clients]
    results: dict[int, int] = {}
    start = threading.Barrier(2)

    def accept(index: int, collaboration_id: int) -> None:
        start.wait()
        results[index] = clients[index].post(f"/collaborations/{collaboration_id}/accepter",
                                             data={"csrf_token": tokens[index]}).status_code

    threads = [threading.Thread(target=accept, args=(0, first.id)),
               threading.Thread(target=accept, args=(1, second.id))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    statuses = sorted(c.status.value for c in collaborations(db))
    assert statuses == ["acceptee", "proposee"]
    assert sorted(results.values()) == [200, 303]
