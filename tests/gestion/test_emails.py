"""The email log: list, filters (with and without htmx), detail, retry."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from app.blueprints.comptes.emails import send_activation_email
from app.mail.delivery import send_pending
from app.models import AuditEntry, OutboxMessage, OutboxStatus, utcnow
from tests.helpers import links_in, post_form

HX = {"HX-Request": "true"}


def test_list_shows_every_message_newest_first(manager_client, make_message):
    now = utcnow()
    make_message(recipient="ancien@commune.test", subject="Le plus ancien",
                 created_at=now - timedelta(days=2))
    make_message(recipient="recent@commune.test", subject="Le plus récent",
                 status=OutboxStatus.DEAD, attempts=7, last_error="SMTPDataError: 550 refusé",
                 created_at=now)
    response = manager_client.get("/gestion/courriels")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.index("Le plus récent") < html.index("Le plus ancien")
    assert "Échec définitif" in html and "En attente" in html
    assert "SMTPDataError: 550 refusé" in html
    assert "2 messages" in html
    assert re.search(r"\d\d/\d\d/\d{4} à \d\d:\d\d", html)
    assert html.count(">Renvoyer</button>") == 1  # only the dead message


def test_filters_by_status_and_recipient(manager_client, make_message):
    make_message(recipient="marie.dupont@arlon.test", status=OutboxStatus.DEAD)
    make_message(recipient="marie.dupont@arlon.test", status=OutboxStatus.SENT)
    make_message(recipient="jean@bastogne.test", status=OutboxStatus.DEAD)
    html = manager_client.get(
        "/gestion/courriels?statut=dead&destinataire=DUPONT").get_data(as_text=True)
    assert "1 message" in html
    assert "marie.dupont@arlon.test" in html
    assert "jean@bastogne.test" not in html
    assert '<option selected value="dead">' in html
    assert 'value="DUPONT"' in html  # what was typed is kept


def test_recipient_search_treats_wildcards_literally(manager_client, make_message):
    make_message(recipient="a@commune.test")
    html = manager_client.get("/gestion/courriels?destinataire=%25").get_data(as_text=True)
    assert "Aucun message ne correspond" in html


def test_htmx_request_gets_only_the_results(manager_client, make_message):
    make_message(recipient="marie@arlon.test")
    full = manager_client.get("/gestion/courriels?destinataire=marie")
    fragment = manager_client.get("/gestion/courriels?destinataire=marie", headers=HX)
    full_html, fragment_html = full.get_data(as_text=True), fragment.get_data(as_text=True)
    assert "<html" in full_html and 'id="email-results"' in full_html
    assert 'hx-get="/gestion/courriels"' in full_html and 'hx-push-url="true"' in full_html
    assert "<html" not in fragment_html
    assert fragment_html.lstrip().startswith('<div id="email-results">')
    assert "marie@arlon.test" in fragment_html
    assert 'id="flash"' in fragment_html and "hx-swap-oob" in fragment_html
    assert "HX-Request" in full.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]


def test_pagination_keeps_the_filters(manager_client, make_message):
    for number in range(51):
        make_message(recipient=f"agent{number}@arlon.test", subject=f"Sujet {number}")
    make_message(recipient="autre@bastogne.test")
    first = manager_client.get("/gestion/courriels?destinataire=arlon").get_data(as_text=True)
    assert "51 messages" in first
    assert first.count("@arlon.test</td>") == 50
    assert "Page 1 sur 2" in first
    assert 'href="/gestion/courriels?page=2&amp;destinataire=arlon"' in first
    second = manager_client.get("/gestion/courriels?page=2&destinataire=arlon", headers=HX)
    html = second.get_data(as_text=True)
    assert html.count("@arlon.test</td>") == 1
    assert "Page précédente" in html


def test_bad_filters_give_a_french_message_never_a_500(manager_client, make_message):
    make_message()
    response = manager_client.get("/gestion/courriels?statut=nimporte&page=abc")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choisissez un statut dans la liste." in html
    assert "1 message" in html  # the bad filter is ignored
    for query in ["page=-3", "page=99999999999999999999999", "destinataire=" + "x" * 500]:
        assert manager_client.get(f"/gestion/courriels?{query}").status_code == 200
    for query in ["destinataire=a%00b", "statut=%00"]:  # NUL bytes: 400 everywhere
        assert manager_client.get(f"/gestion/courriels?{query}").status_code == 400
    too_long = manager_client.get("/gestion/courriels?destinataire=" + "x" * 500)
    assert "trop longue" in too_long.get_data(as_text=True)


def test_detail_shows_headers_and_clickable_links(manager_client, make_message):
    message = make_message(
        recipient="marie@arlon.test", reply_to="jean@bastogne.test", subject="Réponse",
        body_text="Bonjour,\nVoir http://localhost/annonces/12 pour la suite.\n")
    html = manager_client.get(f"/gestion/courriels/{message.id}").get_data(as_text=True)
    assert "marie@arlon.test" in html and "jean@bastogne.test" in html
    assert '<a href="http://localhost/annonces/12" rel="noopener noreferrer">' in html
    assert "pour la suite." in html


def test_detail_escapes_stored_bodies(manager_client, make_message):
    message = make_message(
        subject="<b>Objet</b>",
        body_text='Texte <script>alert(1)</script> http://x.test/"><script>alert(2)</script>',
        body_html='<p onclick="alert(3)">Bonjour</p><script>alert(4)</script>')
    html = manager_client.get(f"/gestion/courriels/{message.id}").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in html
    assert '<p onclick' not in html and "<b>Objet</b>" not in html
    assert '<a href="http://x.test/" rel="noopener noreferrer">' in html


def _activation_message(app, db, make_user):
    user = make_user(name="Marie Dupont", email="marie@arlon.test")
    with app.test_request_context():
        send_activation_email(user)
    db.session.commit()
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.sensitive))
    secret = [link for link in links_in(message.body_text) if "/compte/activer/" in link]
    assert len(secret) == 1
    return message, secret[0]


def test_secret_links_are_masked_when_mail_is_really_sent(app, db, manager_client, make_user,
                                                          monkeypatch):
    message, secret = _activation_message(app, db, make_user)
    token = secret.rsplit("/", 1)[1]
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.province.test")
    for path in ["/gestion/courriels", f"/gestion/courriels/{message.id}"]:
        html = manager_client.get(path).get_data(as_text=True)
        assert token not in html
    html = manager_client.get(f"/gestion/courriels/{message.id}").get_data(as_text=True)
    assert "[lien personnel masqué]" in html
    assert "seul le destinataire le reçoit" in html
    assert "Marie Dupont" in html  # the rest of the message stays readable
    assert '<a href="http://localhost" rel="noopener noreferrer">' in html  # home page link


def test_secret_links_are_shown_in_development(app, db, manager_client, make_user):
    message, secret = _activation_message(app, db, make_user)
    html = manager_client.get(f"/gestion/courriels/{message.id}").get_data(as_text=True)
    assert f'<a href="{secret}"' in html
    assert "[lien personnel masqué]" not in html


def test_unknown_message_is_404(manager_client):
    assert manager_client.get("/gestion/courriels/999999").status_code == 404
    response = post_form(manager_client, "/gestion/courriels/999999/renvoyer",
                         token_from="/gestion/courriels")
    assert response.status_code == 404


def test_retry_of_a_dead_message_delivers_it(app, db, manager_client, manager, make_message,
                                             smtp):
    message = make_message(recipient="marie@arlon.test", status=OutboxStatus.DEAD, attempts=9,
                           created_at=utcnow() - timedelta(days=2))
    response = post_form(manager_client, f"/gestion/courriels/{message.id}/renvoyer",
                         token_from="/gestion/courriels")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/gestion/courriels/{message.id}")
    page = manager_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "remis en file d&#39;envoi" in page
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).status == OutboxStatus.PENDING
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "email.retried"))
    assert entry.actor_id == manager.id and entry.target_id == message.id

    report = send_pending()
    assert report.sent == 1
    assert len(smtp.to("marie@arlon.test")) == 1
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).status == OutboxStatus.SENT


def test_retry_of_a_message_that_is_not_dead_changes_nothing(db, manager_client, make_message):
    message = make_message(status=OutboxStatus.SENT, attempts=1)
    response = post_form(manager_client, f"/gestion/courriels/{message.id}/renvoyer",
                         token_from="/gestion/courriels", follow_redirects=True)
    assert "n&#39;est pas en échec définitif" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).status == OutboxStatus.SENT
    assert db.session.scalar(select(AuditEntry)) is None
