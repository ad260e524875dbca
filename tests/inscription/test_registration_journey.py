"""From the registration form to the activation email, through real SMTP."""
from __future__ import annotations

from urllib.parse import urlsplit

from app.mail.delivery import send_pending
from tests.helpers import links_in, post_form


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_register_then_manager_approves_from_the_email(app, client, db, smtp, form_data,
                                                        make_manager):
    manager = make_manager()
    assert post_form(client, "/inscription", form_data).status_code == 303
    assert send_pending().sent == 2

    manager_address = app.config["PLATFORM_MANAGER_EMAIL"]
    (to_manager,) = smtp.to(manager_address)
    assert "Nouvelle demande d'adhésion" in to_manager["Subject"]
    (ack,) = smtp.to("marie.dupont@etalle.be")
    assert "bien reçu votre demande" in _text(ack)
    link = next(link for link in links_in(_text(to_manager)) if "/inscription/decision/" in link)
    path = urlsplit(link).path

    # The manager follows the link while logged out, logs in, comes back.
    first = client.get(path)
    assert first.status_code == 302 and "/connexion?next=" in first.headers["Location"]
    response = post_form(client, "/connexion", {"email": manager.email, "password":
                                                "correct horse battery staple",
                                                "next": path})
    assert response.status_code == 303 and response.headers["Location"] == path
    page = client.get(path)
    assert page.status_code == 200 and "Marie Dupont" in page.get_data(as_text=True)

    assert post_form(client, path, {"decision": "approve"}).status_code == 303
    assert send_pending().sent == 1
    (activation,) = [m for m in smtp.to("marie.dupont@etalle.be") if m is not ack]
    assert "Activez votre compte" in activation["Subject"]
    activation_links = [link for link in links_in(_text(activation))
                        if "/compte/activer/" in link]
    assert activation_links
    assert client.get(urlsplit(activation_links[0]).path).status_code == 200


def test_logged_in_manager_refuses_from_the_email(app, auth, client, db, smtp, form_data,
                                                  make_manager):
    assert post_form(client, "/inscription", form_data).status_code == 303
    send_pending()
    auth.login(make_manager())
    (to_manager,) = smtp.to(app.config["PLATFORM_MANAGER_EMAIL"])
    path = urlsplit(next(link for link in links_in(_text(to_manager))
                         if "/inscription/decision/" in link)).path
    assert post_form(client, path, {"decision": "refuse", "reason": "Demande en double."}
                     ).status_code == 303
    send_pending()
    refusal = smtp.to("marie.dupont@etalle.be")[-1]
    assert "Demande en double." in _text(refusal)
