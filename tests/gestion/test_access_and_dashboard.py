"""Who may open the back office, and what its dashboard shows."""
from __future__ import annotations

import pytest

from app.audit import record
from app.models import OutboxStatus, RegistrationRequest
from tests.helpers import csrf_token

GET_PAGES = ["/gestion", "/gestion/courriels", "/gestion/courriels/1",
             "/gestion/utilisateurs"]
POSTS = [("/gestion/courriels/1/renvoyer", {}),
         ("/gestion/utilisateurs/1/gestionnaire", {"grant": "1"})]


@pytest.fixture()
def stored_message(make_message):
    return make_message(status=OutboxStatus.DEAD)


@pytest.mark.parametrize("path", GET_PAGES)
def test_visitor_is_sent_to_login(client, stored_message, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion?next=")


@pytest.mark.parametrize("path", GET_PAGES)
def test_member_is_refused(member_client, stored_message, path):
    assert member_client.get(path).status_code == 403


@pytest.mark.parametrize("path", GET_PAGES)
def test_manager_gets_every_page(manager_client, stored_message, path):
    response = manager_client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path, data", POSTS)
def test_visitor_and_member_cannot_post(client, member_client, stored_message, path, data):
    visitor = client.post(path, data={"csrf_token": csrf_token(client), **data})
    assert visitor.status_code == 302
    assert visitor.headers["Location"].startswith("/connexion")
    member = member_client.post(path, data={"csrf_token": csrf_token(member_client, "/"),
                                            **data})
    assert member.status_code == 403


@pytest.mark.parametrize("path, data", POSTS)
def test_posts_without_csrf_are_refused(manager_client, stored_message, path, data):
    assert manager_client.post(path, data=data).status_code == 400


def test_dashboard_shows_work_waiting_and_recent_activity(db, manager_client, manager,
                                                          make_institution, make_message):
    for number in range(2):
        institution = make_institution(is_member=False)
        db.session.add(RegistrationRequest(institution=institution, name=f"Agent {number}",
                                           function="Secrétaire", email=f"a{number}@x.test"))
    make_message(status=OutboxStatus.PENDING)
    make_message(status=OutboxStatus.DEAD)
    make_message(status=OutboxStatus.DEAD)
    make_message(status=OutboxStatus.SENT)
    for number in range(12):
        record("email.retried", summary=f"Action numéro {number:02d}", actor=manager)
    record("manager.created", summary="Action système")
    db.session.commit()
    html = manager_client.get("/gestion").get_data(as_text=True)
    assert "2 demandes en attente de décision" in html
    assert 'href="/gestion/inscriptions"' in html
    assert "1 message en attente d’envoi" in html
    assert "2 messages en échec définitif" in html
    assert 'href="/gestion/courriels"' in html and 'href="/gestion/utilisateurs"' in html
    assert "Action système" in html and "Système" in html
    assert "Action numéro 11" in html and "Action numéro 03" in html
    assert "Action numéro 02" not in html  # only the 10 latest entries
    assert "Gestionnaire Principal" in html
    assert "Courriel remis en envoi" in html


def test_dashboard_without_anything_to_do(manager_client):
    html = manager_client.get("/gestion").get_data(as_text=True)
    assert "Aucune demande en attente." in html
    assert "Aucun serveur d'envoi n'est configuré" in html
    assert "Aucune action enregistrée" in html


def test_manager_link_in_the_account_menu(client, auth, manager):
    auth.login(manager)
    assert 'href="/gestion"' in client.get("/").get_data(as_text=True)
