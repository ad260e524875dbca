"""`/echanges`: my institution's threads, newest first, unread per user;
the header's unread count and its polled counter; opening an annonce marks
its threads read; the thread summary kept by the messages' service."""
from __future__ import annotations

import html as html_lib
import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.auth.sessions import IDLE_TIMEOUT_SECONDS
from app.blueprints.annonces.threads.summary import record_message
from app.blueprints.echanges.queries import unread_count, unread_threads
from app.extensions import db as _db
from app.models import AnnonceMessage, AnnonceThread, InstitutionKind, User, UserStatus, utcnow
from tests.helpers import post_form, recorded_statements

HTMX = {"HX-Request": "true"}


@pytest.fixture()
def people(auth, make_institution, make_user):
    """A (two colleagues), B, C (who answer ads) and D (a bystander)."""
    a = make_institution(name="Commune de Habay")
    b = make_institution(InstitutionKind.CPAS, name="CPAS d'Étalle")
    c = make_institution(InstitutionKind.ZONE_POLICE, name="Zone de police Gaume")
    d = make_institution(name="Commune de Tintigny")
    users = {"a": make_user(institution=a, name="Anne"),
             "a2": make_user(institution=a, name="Arnaud"),
             "b": make_user(institution=b, name="Bruno"),
             "c": make_user(institution=c, name="Chloé"),
             "d": make_user(institution=d, name="Denis")}
    return {key: auth.client_for(user) for key, user in users.items()}


def answer(client, annonce_id, message="Nous pouvons aider."):
    response = post_form(client, f"/annonces/{annonce_id}/repondre", {"message": message})
    assert response.status_code == 303
    return response


def reply(client, annonce_id, partner_id, message="Merci, à lundi."):
    response = post_form(client, f"/annonces/{annonce_id}/fil/{partner_id}",
                         {"message": message}, token_from=f"/annonces/{annonce_id}")
    assert response.status_code == 303
    return response


def add_message(annonce, sender: User, partner_id: int, when=None) -> None:
    """A message written straight through the summary's upkeep (no request)."""
    message = AnnonceMessage(annonce=annonce, partner_id=partner_id, sender=sender,
                             sender_institution_id=sender.institution_id, body="Bonjour.",
                             created_at=when or utcnow())
    _db.session.add(message)
    _db.session.flush()
    record_message(annonce, message)
    _db.session.commit()


def rows(html: str) -> list[str]:
    """The annonce titles of the list, in order, with their "Non lu" marker."""
    found = re.findall(
        r'<td>(<strong class="badge">Non lu</strong> )?<a href="/annonces/\d+#fil-\d+">([^<]+)</a>',
        html)
    return [("Non lu " if marker else "") + html_lib.unescape(title) for marker, title in found]


def header_count(html: str) -> str:
    link = re.search(r'<a id="lien-echanges"[^>]*>(.*?)</a>', html, re.S)
    assert link, "no Échanges link in the header"
    return re.sub(r"<[^>]+>", "", link.group(1)).strip()


def test_threads_listed_newest_first_for_both_sides_and_only_theirs(people, make_annonce):
    first = make_annonce(author=people["a"].user, title="Agent d'état civil")
    second = make_annonce(author=people["a"].user, title="Camionnette")
    of_c = make_annonce(author=people["c"].user, title="Tente de réception")
    answer(people["b"], first.id)
    answer(people["c"], second.id)
    answer(people["b"], of_c.id)

    html = people["a"].get("/echanges").get_data(as_text=True)
    assert rows(html) == ["Non lu Camionnette", "Non lu Agent d'état civil"]
    assert "CPAS d&#39;Étalle" in html and "Zone de police Gaume" in html
    assert f'href="/annonces/{first.id}#fil-{people["b"].user.institution_id}"' in html
    # B sees its two threads (as the answering side), none of its own unread.
    assert rows(people["b"].get("/echanges").get_data(as_text=True)) == [
        "Tente de réception", "Agent d'état civil"]
    reply(people["a"], first.id, people["b"].user.institution_id)
    html = people["b"].get("/echanges").get_data(as_text=True)
    assert rows(html) == ["Non lu Agent d'état civil", "Tente de réception"]
    assert "Camionnette" not in html  # A and C's thread
    assert rows(people["d"].get("/echanges").get_data(as_text=True)) == []
    assert "Aucun échange pour votre institution" in people["d"].get("/echanges").get_data(
        as_text=True)


