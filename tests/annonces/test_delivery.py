"""Following a broadcast's delivery on the ad's page: the figures from the
outbox rows that share its body, the polling that stops once nothing waits,
who may see them, one query per poll, and a poll that keeps no session alive."""
from __future__ import annotations

import re
import time

import pytest

from app.blueprints.annonces.notifications.delivery import Delivery, delivery_of
from app.extensions import db as _db
from app.models import OutboxBody, OutboxMessage, OutboxStatus
from tests.helpers import recorded_statements

POLL = 'hx-trigger="every 5s"'


def add_rows(body_id: int | None, status: OutboxStatus, number: int, attempts: int = 0):
    for index in range(number):
        _db.session.add(OutboxMessage(
            recipient=f"{status.value}{index}-{attempts}@example.test", subject="Annonce",
            body_id=body_id, template="annonce_broadcast", status=status, attempts=attempts))
    _db.session.commit()


@pytest.fixture()
def own(make_institution):
    return make_institution(name="Commune de Gouvy")


@pytest.fixture()
def author(own, make_user):
    return make_user(institution=own, email="auteur@gouvy.test")


@pytest.fixture()
def broadcast(make_annonce, author):
    """A broadcast ad whose emails are partly out: 3 sent, 3 waiting (one
    queued, one being sent, one waiting for a retry), 1 dead."""
    body = OutboxBody(body_text="Texte", body_html="<p>Texte</p>")
    _db.session.add(body)
    _db.session.flush()
    annonce = make_annonce(author, broadcast=True, broadcast_body_id=body.id)
    add_rows(body.id, OutboxStatus.SENT, 3)
    add_rows(body.id, OutboxStatus.PENDING, 1)
    add_rows(body.id, OutboxStatus.PENDING, 1, attempts=2)
    add_rows(body.id, OutboxStatus.SENDING, 1)
    add_rows(body.id, OutboxStatus.DEAD, 1)
    add_rows(None, OutboxStatus.PENDING, 2)  # other emails: not counted
    return annonce


def finish(annonce) -> None:
    _db.session.execute(
        OutboxMessage.__table__.update()
        .where(OutboxMessage.body_id == annonce.broadcast_body_id,
               OutboxMessage.status != OutboxStatus.DEAD)
        .values(status=OutboxStatus.SENT))
    _db.session.commit()


def text(response) -> str:
    return " ".join(response.get_data(as_text=True).split()).replace("\u202f", " ")


