"""`/mon-espace`: my institution's annonces in every status with their
answers and actions, the collaborations waiting for us; roles and htmx."""
from __future__ import annotations

import pytest

from app.models import AnnonceStatus, AnnonceThread
from tests.helpers import count_queries


@pytest.fixture()
def own(db, make_user, make_institution, make_annonce):
    """A commune with ads in every status, one answered twice."""
    author = make_user(institution=make_institution(name="Commune de Gouvy"))
    ads = {status: make_annonce(author=author, title=f"Annonce {status.value}", status=status)
           for status in AnnonceStatus}
    for partner in (make_institution(name="CPAS de Gouvy"), make_institution(name="Vielsalm")):
        db.session.add(AnnonceThread(annonce_id=ads[AnnonceStatus.OPEN].id,
                                     owner_id=author.institution_id, partner_id=partner.id,
                                     last_sender_id=partner.id, message_count=1))
    db.session.commit()
    return author, ads


def test_every_status_with_answers_and_actions(db, auth, own):
    author, ads = own
    html = auth.client_for(author).get("/mon-espace").get_data(as_text=True)
    for annonce in ads.values():
        assert annonce.title in html
    opened = html.split(f"/annonces/{ads[AnnonceStatus.OPEN].id}\"", 1)[1].split("</tr>")[0]
    assert '<td class="num">2</td>' in opened
    assert f"/annonces/{ads[AnnonceStatus.OPEN].id}/cloturer" in opened
    assert "/rouvrir" not in opened
    filled = html.split(f"/annonces/{ads[AnnonceStatus.POURVUE].id}\"", 1)[1].split("</tr>")[0]
    assert "/rouvrir" in filled and "/cloturer" not in filled


def test_status_filter_with_and_without_htmx(db, auth, own):
    author = own[0]
    client = auth.client_for(author)
    html = client.get("/mon-espace?statut=expiree").get_data(as_text=True)
    listed = html.split('id="mes-annonces"', 1)[1]
    assert "Annonce expiree" in listed and "Annonce ouverte" not in listed
    assert client.get("/mon-espace?statut=nimporte").status_code == 200
    boosted = client.get("/mon-espace?statut=pourvue", headers={"HX-Request": "true"})
    assert boosted.status_code == 200 and 'id="mes-annonces"' in boosted.get_data(as_text=True)


def test_other_institutions_ads_are_not_listed(db, auth, own, member):
    _author, ads = own
    html = member.get("/mon-espace").get_data(as_text=True)
    assert ads[AnnonceStatus.OPEN].title not in html
    assert "Aucune annonce de votre institution" in html


def test_unread_conversations_are_shown(db, auth, own):
    author = own[0]
    html = auth.client_for(author).get("/mon-espace").get_data(as_text=True)
    unread = html.split('id="non-lus-title"', 1)[1].split("</section>", 1)[0]
    assert "Annonce ouverte" in unread and "Vielsalm" in unread


def test_collaborations_waiting_for_us(db, auth, pair, make_collaboration):
    author, partner = pair
    make_collaboration(author, partner, description="Agent demandé par Bouillon")
    html = auth.client_for(partner).get("/mon-espace").get_data(as_text=True)
    assert "Accepter ou refuser la proposition" in html
    mine = auth.client_for(author).get("/mon-espace").get_data(as_text=True)
    assert "Aucune collaboration n'attend votre institution." in mine


def test_visitors_are_sent_to_log_in(client):
    response = client.get("/mon-espace")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_the_header_links_to_it(member):
    assert 'href="/mon-espace"' in member.get("/annonces").get_data(as_text=True)


def test_query_count_is_flat(db, auth, own, make_annonce):
    author, _ads = own
    client = auth.client_for(author)
    few = count_queries(client, "/mon-espace")
    for number in range(25):
        make_annonce(author=author, title=f"Encore {number}")
    assert count_queries(client, "/mon-espace") == few