def test_unread_is_per_user_and_opening_the_annonce_marks_it_read(people, make_annonce):
    annonce = make_annonce(author=people["a"].user, title="Agent d'état civil")
    answer(people["b"], annonce.id)
    for key in ("a", "a2"):
        html = people[key].get("/echanges").get_data(as_text=True)
        assert rows(html) == ["Non lu Agent d'état civil"]
        assert header_count(html) == "Échanges (1 non lu)"
    assert header_count(people["b"].get("/echanges").get_data(as_text=True)) == "Échanges"

    assert people["a"].get(f"/annonces/{annonce.id}").status_code == 200
    html = people["a"].get("/echanges").get_data(as_text=True)
    assert rows(html) == ["Agent d'état civil"] and header_count(html) == "Échanges"
    # The colleague has not read it yet.
    assert rows(people["a2"].get("/echanges").get_data(as_text=True)) == [
        "Non lu Agent d'état civil"]
    # A new message of B makes it unread again for A.
    reply(people["b"], annonce.id, people["b"].user.institution_id, "Une précision.")
    assert rows(people["a"].get("/echanges").get_data(as_text=True)) == [
        "Non lu Agent d'état civil"]


def test_a_writer_has_read_the_thread_and_the_summary_counts(people, make_annonce, db):
    annonce = make_annonce(author=people["a"].user)
    b = people["b"].user
    answer(people["b"], annonce.id)
    reply(people["a"], annonce.id, b.institution_id)
    reply(people["b"], annonce.id, b.institution_id, "Parfait.")
    thread = db.session.scalar(select(AnnonceThread))
    assert (thread.owner_id, thread.partner_id, thread.message_count,
            thread.last_sender_id) == (annonce.institution_id, b.institution_id, 3,
                                       b.institution_id)
    last = db.session.scalar(select(AnnonceMessage).order_by(AnnonceMessage.id.desc()))
    assert thread.last_message_at == last.created_at
    assert unread_count(db.session.get(User, b.id)) == 0
    assert unread_count(db.session.get(User, people["a"].user.id)) == 1


def test_first_answered_at_is_the_first_answer_of_another_institution(people, make_annonce,
                                                                       db):
    annonce = make_annonce(author=people["a"].user)
    assert annonce.first_answered_at is None
    answer(people["b"], annonce.id)
    first = db.session.scalar(select(AnnonceMessage.created_at))
    reply(people["a"], annonce.id, people["b"].user.institution_id)
    answer(people["c"], annonce.id)
    db.session.expire_all()
    assert annonce.first_answered_at == first


def test_filter_unread_only_with_and_without_htmx(people, make_annonce):
    read = make_annonce(author=people["a"].user, title="Déjà lue")
    unread = make_annonce(author=people["a"].user, title="Pas encore lue")
    answer(people["b"], read.id)
    answer(people["c"], unread.id)
    people["a"].get(f"/annonces/{read.id}")

    page = people["a"].get("/echanges?non-lus=1").get_data(as_text=True)
    assert "<html" in page and rows(page) == ["Non lu Pas encore lue"]
    assert 'name="non-lus" value="1" checked' in page
    response = people["a"].get("/echanges?non-lus=1", headers=HTMX)
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment and rows(fragment) == ["Non lu Pas encore lue"]
    assert "1 échange non lu" in fragment and "HX-Request" in response.headers["Vary"]
    assert rows(people["a"].get("/echanges?non-lus=oui").get_data(as_text=True)) == [
        "Non lu Pas encore lue", "Déjà lue"]
    assert people["a"].get("/echanges?page=999999999999&non-lus=1").status_code == 200


def test_pages_of_twenty(people, make_annonce, db):
    a, b = people["a"].user, people["b"].user
    start = utcnow() - timedelta(days=1)
    for k in range(21):
        add_message(make_annonce(author=a, title=f"Annonce {k:02d}"), b, b.institution_id,
                    start + timedelta(minutes=k))
    first = rows(people["a"].get("/echanges").get_data(as_text=True))
    assert len(first) == 20 and first[0] == "Non lu Annonce 20"
    assert rows(people["a"].get("/echanges?page=2").get_data(as_text=True)) == [
        "Non lu Annonce 00"]


def test_roles(people, client, make_user, make_manager, auth):
    response = client.get("/echanges")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    suspended = auth.client_for(make_user())
    _db.session.get(User, suspended.user.id).status = UserStatus.SUSPENDED
    _db.session.commit()
    assert suspended.get("/echanges").status_code == 302
    assert auth.client_for(make_manager()).get("/echanges").status_code == 200


