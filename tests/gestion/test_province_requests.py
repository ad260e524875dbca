"""The demandes addressed to the Province (SPEC 2.10): managers only, urgent
first then oldest, waiting time in Brussels days, the Province's proposal,
and the dashboard's figures."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.blueprints.gestion.province.queries import waiting_days
from app.models import (
    AddressedTo,
    AnnonceKind,
    AnnonceStatus,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    Institution,
    InstitutionKind,
    UserStatus,
    utcnow,
)
from tests.helpers import count_queries, recorded_statements

HX = {"HX-Request": "true"}
PATH = "/gestion/demandes-province"


def _titles(html: str) -> list[str]:
    return re.findall(r'<a href="/annonces/\d+">([^<]+)</a>', html)


def _collaboration(db, annonce, province, proposer, status=CollaborationStatus.PROPOSEE):
    collaboration = Collaboration(
        annonce_id=annonce.id, provider_id=province.id, beneficiary_id=annonce.institution_id,
        proposer_id=proposer.id, kind=CollaborationKind.PERSONNEL, status=status,
        start_date=date(2026, 12, 14), end_date=date(2026, 12, 18))
    db.session.add(collaboration)
    db.session.commit()
    return collaboration


@pytest.fixture()
def requests_(db, make_institution, make_user, make_annonce, manager):
    province = db.session.scalar(select(Institution).where(
        Institution.kind == InstitutionKind.PROVINCE))
    habay = make_institution(name="Commune de Habay")
    anne = make_user(institution=habay, name="Anne Auteur")
    now = utcnow()

    def ad(title, days, **fields):
        return make_annonce(author=anne, title=title, addressed_to=AddressedTo.PROVINCE,
                            created_at=now - timedelta(days=days), **fields)

    rows = {
        "old": ad("Ouvrier pour l'hiver", 9),
        "recent": ad("Agent administratif", 1, first_answered_at=now),
        "urgent_new": ad("Urgent : agent d'état civil", 0, urgent=True),
        "urgent_old": ad("Urgent : fossoyeur", 3, urgent=True),
        "closed": ad("Comptable en renfort", 20, status=AnnonceStatus.POURVUE,
                     closed_at=now - timedelta(days=14)),
        "to_all": make_annonce(author=anne, title="Pour tous", created_at=now),
        "offer": make_annonce(author=anne, title="Offre à la Province",
                              kind=AnnonceKind.OFFRE, addressed_to=AddressedTo.PROVINCE),
    }
    _collaboration(db, rows["old"], province, proposer=province)
    _collaboration(db, rows["urgent_old"], province, proposer=habay,
                   status=CollaborationStatus.ACCEPTEE)
    return {"province": province, "habay": habay, **rows}


def test_roles(db, client, auth, make_user, manager_client, make_institution):
    visitor = client.get(PATH)
    assert visitor.status_code == 302 and "/connexion" in visitor.headers["Location"]
    a, b = make_institution(), make_institution(InstitutionKind.CPAS)
    for user in (make_user(institution=a), make_user(institution=b),
                 make_user(institution=a, is_referent=True)):
        assert auth.client_for(user).get(PATH).status_code == 403
    suspended_user = make_user(institution=a, is_manager=True)
    suspended = auth.client_for(suspended_user)
    suspended_user.status = UserStatus.SUSPENDED
    db.session.commit()
    assert "/connexion" in suspended.get(PATH).headers["Location"]
    assert manager_client.get(PATH).status_code == 200


def test_open_requests_urgent_first_then_oldest(manager_client, requests_):
    html = manager_client.get(PATH).get_data(as_text=True)
    assert _titles(html) == ["Urgent : fossoyeur", "Urgent : agent d&#39;état civil",
                             "Ouvrier pour l&#39;hiver", "Agent administratif"]
    assert "4 demandes" in html
    assert "Commune de Habay" in html


def test_waiting_answer_and_province_proposal(manager_client, requests_):
    html = manager_client.get(PATH).get_data(as_text=True)
    rows = html.split("<tr>")[2:]
    fossoyeur, etat_civil, ouvrier, administratif = rows
    assert "depuis 3 jours" in fossoyeur
    assert "<td>depuis aujourd'hui</td>" in etat_civil
    assert "depuis 9 jours" in ouvrier
    assert "<td>depuis 1 jour</td>" in administratif
    assert "Répondue le" in administratif and "Aucune réponse" in ouvrier
    assert "Proposée par la Province" in ouvrier and "Proposée" in ouvrier
    assert "La Province aide (proposée par le demandeur)" in fossoyeur
    assert "Acceptée" in fossoyeur
    assert "Aucune proposition" in etat_civil and "Aucune proposition" in administratif


@pytest.mark.parametrize("headers", [{}, HX])
def test_all_requests_with_closed_ones(manager_client, requests_, headers):
    response = manager_client.get(PATH + "?statut=toutes", headers=headers)
    html = response.get_data(as_text=True)
    assert _titles(html)[-1] == "Comptable en renfort" and len(_titles(html)) == 5
    assert "restée ouverte 6 jours" in html
    assert "Pour tous" not in html and "Offre à la Province" not in html
    assert ("<html" in html) == (not headers)


def test_waiting_days_are_brussels_days(make_annonce):
    # 23:30 UTC on 28/11 is already 29/11 in Brussels
    annonce = make_annonce(created_at=datetime(2026, 11, 28, 23, 30, tzinfo=UTC))
    assert waiting_days(annonce, datetime(2026, 11, 29, 22, 59, tzinfo=UTC)) == 0
    assert waiting_days(annonce, datetime(2026, 11, 29, 23, 1, tzinfo=UTC)) == 1


def test_pages(manager_client, make_annonce, make_user):
    author = make_user()
    for n in range(27):
        make_annonce(author=author, title=f"Demande {n:02d}", addressed_to=AddressedTo.PROVINCE,
                     created_at=utcnow() - timedelta(days=30 - n))
    first = manager_client.get(PATH).get_data(as_text=True)
    assert len(_titles(first)) == 25 and "Page 1 sur 2" in first
    second = manager_client.get(PATH + "?page=2").get_data(as_text=True)
    assert _titles(second) == ["Demande 25", "Demande 26"]
    assert manager_client.get(PATH + "?page=abc&statut=x").status_code == 200


def test_dashboard_shows_how_many_wait_and_the_oldest(db, manager_client, requests_):
    html = manager_client.get("/gestion").get_data(as_text=True)
    # "Ouvrier" has the Province's proposal; the three others wait
    assert "3 demandes ouvertes attendent une proposition de la Province" in html
    oldest = requests_["urgent_old"]
    assert f'<a href="/annonces/{oldest.id}">Urgent : fossoyeur</a>' in html
    assert "attend depuis 3 jours" in html
    assert 'href="/gestion/demandes-province"' in html


def test_dashboard_when_none_wait(manager_client):
    html = manager_client.get("/gestion").get_data(as_text=True)
    assert "Aucune demande ouverte n’attend de proposition de la Province." in html


def test_query_count_is_flat(db, manager_client, make_annonce, make_user, requests_):
    few = count_queries(manager_client, PATH)
    author = make_user()
    for n in range(8):
        annonce = make_annonce(author=author, title=f"Demande {n}",
                               addressed_to=AddressedTo.PROVINCE, urgent=n % 2 == 0)
        _collaboration(db, annonce, requests_["province"], proposer=requests_["province"])
    assert count_queries(manager_client, PATH) == few
    with recorded_statements() as statements:
        manager_client.get(PATH + "?statut=toutes", headers=HX)
    assert len(statements) <= few
