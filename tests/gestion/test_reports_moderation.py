"""Reported annonces in moderation and on the dashboard (SPEC 2.10): first in
the list with their count and reasons, hidden or dismissed (both audited),
the reporter never named to the author."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.models import (
    AnnonceReport,
    AnnonceStatus,
    AuditEntry,
    InstitutionKind,
    OutboxMessage,
    ReportOutcome,
    utcnow,
)
from tests.helpers import count_queries, csrf_token, recorded_statements

HX = {"HX-Request": "true"}


def _titles(html: str) -> list[str]:
    return re.findall(r'<a href="/annonces/\d+">([^<]+)</a>', html)


@pytest.fixture()
def reported(db, make_institution, make_user, make_annonce):
    """Three annonces; the oldest reported twice (two institutions), plus a
    report already dismissed on the newest."""
    habay = make_institution(name="Commune de Habay")
    etalle = make_institution(InstitutionKind.CPAS, name="CPAS d'Étalle")
    tintigny = make_institution(name="Commune de Tintigny")
    anne = make_user(institution=habay, name="Anne Auteur", email="anne@habay.test")
    bruno = make_user(institution=etalle, name="Bruno Témoin", email="bruno@etalle.test")
    chloe = make_user(institution=tintigny, name="Chloé Témoin", email="chloe@tintigny.test")
    now = utcnow()
    old = make_annonce(author=anne, title="Tondeuses à vendre", created_at=now - timedelta(days=5))
    middle = make_annonce(author=anne, title="Salle à prêter", created_at=now - timedelta(days=2))
    new = make_annonce(author=anne, title="Agent d'accueil", created_at=now)
    db.session.add_all([
        AnnonceReport(annonce_id=old.id, user_id=bruno.id, institution_id=etalle.id,
                      reason="Vente commerciale", created_at=now - timedelta(days=1)),
        AnnonceReport(annonce_id=old.id, user_id=chloe.id, institution_id=tintigny.id,
                      reason="Prix indiqués"),
        AnnonceReport(annonce_id=new.id, user_id=bruno.id, institution_id=etalle.id,
                      reason="Ancien doute", resolved_at=now,
                      outcome=ReportOutcome.DISMISSED),
    ])
    db.session.commit()
    return {"old": old, "middle": middle, "new": new}


def _open(db, annonce):
    return db.session.scalars(select(AnnonceReport).where(
        AnnonceReport.annonce_id == annonce.id, AnnonceReport.resolved_at.is_(None))).all()


def test_reported_annonces_come_first_with_count_and_reasons(manager_client, reported):
    html = manager_client.get("/gestion/annonces").get_data(as_text=True)
    assert _titles(html) == ["Tondeuses à vendre", "Agent d&#39;accueil", "Salle à prêter"]
    assert html.count("Signalée 2 fois") == 1 and "Signalée 1 fois" not in html
    assert html.index("Vente commerciale") < html.index("Prix indiqués")
    assert "CPAS d&#39;Étalle" in html and "Commune de Tintigny" in html
    assert "Ancien doute" not in html  # dismissed reports are no longer shown
    assert html.count("Classer sans suite") == 1


@pytest.mark.parametrize("headers", [{}, HX])
def test_the_reported_filter(manager_client, reported, headers):
    response = manager_client.get("/gestion/annonces?signalement=signalees", headers=headers)
    html = response.get_data(as_text=True)
    assert _titles(html) == ["Tondeuses à vendre"]
    assert ("<html" in html) == (not headers)
    bad = manager_client.get("/gestion/annonces?signalement=nimporte").get_data(as_text=True)
    assert len(_titles(bad)) == 3 and "Choisissez une valeur dans la liste." in bad


def test_hiding_resolves_the_reports_and_names_no_reporter(db, manager_client, reported):
    old = reported["old"]
    token = csrf_token(manager_client, "/gestion/annonces")
    response = manager_client.post(f"/annonces/{old.id}/masquer",
                                   data={"csrf_token": token, "reason": "Annonce commerciale"})
    assert response.status_code == 303
    db.session.expire_all()
    assert old.status == AnnonceStatus.MASQUEE
    assert _open(db, old) == []
    outcomes = db.session.scalars(select(AnnonceReport.outcome).where(
        AnnonceReport.annonce_id == old.id)).all()
    assert outcomes == [ReportOutcome.HIDDEN, ReportOutcome.HIDDEN]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "annonce.hidden"))
    assert entry.details["reports_resolved"] == 2
    [notice] = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.template == "annonce_hidden")).all()
    assert notice.recipient == "anne@habay.test"
    for text in (notice.body_text, notice.body_html):
        assert "Annonce commerciale" in text
        for name in ("Bruno", "Chloé", "Étalle", "Tintigny", "bruno@", "chloe@",
                     "Vente commerciale", "Prix indiqués"):
            assert name not in text


def test_dismissing_resolves_the_reports_and_is_audited(db, manager_client, manager, reported):
    old = reported["old"]
    token = csrf_token(manager_client, "/gestion/annonces")
    response = manager_client.post(f"/gestion/annonces/{old.id}/classer",
                                   data={"csrf_token": token}, headers=HX)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/gestion/annonces?signalement=signalees")
    page = manager_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "sont classés sans suite" in page and _titles(page) == []
    db.session.expire_all()
    assert old.status == AnnonceStatus.OPEN
    reports = db.session.scalars(select(AnnonceReport).where(
        AnnonceReport.annonce_id == old.id)).all()
    assert {(r.outcome, r.resolved_by_id) for r in reports} == {
        (ReportOutcome.DISMISSED, manager.id)}
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "annonce.reports_dismissed"))
    assert entry.target_id == old.id and entry.details["count"] == 2
    # nothing left to dismiss: a message, no new entry, no error
    again = manager_client.post(f"/gestion/annonces/{old.id}/classer",
                                data={"csrf_token": token})
    assert again.status_code == 303
    assert "aucun signalement en attente" in manager_client.get(
        again.headers["Location"]).get_data(as_text=True)
    assert len(db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "annonce.reports_dismissed")).all()) == 1
    assert manager_client.post("/gestion/annonces/999999/classer",
                               data={"csrf_token": token}).status_code == 404


def test_only_managers_dismiss(db, client, auth, make_user, reported):
    path = f"/gestion/annonces/{reported['old'].id}/classer"
    member = auth.client_for(make_user())
    token = csrf_token(member, "/annonces")
    assert member.post(path, data={"csrf_token": token}).status_code == 403
    assert len(_open(db, reported["old"])) == 2


def test_dashboard_counts_reported_annonces(manager_client, reported):
    html = manager_client.get("/gestion").get_data(as_text=True)
    assert "1 annonce signalée attend votre examen" in html
    assert 'href="/gestion/annonces?signalement=signalees"' in html


def test_dashboard_without_reports(manager_client):
    html = manager_client.get("/gestion").get_data(as_text=True)
    assert "Aucune annonce signalée en attente." in html


def test_moderation_queries_stay_flat(db, manager_client, make_user, make_annonce, reported):
    few = count_queries(manager_client, "/gestion/annonces")
    for n in range(6):
        annonce = make_annonce(title=f"Annonce {n}")
        reporter = make_user()
        db.session.add(AnnonceReport(annonce_id=annonce.id, user_id=reporter.id,
                                     institution_id=reporter.institution_id, reason="Doute"))
    db.session.commit()
    assert count_queries(manager_client, "/gestion/annonces") == few
    with recorded_statements() as statements:
        manager_client.get("/gestion")
    dashboard = len(statements)
    make_annonce(title="Encore une")
    with recorded_statements() as statements:
        manager_client.get("/gestion")
    assert len(statements) == dashboard


def test_pages_run_across_reported_and_others(db, monkeypatch, manager_client, make_annonce,
                                              make_user, reported):
    from app.blueprints.gestion.moderation import queries

    monkeypatch.setattr(queries, "PER_PAGE", 2)
    reporter = make_user()
    make_annonce(title="Dernière", created_at=utcnow() - timedelta(days=30))
    for key in ("middle", "new"):
        db.session.add(AnnonceReport(annonce_id=reported[key].id, user_id=reporter.id,
                                     institution_id=reporter.institution_id, reason="Doute"))
    db.session.commit()
    pages = [_titles(manager_client.get(f"/gestion/annonces?page={n}").get_data(as_text=True))
             for n in (1, 2, 3)]
    # the three reported (newest first), then the other one, across the page break
    assert pages == [["Agent d&#39;accueil", "Salle à prêter"], ["Tondeuses à vendre", "Dernière"],
                     []]