def words(response) -> str:
    """What the page says, without its tags."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


def test_figures_come_from_the_rows_of_the_body(broadcast):
    assert delivery_of(broadcast.broadcast_body_id) == Delivery(sent=3, waiting=3, failed=1)
    assert delivery_of(broadcast.broadcast_body_id).total == 7
    assert delivery_of(broadcast.broadcast_body_id + 1000) == Delivery()


def test_the_page_shows_the_figures_and_polls_while_emails_wait(broadcast, author, auth):
    response = auth.client_for(author).get(f"/annonces/{broadcast.id}")
    assert "Envoi à tous les membres : 3 envoyés sur 7, 3 en attente, 1 en échec" \
        in words(response)
    page = text(response)
    assert f'<progress id="delivery-progress-{broadcast.id}" max="7" value="3">' in page
    assert f'<label for="delivery-progress-{broadcast.id}">' in page
    assert f'hx-get="/annonces/{broadcast.id}/envoi" {POLL} hx-swap="outerHTML"' in page
    section = re.search(r"<section id=\"delivery-.*?</section>", page).group(0)
    assert "aria-live" not in section


def test_polling_stops_once_nothing_waits(broadcast, author, auth):
    client = auth.client_for(author)
    assert POLL in text(client.get(f"/annonces/{broadcast.id}/envoi"))
    finish(broadcast)
    done = text(client.get(f"/annonces/{broadcast.id}/envoi", headers={"HX-Request": "true"}))
    assert "6 envoyés sur 7, 0 en attente, 1 en échec" in done
    assert "hx-trigger" not in done and "hx-get" not in done
    assert "L'envoi est terminé." in done
    assert POLL not in text(client.get(f"/annonces/{broadcast.id}"))


@pytest.mark.parametrize("htmx", [True, False])
def test_the_poll_answers_the_partial_alone(broadcast, author, auth, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = auth.client_for(author).get(f"/annonces/{broadcast.id}/envoi", headers=headers)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = text(response)
    assert body.startswith(f'<section id="delivery-{broadcast.id}"')
    assert "3 envoyés sur 7" in body
    assert 'id="flash"' not in body and "autofocus" not in body


def test_who_follows_the_delivery(broadcast, own, author, auth, make_user, manager, member):
    colleague = auth.client_for(make_user(institution=own))
    for client in (auth.client_for(author), colleague, manager):
        assert client.get(f"/annonces/{broadcast.id}/envoi").status_code == 200
        assert "3 envoyés sur 7" in text(client.get(f"/annonces/{broadcast.id}"))
    assert member.get(f"/annonces/{broadcast.id}/envoi").status_code == 404
    assert "envoyés sur" not in text(member.get(f"/annonces/{broadcast.id}"))
    assert member.get("/annonces/999999/envoi").status_code == 404


def test_a_visitor_is_sent_to_the_login_page(broadcast, client):
    response = client.get(f"/annonces/{broadcast.id}/envoi")
    assert response.status_code == 302
    assert "/connexion" in response.headers["Location"]


def test_nothing_to_follow_without_a_broadcast(make_annonce, author, auth):
    annonce = make_annonce(author)
    client = auth.client_for(author)
    assert client.get(f"/annonces/{annonce.id}/envoi").status_code == 404
    assert "annonce-delivery" not in text(client.get(f"/annonces/{annonce.id}"))


def test_one_query_for_the_figures_however_many_emails(broadcast, author, auth):
    client = auth.client_for(author)
    path = f"/annonces/{broadcast.id}/envoi"
    client.get(path)
    with recorded_statements() as before:
        assert client.get(path).status_code == 200
    add_rows(broadcast.broadcast_body_id, OutboxStatus.PENDING, 50)
    with recorded_statements() as after:
        assert POLL in text(client.get(path))
    outbox = [s for s in after if "outbox_message" in s]
    assert len(outbox) == 1 and "GROUP BY" in outbox[0] and "body_id" in outbox[0]
    assert len(after) == len(before) <= 3  # the user, the ad, the figures


def test_the_poll_does_not_keep_an_idle_session_alive(broadcast, author, auth):
    client = auth.client_for(author)
    ten_minutes_ago = int(time.time()) - 600
    with client.session_transaction() as session:
        session["last_seen"] = ten_minutes_ago
    assert client.get(f"/annonces/{broadcast.id}/envoi").status_code == 200
    with client.session_transaction() as session:
        assert session["last_seen"] == ten_minutes_ago
    assert client.get(f"/annonces/{broadcast.id}").status_code == 200  # a real visit does
    with client.session_transaction() as session:
        assert session["last_seen"] > ten_minutes_ago


def test_a_real_broadcast_is_followed(app, own, author, auth, make_user, make_institution,
                                     make_annonce):
    from app.blueprints.annonces.notifications.emails import send_broadcast

    make_user(institution=make_institution(name="Commune de Vielsalm"))
    make_user(institution=make_institution(name="Commune de Bastogne"))
    annonce = make_annonce(author, broadcast=True)
    with app.test_request_context():
        assert send_broadcast(annonce) == 2
    _db.session.commit()
    assert annonce.broadcast_body_id is not None
    page = auth.client_for(author).get(f"/annonces/{annonce.id}")
    assert "0 envoyé sur 2, 2 en attente, 0 en échec" in words(page) and POLL in text(page)
