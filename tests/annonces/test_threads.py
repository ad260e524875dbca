"""Mise en relation: answering an ad, threads between two institutions,
their emails (through a real SMTP sink), access and bad input."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import event, func, select

from app.blueprints.annonces.threads.services import thread_context
from app.extensions import db as _db
from app.mail.delivery import send_pending
from app.models import (
    AnnonceKind,
    AnnonceMessage,
    AnnonceStatus,
    AuditEntry,
    InstitutionKind,
    OutboxMessage,
    UserStatus,
)
from tests.helpers import links_in, post_form

CLOSED = "Cette annonce n&#39;est plus ouverte : il n&#39;est plus possible d&#39;y répondre."


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture()
def people(auth, make_institution, make_user):
    """A (the ad's commune), B (a CPAS that helps) and C (a third party)."""
    a = make_institution(name="Commune de Habay")
    b = make_institution(InstitutionKind.CPAS, name="CPAS d'Étalle")
    c = make_institution(InstitutionKind.ZONE_POLICE, name="Zone de police Gaume")
    users = {
        "a": make_user(institution=a, name="Anne Annonceuse"),
        "b": make_user(institution=b, name="Bruno Aidant", function="Agent administratif"),
        "c": make_user(institution=c, name="Chloé Tierce"),
    }
    return {key: auth.client_for(user) for key, user in users.items()}


@pytest.fixture()
def annonce(people, make_annonce):
    return make_annonce(author=people["a"].user, title="Agent d'état civil pour trois jours")


def answer(client, annonce_id, message, **kwargs):
    return post_form(client, f"/annonces/{annonce_id}/repondre", {"message": message},
                     **kwargs)


def reply(client, annonce_id, partner_id, message, **kwargs):
    return post_form(client, f"/annonces/{annonce_id}/fil/{partner_id}", {"message": message},
                     token_from=f"/annonces/{annonce_id}", **kwargs)


def test_answer_journey_through_smtp(db, people, annonce, smtp):
    a, b, c = people["a"], people["b"], people["c"]
    b_inst = b.user.institution_id

    response = answer(b, annonce.id, "Nous pouvons détacher un agent lundi et mardi.")

    assert response.status_code == 303
    assert response.headers["Location"] == f"/annonces/{annonce.id}#fil-{b_inst}"
    assert "HX-Request" in response.headers["Vary"]
    message = db.session.scalars(select(AnnonceMessage)).one()
    assert (message.partner_id, message.sender_institution_id) == (b_inst, b_inst)
    assert message.sender_id == b.user.id
    assert db.session.scalars(select(AuditEntry.action)).all() == ["annonce.answered"]

    assert send_pending().sent == 1
    mail = smtp.to(a.user.email)[0]
    assert mail["Reply-To"] == b.user.email
    assert mail["Subject"] == ("CPAS d'Étalle peut vous aider : « Agent d'état civil pour "
                               "trois jours »")
    text = mail.get_body(("plain",)).get_content()
    assert "Bonjour Anne Annonceuse" in text
    assert "Nous pouvons détacher un agent lundi et mardi." in text
    assert f"http://localhost/annonces/{annonce.id}#fil-{b_inst}" in links_in(text)
    assert mail.get_body(("html",)) is not None

    for side in (a, b):
        page = side.get(f"/annonces/{annonce.id}").get_data(as_text=True)
        assert f'id="fil-{b_inst}"' in page
        assert "Nous pouvons détacher un agent lundi et mardi." in page
    outsider = c.get(f"/annonces/{annonce.id}").get_data(as_text=True)
    assert "détacher un agent" not in outsider and f'id="fil-{b_inst}"' not in outsider
    assert reply(c, annonce.id, b_inst, "Je lis ce fil ?").status_code == 404

    response = reply(a, annonce.id, b_inst, "Merci ! Lundi 9 h à l'administration.")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/annonces/{annonce.id}#fil-{b_inst}"
    assert send_pending().sent == 1
    mail = smtp.to(b.user.email)[0]
    assert mail["Reply-To"] == a.user.email
    assert "Merci ! Lundi 9 h à l'administration." in mail.get_body(("plain",)).get_content()
    assert count(db, AnnonceMessage) == 2


def test_partner_writes_again_in_its_thread(db, people, annonce):
    b = people["b"]
    answer(b, annonce.id, "Premier message.")
    response = reply(b, annonce.id, b.user.institution_id, "Précision : l'agent parle allemand.")
    assert response.status_code == 303
    last = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert (last.recipient, last.reply_to) == (people["a"].user.email, b.user.email)
    assert last.template == "thread_reply"


def test_each_institution_sees_only_its_own_thread(db, people, annonce):
    a, b, c = people["a"], people["b"], people["c"]
    answer(b, annonce.id, "Message de B.")
    answer(c, annonce.id, "Message de C.")
    page_a = a.get(f"/annonces/{annonce.id}").get_data(as_text=True)
    page_b = b.get(f"/annonces/{annonce.id}").get_data(as_text=True)
    page_c = c.get(f"/annonces/{annonce.id}").get_data(as_text=True)
    assert "Message de B." in page_a and "Message de C." in page_a
    assert "Message de B." in page_b and "Message de C." not in page_b
    assert "Message de C." in page_c and "Message de B." not in page_c
    assert reply(b, annonce.id, c.user.institution_id, "Intrusion").status_code == 404
    assert reply(c, annonce.id, b.user.institution_id, "Intrusion").status_code == 404


def test_reply_needs_an_existing_thread(db, people, annonce):
    a, b = people["a"], people["b"]
    b_inst, a_inst = b.user.institution_id, a.user.institution_id
    assert reply(a, annonce.id, b_inst, "Pas encore de fil").status_code == 404
    assert reply(b, annonce.id, b_inst, "Pas encore de fil").status_code == 404
    answer(b, annonce.id, "Bonjour.")
    assert reply(a, annonce.id, a_inst, "Fil de soi-même").status_code == 404
    assert reply(a, 999999, b_inst, "Annonce inexistante").status_code == 404
    assert count(db, AnnonceMessage) == 1


def test_own_institution_cannot_answer(auth, db, people, annonce, make_user):
    colleague = auth.client_for(make_user(institution=people["a"].user.institution))
    assert colleague.get(f"/annonces/{annonce.id}/repondre").status_code == 403
    assert answer(colleague, annonce.id, "Je m'aide moi-même",
                  token_from="/annonces").status_code == 403
    assert count(db, AnnonceMessage) == 0


def test_closed_ad_cannot_be_answered(db, people, annonce):
    annonce.status = AnnonceStatus.POURVUE
    db.session.commit()
    page = people["b"].get(f"/annonces/{annonce.id}/repondre")
    assert page.status_code == 200
    assert CLOSED in page.get_data(as_text=True)
    assert 'name="message"' not in page.get_data(as_text=True)
    response = post_form(people["b"], f"/annonces/{annonce.id}/repondre",
                         {"message": "Trop tard ?"}, token_from="/annonces")
    assert response.status_code == 200
    assert CLOSED in response.get_data(as_text=True)
    assert count(db, AnnonceMessage) == 0 and count(db, OutboxMessage) == 0


def test_hidden_ad_is_not_found_for_others(db, people, annonce):
    annonce.status = AnnonceStatus.MASQUEE
    db.session.commit()
    assert people["b"].get(f"/annonces/{annonce.id}/repondre").status_code == 404


@pytest.mark.parametrize(("message", "error"), [
    ("", "Écrivez votre message avant de l&#39;envoyer."),
    ("   \n  ", "Écrivez votre message avant de l&#39;envoyer."),
    ("x" * 5001, "Votre message est trop long : 5 000 caractères au maximum."),
])
def test_bad_message_is_refused_in_french_and_kept(db, people, annonce, message, error):
    response = answer(people["b"], annonce.id, message)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert error in html
    assert re.search(r'<textarea[^>]*aria-invalid="true"[^>]*autofocus', html)
    if message.strip():
        assert message in html
    assert count(db, AnnonceMessage) == 0 and count(db, OutboxMessage) == 0


def test_double_submit_sends_one_message(db, people, annonce):
    for _ in range(2):
        assert answer(people["b"], annonce.id, "Nous pouvons aider.").status_code == 303
    b_inst = people["b"].user.institution_id
    for _ in range(2):
        assert reply(people["a"], annonce.id, b_inst, "Merci.").status_code == 303
    assert count(db, AnnonceMessage) == 2 and count(db, OutboxMessage) == 2
    assert answer(people["b"], annonce.id, "Autre précision.").status_code == 303
    assert count(db, AnnonceMessage) == 3


def test_message_of_5000_characters_is_accepted(db, people, annonce):
    assert answer(people["b"], annonce.id, "é" * 5000).status_code == 303


def test_answer_page_and_button_text(db, people, annonce, make_annonce):
    page = people["b"].get(f"/annonces/{annonce.id}/repondre")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in html
    assert ">Je peux aider</button>" in html
    assert re.search(r'<form[^>]*hx-post="/annonces/\d+/repondre"[^>]*hx-target="#echanges"',
                     html.replace("\n", " "))
    offre = make_annonce(author=people["a"].user, kind=AnnonceKind.OFFRE, title="Tente")
    html = people["b"].get(f"/annonces/{offre.id}/repondre").get_data(as_text=True)
    assert ">Je suis intéressé</button>" in html


def test_answer_with_htmx_returns_the_threads_fragment(db, people, annonce):
    response = answer(people["b"], annonce.id, "Réponse rapide.",
                      headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and html.lstrip().startswith("<section")
    assert 'id="echanges"' in html and "Réponse rapide." in html
    message = db.session.scalars(select(AnnonceMessage)).one()
    assert re.search(rf'id="message-{message.id}" tabindex="-1" autofocus', html)
    assert 'hx-swap-oob="true"' in html
    assert "Votre message a été envoyé à Commune de Habay." in html
    assert "HX-Request" in response.headers["Vary"]
    assert 'name="message"' in html and "Votre réponse" in html


def test_invalid_reply_with_htmx_keeps_the_text(db, people, annonce):
    b_inst = people["b"].user.institution_id
    answer(people["b"], annonce.id, "Bonjour.")
    response = reply(people["a"], annonce.id, b_inst, "y" * 5001,
                     headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert "trop long" in html and "y" * 5001 in html
    assert f'id="reponse-{b_inst}"' in html
    assert "HX-Request" in response.headers["Vary"]


def test_answer_goes_to_the_contact_or_to_everyone_when_the_author_left(
        db, people, annonce, make_user):
    institution = people["a"].user.institution
    contact = make_user(institution=institution, name="Claire Contact")
    other = make_user(institution=institution)
    annonce.contact = contact
    people["a"].user.status = UserStatus.SUSPENDED
    db.session.add(people["a"].user)
    db.session.commit()
    answer(people["b"], annonce.id, "Pour le contact.")
    assert db.session.scalars(select(OutboxMessage.recipient)).all() == [contact.email]

    contact.status = UserStatus.SUSPENDED
    db.session.commit()
    answer(people["c"], annonce.id, "Pour tout le monde.")
    recipients = db.session.scalars(
        select(OutboxMessage.recipient).order_by(OutboxMessage.id)).all()[1:]
    assert recipients == [other.email]


def test_thread_query_count_does_not_grow(app, auth, db, people, annonce, make_user,
                                          make_institution):
    a_user = people["a"].user

    def queries() -> int:
        statements = []

        def log(*args):
            statements.append(args[2])

        event.listen(_db.engine, "before_cursor_execute", log)
        try:
            with app.test_request_context():
                thread_context(annonce, a_user)
        finally:
            event.remove(_db.engine, "before_cursor_execute", log)
        return len(statements)

    answer(people["b"], annonce.id, "Un.")
    few = queries()
    for number in range(4):
        helper = auth.client_for(make_user(institution=make_institution(
            name=f"Commune de Renfort {number}")))
        answer(helper, annonce.id, f"Renfort {number}.")
    assert queries() == few
