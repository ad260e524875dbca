"""Reporting an annonce to the platform managers (SPEC 2.10): once per user
and annonce, rate-limited, never one's own institution's, with and without htmx."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AnnonceReport, AnnonceStatus, AuditEntry, InstitutionKind, UserStatus
from tests.helpers import TOKEN_PAGE, csrf_token

HX = {"HX-Request": "true"}


@pytest.fixture()
def setting(make_institution, make_user, make_annonce):
    a = make_institution(name="Commune de Habay")
    b = make_institution(InstitutionKind.CPAS, name="CPAS d'Étalle")
    author = make_user(institution=a, name="Anne Auteur")
    annonce = make_annonce(author=author, title="Tondeuses à vendre")
    return {"a": a, "b": b, "author": author, "annonce": annonce,
            "reporter": make_user(institution=b, name="Bruno Témoin"),
            "colleague": make_user(institution=b, name="Berthe Collègue")}


def _report(client, annonce_id: int, reason: str = "Annonce commerciale", headers=None):
    token = csrf_token(client, f"/annonces/{annonce_id}")
    return client.post(f"/annonces/{annonce_id}/signaler",
                       data={"csrf_token": token, "reason": reason}, headers=headers or {})


def _reports():
    return db.session.scalars(select(AnnonceReport).order_by(AnnonceReport.id)).all()


def test_the_annonce_page_offers_the_report_form_to_other_institutions(auth, setting):
    other = auth.client_for(setting["reporter"])
    html = other.get(f"/annonces/{setting['annonce'].id}").get_data(as_text=True)
    assert "Signaler cette annonce au gestionnaire" in html
    assert 'for="report-reason"' in html
    own = auth.client_for(setting["author"])
    html = own.get(f"/annonces/{setting['annonce'].id}").get_data(as_text=True)
    assert "Signaler cette annonce au gestionnaire" not in html


def test_report_without_javascript_redirects_with_a_message(auth, setting):
    client = auth.client_for(setting["reporter"])
    response = _report(client, setting["annonce"].id, "  Vente privée, pas un service public ")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/annonces/{setting['annonce'].id}#signaler")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "votre signalement a été transmis" in page
    [report] = _reports()
    assert (report.user_id, report.institution_id) == (setting["reporter"].id, setting["b"].id)
    assert report.reason == "Vente privée, pas un service public"
    assert report.resolved_at is None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "annonce.reported"))
    assert entry.actor_id == setting["reporter"].id
    assert entry.target_id == setting["annonce"].id


def test_report_with_htmx_swaps_the_section(auth, setting):
    client = auth.client_for(setting["reporter"])
    response = _report(client, setting["annonce"].id, headers=HX)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<section id=\"signaler\"" in html
    assert "<html" not in html
    assert "ne saura pas qui l’a signalée" in html
    assert "votre signalement a été transmis" in html  # the flash, out of band
    assert len(_reports()) == 1


def test_once_per_user_but_each_colleague_once(auth, setting):
    reporter = auth.client_for(setting["reporter"])
    assert _report(reporter, setting["annonce"].id).status_code == 303
    second = _report(reporter, setting["annonce"].id, "Encore")
    assert second.status_code == 303
    page = reporter.get(second.headers["Location"]).get_data(as_text=True)
    assert "Vous avez déjà signalé cette annonce." in page
    assert len(_reports()) == 1
    colleague = auth.client_for(setting["colleague"])
    assert _report(colleague, setting["annonce"].id).status_code == 303
    assert [r.user_id for r in _reports()] == [setting["reporter"].id, setting["colleague"].id]
    assert db.session.scalar(select(AuditEntry.id).where(
        AuditEntry.action == "annonce.reported").limit(1).offset(2)) is None


@pytest.mark.parametrize("role", ["author", "colleague_of_author"])
def test_own_institution_cannot_report(auth, make_user, setting, role):
    user = setting["author"] if role == "author" else make_user(
        institution=setting["a"], is_referent=True)
    client = auth.client_for(user)
    assert _report(client, setting["annonce"].id).status_code == 403
    assert _reports() == []


@pytest.mark.parametrize("reason, message", [
    ("", "Expliquez en quelques mots ce qui ne va pas."),
    ("   ", "Expliquez en quelques mots ce qui ne va pas."),
    ("x" * 2001, "Le motif ne peut pas dépasser 2 000 caractères."),
])
@pytest.mark.parametrize("headers", [{}, HX])
def test_bad_reason_is_refused_next_to_the_field_and_kept(auth, setting, reason, message,
                                                          headers):
    client = auth.client_for(setting["reporter"])
    response = _report(client, setting["annonce"].id, reason, headers=headers)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="report-reason-error">{message}' in html
    assert 'aria-invalid="true"' in html
    if reason.strip():
        assert reason in html  # nothing typed is lost
    assert ("<html" in html) == (not headers)
    assert _reports() == []


def test_roles(client, auth, make_user, make_manager, setting):
    path = f"/annonces/{setting['annonce'].id}/signaler"
    visitor = client.post(path, data={"csrf_token": csrf_token(client, TOKEN_PAGE),
                                      "reason": "x"})
    assert visitor.status_code in (302, 303) and "/connexion" in visitor.headers["Location"]
    suspended_user = make_user(institution=setting["b"])
    suspended = auth.client_for(suspended_user)
    token = csrf_token(suspended, f"/annonces/{setting['annonce'].id}")
    suspended_user.status = UserStatus.SUSPENDED
    db.session.commit()
    response = suspended.post(path, data={"csrf_token": token, "reason": "x"})
    assert response.status_code in (302, 303) and "/connexion" in response.headers["Location"]
    assert _reports() == []


def test_hidden_or_missing_annonce_is_not_found(auth, make_annonce, setting):
    hidden = make_annonce(author=setting["author"], status=AnnonceStatus.MASQUEE)
    client = auth.client_for(setting["reporter"])
    token = csrf_token(client, f"/annonces/{setting['annonce'].id}")
    for annonce_id in (hidden.id, 999_999):
        response = client.post(f"/annonces/{annonce_id}/signaler",
                               data={"csrf_token": token, "reason": "x"})
        assert response.status_code == 404
    assert _reports() == []


def test_rate_limited_per_user_with_a_french_page(auth, make_annonce, make_user, setting):
    annonces = [make_annonce(author=setting["author"], title=f"Annonce {n}") for n in range(11)]
    client = auth.client_for(setting["reporter"])
    token = csrf_token(client, f"/annonces/{setting['annonce'].id}")
    for annonce in annonces[:10]:
        response = client.post(f"/annonces/{annonce.id}/signaler",
                               data={"csrf_token": token, "reason": "Doublon"})
        assert response.status_code == 303
    refused = client.post(f"/annonces/{annonces[10].id}/signaler",
                          data={"csrf_token": token, "reason": "Doublon"})
    assert refused.status_code == 429
    assert "Trop de tentatives" in refused.get_data(as_text=True)
    assert len(_reports()) == 10
    # per user: a colleague may still report
    colleague = auth.client_for(setting["colleague"])
    assert _report(colleague, annonces[10].id).status_code == 303