def test_header_count_costs_one_query_and_nothing_for_visitors(people, make_annonce, client):
    answer(people["b"], make_annonce(author=people["a"].user).id)
    with recorded_statements() as statements:
        html = people["a"].get("/membres").get_data(as_text=True)
    assert header_count(html) == "Échanges (1 non lu)"
    assert len([s for s in statements if "annonce_thread" in s]) == 1
    with recorded_statements() as statements:
        html = client.get("/").get_data(as_text=True)
    assert "lien-echanges" not in html
    assert not [s for s in statements if "annonce_thread" in s]


def test_counter_for_a_member_polls_without_keeping_the_session_alive(people, make_annonce):
    answer(people["b"], make_annonce(author=people["a"].user).id)
    member = people["a"]
    ten_minutes_ago = int(time.time()) - 600
    with member.session_transaction() as session:
        session["last_seen"] = ten_minutes_ago
    response = member.get("/echanges/compteur", headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert header_count(html) == "Échanges (1 non lu)"
    assert 'hx-trigger="every 60s"' in html and "aria-live" not in html
    with member.session_transaction() as session:
        assert session["last_seen"] == ten_minutes_ago
    on_the_list = member.get("/echanges/compteur", headers={
        **HTMX, "HX-Current-URL": "http://localhost/echanges?non-lus=1"})
    assert 'aria-current="page"' in on_the_list.get_data(as_text=True)
    assert 'aria-current' not in html
    member.get("/echanges")  # a page the user opens is activity
    with member.session_transaction() as session:
        assert session["last_seen"] > ten_minutes_ago


@pytest.mark.parametrize("headers", [HTMX, {}])
def test_counter_stops_polling_for_a_visitor_or_an_expired_session(people, client, headers):
    response = client.get("/echanges/compteur", headers=headers)
    assert response.status_code == 286 and "Location" not in response.headers
    assert "HX-Redirect" not in response.headers
    html = response.get_data(as_text=True)
    assert "hx-get" not in html and header_count(html) == "Échanges"
    member = people["a"]
    with member.session_transaction() as session:
        session["last_seen"] -= IDLE_TIMEOUT_SECONDS + 1
    response = member.get("/echanges/compteur", headers=headers)
    assert response.status_code == 286 and "HX-Redirect" not in response.headers
    assert member.get("/echanges").status_code == 302  # the session did end


def test_unread_threads_for_the_workspace(people, make_annonce, db):
    a, b, c = (db.session.get(User, people[k].user.id) for k in "abc")
    old = make_annonce(author=a, title="Ancienne")
    new = make_annonce(author=a, title="Récente")
    add_message(old, b, b.institution_id, utcnow() - timedelta(hours=2))
    add_message(new, c, c.institution_id, utcnow() - timedelta(hours=1))
    add_message(make_annonce(author=a, title="Lue"), a, b.institution_id)
    db.session.refresh(a)  # loaded before counting: the commits expired it
    with recorded_statements() as statements:
        threads = unread_threads(a, 5)
    assert len(statements) == 1
    assert [(t.title, t.other_name) for t in threads] == [
        ("Récente", "Zone de police Gaume"), ("Ancienne", "CPAS d'Étalle")]
    assert threads[0].unread and threads[0].partner_id == c.institution_id
    assert [t.title for t in unread_threads(a, 1)] == ["Récente"]
    assert unread_count(a) == 2 and unread_count(people["d"].user) == 0


def test_query_counts_flat_as_threads_grow(people, make_annonce, db):
    a = db.session.get(User, people["a"].user.id)
    b = db.session.get(User, people["b"].user.id)

    def grow(n):
        for _ in range(n):
            add_message(make_annonce(author=a, title="Agent"), b, b.institution_id)

    def counts():
        result = []
        for path, headers in (("/echanges", {}), ("/echanges", HTMX),
                              ("/echanges?non-lus=1", HTMX), ("/echanges/compteur", HTMX)):
            with recorded_statements() as statements:
                assert people["a"].get(path, headers=headers).status_code == 200
            result.append(len(statements))
        return result

    grow(2)
    few = counts()
    grow(25)
    assert counts() == few


def test_opening_an_annonce_writes_nothing_once_read(people, make_annonce, db):
    annonce = make_annonce(author=people["a"].user)
    answer(people["b"], annonce.id)
    people["a"].get(f"/annonces/{annonce.id}")
    with recorded_statements() as statements:
        people["a"].get(f"/annonces/{annonce.id}")
    upserts = [s for s in statements if s.startswith("INSERT INTO thread_read")]
    assert len(upserts) == 1  # one statement, which finds nothing left to mark
    assert unread_count(db.session.get(User, people["a"].user.id)) == 0
    # A visitor of another institution marks nothing and sees no thread.
    assert people["d"].get(f"/annonces/{annonce.id}").status_code == 200
    assert unread_count(db.session.get(User, people["d"].user.id)) == 0
