"""Who may act on an annonce: institution B never touches institution A's
ad; hidden ads; moderation by managers."""
from __future__ import annotations

import pytest

from app.models import AnnonceStatus, InstitutionKind
from tests.annonces.manage_helpers import (
    ad_form,
    annonces,
    audit_actions,
    in_days,
    outbox,
    pdf,
    post_action,
    post_ad,
)


@pytest.fixture()
def setting(auth, db, make_user, make_institution, make_manager):
    """An ad of institution A with one attachment, and clients for A, B and a manager."""
    institution_a = make_institution(InstitutionKind.COMMUNE, name="Commune de Léglise")
    institution_b = make_institution(InstitutionKind.CPAS, name="CPAS de Fauvillers")
    a = auth.client_for(make_user(institution=institution_a, email="auteur@leglise.test"))
    b = auth.client_for(make_user(institution=institution_b))
    manager = auth.client_for(make_manager())
    assert post_ad(a, {**ad_form(), "attachments": [pdf()]}).status_code == 303
    annonce = annonces(db)[0]
    return {"a": a, "b": b, "manager": manager, "annonce": annonce,
            "attachment": annonce.attachments[0]}


def _paths(annonce, attachment) -> dict[str, tuple[str, str]]:
    base = f"/annonces/{annonce.id}"
    return {
        "edit": ("GET", f"{base}/modifier"),
        "edit_post": ("POST", f"{base}/modifier"),
        "close": ("GET", f"{base}/cloturer"),
        "close_post": ("POST", f"{base}/cloturer"),
        "reopen": ("POST", f"{base}/rouvrir"),
        "delete_attachment": ("POST", f"{base}/pieces/{attachment.id}/supprimer"),
    }


@pytest.mark.parametrize("action", ["edit", "edit_post", "close", "close_post", "reopen",
                                    "delete_attachment"])
def test_other_institution_is_refused(setting, db, action):
    method, path = _paths(setting["annonce"], setting["attachment"])[action]
    b = setting["b"]
    if method == "GET":
        response = b.get(path)
    else:
        response = post_action(b, path, {**ad_form(title="Piraté"), "outcome": "annulee"})
    assert response.status_code in (403, 404)
    [annonce] = annonces(db)
    assert annonce.title != "Piraté" and annonce.status == AnnonceStatus.OPEN
    assert len(annonce.attachments) == 1


def test_other_institution_may_read_and_download(setting):
    annonce, attachment = setting["annonce"], setting["attachment"]
    assert setting["b"].get(f"/annonces/{annonce.id}").status_code == 200
    response = setting["b"].get(f"/annonces/{annonce.id}/pieces/{attachment.id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")


def test_attachment_must_belong_to_the_ad(setting, make_annonce):
    other = make_annonce()
    attachment = setting["attachment"]
    assert setting["a"].get(f"/annonces/{other.id}/pieces/{attachment.id}").status_code == 404
    assert post_action(setting["a"], f"/annonces/{other.id}/pieces/{attachment.id}/supprimer"
                       ).status_code in (403, 404)


def test_hidden_ad_is_404_for_other_institutions(setting, db):
    annonce, attachment = setting["annonce"], setting["attachment"]
    annonce.status = AnnonceStatus.MASQUEE
    annonce.hidden_reason = "Hors sujet"
    db.session.commit()
    b = setting["b"]
    assert b.get(f"/annonces/{annonce.id}").status_code == 404
    assert b.get(f"/annonces/{annonce.id}/pieces/{attachment.id}").status_code == 404
    assert post_action(b, f"/annonces/{annonce.id}/cloturer",
                       {"outcome": "annulee"}).status_code == 404
    own = setting["a"].get(f"/annonces/{annonce.id}")
    assert own.status_code == 200 and "Hors sujet" in own.get_data(as_text=True)
    assert setting["a"].get(f"/annonces/{annonce.id}/pieces/{attachment.id}").status_code \
        == 200
    page = setting["manager"].get(f"/annonces/{annonce.id}").get_data(as_text=True)
    assert "Afficher de nouveau l'annonce" in page


