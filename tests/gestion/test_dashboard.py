"""The dashboard's figures on known data, its links, and its query count."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import update

from app.blueprints.gestion.reports.dashboard.queries import month_start
from app.localtime import brussels_today
from app.models import (
    Adhesion,
    AdhesionStatus,
    AnnonceStatus,
    Centrale,
    CentraleDomain,
    DocumentTemplate,
    Institution,
    OutboxStatus,
    RegistrationRequest,
    TemplateCategory,
    TemplateFile,
    TemplateVersion,
    utcnow,
)
from tests.helpers import count_queries


def _figure(html: str, label: str) -> int:
    match = re.search(re.escape(label) + r'</th><td class="num">(\d+)</td>', html)
    assert match, label
    return int(match.group(1))


def _template_files(db, *counts: int) -> None:
    template = DocumentTemplate(title="Convention", category=TemplateCategory.AUTRE)
    version = TemplateVersion(template=template, number=1)
    for number, count in enumerate(counts):
        db.session.add(TemplateFile(version=version, format=f"f{number}", download_count=count,
                                    original_name="c.odt", content_type="application/x",
                                    size=10, stored_name=f"stored-{number}-{count}"))
    db.session.flush()


def _known_data(db, make_institution, make_user, make_annonce, make_message):
    now = utcnow()
    last_month = month_start(now) - timedelta(days=1)
    author, helper = make_user(), make_institution(name="Commune d'Habay")
    waiting = [make_institution(is_member=False, name=f"CPAS en attente {n}") for n in range(2)]
    old = RegistrationRequest(institution=waiting[0], name="Ancienne", function="DG",
                              email="a@x.test", created_at=now - timedelta(days=12))
    new = RegistrationRequest(institution=waiting[1], name="Récente", function="DG",
                              email="b@x.test", created_at=now)
    centrale = Centrale(title="Fournitures de bureau", slug="bureau",
                        domain=CentraleDomain.FOURNITURES)
    db.session.add_all([old, new, centrale])
    db.session.add_all([
        Adhesion(centrale=centrale, institution=make_institution(),
                 created_at=now - timedelta(days=3)),
        Adhesion(centrale=centrale, institution=make_institution()),
        Adhesion(centrale=centrale, institution=make_institution(),
                 status=AdhesionStatus.CONFIRMED),
    ])
    for fields in ({}, {}, {"status": AnnonceStatus.MASQUEE},
                   {"status": AnnonceStatus.POURVUE, "helped_by": helper, "closed_at": now},
                   {"status": AnnonceStatus.POURVUE, "closed_at": now},
                   {"status": AnnonceStatus.POURVUE, "helped_by": helper,
                    "closed_at": last_month, "created_at": last_month}):
        make_annonce(author=author, **fields)
    _template_files(db, 5, 7)
    for status, age in ((OutboxStatus.PENDING, 0), (OutboxStatus.PENDING, 2),
                        (OutboxStatus.SENDING, 3), (OutboxStatus.DEAD, 0),
                        (OutboxStatus.DEAD, 30), (OutboxStatus.SENT, 5)):
        make_message(status=status, created_at=now - timedelta(hours=age))
    db.session.execute(update(Institution).where(Institution.is_member.is_(True))
                       .values(member_since=last_month))
    for name in ("Commune de Nassogne", "CPAS de Tellin"):
        make_institution(name=name)  # members since now
    db.session.commit()
    return old, new, centrale


def test_dashboard_figures_on_known_data(db, manager_client, make_institution, make_user,
                                         make_annonce, make_message):
    old, new, centrale = _known_data(db, make_institution, make_user, make_annonce,
                                     make_message)
    response = manager_client.get("/gestion")
    html = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 200
    assert "2 demandes en attente de décision" in html
    assert html.index(f"#request-{old.id}") < html.index(f"#request-{new.id}")
    assert "attend depuis 12 jours" in html and "reçue aujourd'hui" in html
    assert f'href="/gestion/inscriptions#request-{old.id}"' in html
    assert f'href="/gestion/centrales/{centrale.id}/adherents"' in html
    assert "2 demandes, la plus ancienne attend depuis 3 jours" in html
    assert "3 messages en attente d’envoi" in html
    assert "2 messages retardés (en attente depuis plus d’une heure)" in html
    assert 'href="/gestion/courriels?statut=pending"' in html
    assert "2 messages en échec définitif" in html
    assert 'href="/gestion/courriels?statut=dead"' in html
    assert "1 annonce masquée par un gestionnaire" in html
    assert "Modérer les annonces" in html
    first_day = brussels_today().replace(day=1).strftime("%d/%m/%Y")
    assert f"Ce mois-ci (depuis le {first_day})" in html
    assert _figure(html, "Nouvelles institutions adhérentes") == 2
    assert _figure(html, "Annonces publiées") == 5
    assert _figure(html, "Collaborations conclues (annonces pourvues grâce à une autre "
                         "institution)") == 1
    assert _figure(html, "Téléchargements de modèles, au total depuis leur mise en ligne") == 12
    assert "ne garde pas leur date" in html
    assert 'href="/gestion/institutions"' in html and 'href="/gestion/aide"' in html


def test_dashboard_when_nothing_waits(manager_client):
    html = manager_client.get("/gestion").get_data(as_text=True)
    assert "Aucune demande en attente." in html
    assert "Aucune demande d'adhésion à une centrale en attente." in html
    assert "Aucun message retardé" in html and "Aucun message en échec" in html
    assert "Aucune annonce masquée." in html
    assert _figure(html, "Annonces publiées") == 0
    assert _figure(html, "Téléchargements de modèles, au total depuis leur mise en ligne") == 0


def test_month_starts_at_midnight_in_brussels():
    from datetime import UTC, datetime

    assert month_start(datetime(2026, 3, 15, 12, tzinfo=UTC)) == datetime(
        2026, 2, 28, 23, tzinfo=UTC)
    assert month_start(datetime(2026, 7, 31, 22, 30, tzinfo=UTC)) == datetime(
        2026, 7, 31, 22, tzinfo=UTC)  # already 1 August in Brussels


def _more_of_everything(db, make_institution, make_annonce, make_message, count: int):
    centrale = Centrale(title=f"Centrale {count}", slug=f"centrale-{count}",
                        domain=CentraleDomain.SERVICES)
    db.session.add(centrale)
    for number in range(count):
        institution = make_institution(is_member=False)
        db.session.add(RegistrationRequest(institution=institution, name=f"P{number}",
                                           function="DG", email=f"p{number}@x.test"))
        db.session.add(Adhesion(centrale=centrale, institution=institution))
        make_annonce()
        make_message(status=OutboxStatus.DEAD)
    db.session.commit()


def test_query_count_does_not_grow(db, manager_client, make_institution, make_annonce,
                                   make_message):
    _more_of_everything(db, make_institution, make_annonce, make_message, 2)
    manager_client.get("/gestion")
    with_few = count_queries(manager_client, "/gestion")
    _more_of_everything(db, make_institution, make_annonce, make_message, 15)
    assert count_queries(manager_client, "/gestion") == with_few