def test_hide_needs_a_reason(setting, db):
    annonce = setting["annonce"]
    response = post_action(setting["manager"], f"/annonces/{annonce.id}/masquer",
                           {"reason": "   "})
    assert response.status_code == 200
    assert "Indiquez le motif : il sera envoyé à l&#39;auteur" in response.get_data(as_text=True)
    assert annonces(db)[0].status == AnnonceStatus.OPEN
    assert outbox(db, "annonce_hidden") == []


def test_manager_hides_and_the_author_is_told(setting, db):
    annonce, manager = setting["annonce"], setting["manager"]
    page = manager.get(f"/annonces/{annonce.id}").get_data(as_text=True)
    assert "Modération" in page and 'name="reason"' in page
    assert manager.get(f"/annonces/{annonce.id}/masquer").status_code == 200
    response = post_action(manager, f"/annonces/{annonce.id}/masquer",
                           {"reason": "Annonce commerciale, hors du champ de la plateforme."})
    assert response.status_code == 303
    hidden = annonces(db)[0]
    assert hidden.status == AnnonceStatus.MASQUEE and hidden.hidden_at is not None
    assert hidden.hidden_by_id == manager.user.id
    assert hidden.hidden_reason == "Annonce commerciale, hors du champ de la plateforme."
    [email] = outbox(db, "annonce_hidden")
    assert email.recipient == "auteur@leglise.test"
    assert "Annonce commerciale, hors du champ" in email.body_text
    assert "Annonce commerciale, hors du champ" in email.body_html
    assert f"http://localhost/annonces/{annonce.id}" in email.body_text
    assert "annonce.hidden" in audit_actions(db)
    again = post_action(manager, f"/annonces/{annonce.id}/masquer", {"reason": "Encore"},
                        follow_redirects=True)
    assert "Cette annonce est déjà masquée." in again.get_data(as_text=True)
    assert len(outbox(db, "annonce_hidden")) == 1


def test_manager_unhides(setting, db):
    annonce, manager = setting["annonce"], setting["manager"]
    post_action(manager, f"/annonces/{annonce.id}/masquer", {"reason": "Doublon"})
    response = post_action(manager, f"/annonces/{annonce.id}/afficher")
    assert response.status_code == 303
    shown = annonces(db)[0]
    assert shown.status == AnnonceStatus.OPEN and shown.hidden_reason == ""
    assert audit_actions(db)[-1] == "annonce.unhidden"
    assert setting["b"].get(f"/annonces/{annonce.id}").status_code == 200


def test_unhiding_an_expired_ad_leaves_it_expired(setting, db):
    annonce = setting["annonce"]
    post_action(setting["manager"], f"/annonces/{annonce.id}/masquer", {"reason": "Doublon"})
    hidden = annonces(db)[0]
    hidden.expires_on = in_days(-1)
    db.session.commit()
    post_action(setting["manager"], f"/annonces/{annonce.id}/afficher")
    assert annonces(db)[0].status == AnnonceStatus.EXPIREE


@pytest.mark.parametrize("action", ["masquer", "afficher"])
def test_members_cannot_moderate(setting, db, action):
    annonce = setting["annonce"]
    for client in (setting["a"], setting["b"]):
        response = post_action(client, f"/annonces/{annonce.id}/{action}", {"reason": "x"})
        assert response.status_code == 403
    assert annonces(db)[0].status == AnnonceStatus.OPEN


def test_the_author_cannot_reopen_a_hidden_ad(setting, db):
    annonce = setting["annonce"]
    post_action(setting["manager"], f"/annonces/{annonce.id}/masquer", {"reason": "Doublon"})
    response = post_action(setting["a"], f"/annonces/{annonce.id}/rouvrir",
                           follow_redirects=True)
    assert "elle ne peut pas être rouverte" in response.get_data(as_text=True)
    assert annonces(db)[0].status == AnnonceStatus.MASQUEE


def test_visitors_are_sent_to_login(client, setting):
    annonce = setting["annonce"]
    for path in ("/annonces/nouvelle", f"/annonces/{annonce.id}",
                 f"/annonces/{annonce.id}/modifier"):
        response = client.get(path)
        assert response.status_code == 302 and "/connexion" in response.headers["Location"]
