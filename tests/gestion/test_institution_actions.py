"""Back office: suspending, reactivating and retiring an institution,
changing its référent, and the users shown on its page."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import (
    AuditEntry,
    Institution,
    InstitutionKind,
    RegistrationRequest,
    User,
    UserStatus,
)
from tests.helpers import post_form


@pytest.fixture()
def arlon(make_institution):
    return make_institution(InstitutionKind.COMMUNE, name="Commune d'Arlon",
                            arrondissement="Arlon", postal_code="6700")


def _suspend(client, institution, action="suspend"):
    return post_form(client, f"/gestion/institutions/{institution.id}/suspendre",
                     {"action": action}, token_from=f"/gestion/institutions/{institution.id}")


def test_suspension_ends_sessions_at_once_and_reactivation(auth, db, manager_client, arlon,
                                                          make_user):
    users = [make_user(institution=arlon), make_user(institution=arlon)]
    clients = [auth.client_for(user) for user in users]
    assert all(client.get("/annonces").status_code == 200 for client in clients)
    response = _suspend(manager_client, arlon)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/gestion/institutions/{arlon.id}"
    page = manager_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "est suspendue" in page and "Réactiver l'institution" in page
    for client in clients:
        response = client.get("/annonces")
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/connexion")
    assert auth.login(users[0]).status_code == 200  # refused
    response = _suspend(manager_client, arlon, "reactivate")
    db.session.expire_all()
    assert db.session.get(Institution, arlon.id).suspended_at is None
    assert auth.login(users[0]).status_code == 303
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["institution.suspended", "institution.reactivated"]


def test_the_province_cannot_be_suspended_nor_retired(db, manager_client, manager):
    province = manager.institution
    page = manager_client.get(f"/gestion/institutions/{province.id}").get_data(as_text=True)
    assert "ne peut être ni suspendue ni retirée" in page
    assert "Suspendre l'institution" not in page
    response = _suspend(manager_client, province)
    assert "ne peut être ni suspendue" in manager_client.get(
        response.headers["Location"]).get_data(as_text=True)
    post_form(manager_client, f"/gestion/institutions/{province.id}/retirer",
              {"confirm": "y"}, token_from="/gestion")
    db.session.expire_all()
    province = db.session.get(Institution, province.id)
    assert province.suspended_at is None and province.retired_at is None
    assert manager_client.get("/gestion").status_code == 200
    assert db.session.scalar(select(AuditEntry)) is None


def test_unknown_action_and_non_member(db, manager_client, arlon, make_institution):
    response = _suspend(manager_client, arlon, "supprimer")
    assert "Action inconnue" in manager_client.get(
        response.headers["Location"]).get_data(as_text=True)
    outsider = make_institution(is_member=False)
    response = _suspend(manager_client, outsider)
    assert "n&#39;est pas adhérente" in manager_client.get(
        response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Institution, arlon.id).suspended_at is None
    assert _suspend(manager_client, type("Missing", (), {"id": 999999})).status_code == 404


def _retire(client, institution, **data):
    return post_form(client, f"/gestion/institutions/{institution.id}/retirer", data,
                     token_from=f"/gestion/institutions/{institution.id}")


def test_retire_needs_confirmation_then_ends_membership(auth, db, manager_client, arlon,
                                                       make_user):
    user_client = auth.client_for(make_user(institution=arlon))
    response = _retire(manager_client, arlon)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Cochez la case pour confirmer." in html and 'id="confirm-retire-error"' in html
    db.session.expire_all()
    assert db.session.get(Institution, arlon.id).retired_at is None
    assert user_client.get("/annonces").status_code == 200

    response = _retire(manager_client, arlon, confirm="y")
    assert response.status_code == 303
    db.session.expire_all()
    retired = db.session.get(Institution, arlon.id)
    assert retired.retired_at is not None and not retired.is_member
    assert user_client.get("/annonces").status_code == 302
    page = manager_client.get(f"/gestion/institutions/{arlon.id}").get_data(as_text=True)
    assert "est retirée" in page and "Retirée" in page
    assert "Suspendre l'institution" not in page


def test_retire_waits_for_a_pending_registration(db, manager_client, make_institution):
    institution = make_institution(is_member=False)
    db.session.add(RegistrationRequest(institution=institution, name="Luc", function="DG",
                                       email="luc@x.test"))
    db.session.commit()
    response = _retire(manager_client, institution, confirm="y")
    assert "attend une décision" in manager_client.get(
        response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Institution, institution.id).retired_at is None


def _referent(client, institution, user_id):
    return post_form(client, f"/gestion/institutions/{institution.id}/referent",
                     {"user_id": str(user_id)},
                     token_from=f"/gestion/institutions/{institution.id}")


def test_change_the_referent(db, manager_client, manager, arlon, make_user, make_institution):
    former = make_user(institution=arlon, name="Ancien Référent", is_referent=True)
    chosen = make_user(institution=arlon, name="Nouvelle Référente")
    invited = make_user(institution=arlon, name="Invitée", status=UserStatus.INVITED)
    stranger = make_user(institution=make_institution(), name="Étrangère")
    page = manager_client.get(f"/gestion/institutions/{arlon.id}").get_data(as_text=True)
    assert "Nouvelle Référente" in page
    assert f'<option value="{invited.id}"' not in page
    for user_id in (invited.id, stranger.id, 999999, "x"):
        response = _referent(manager_client, arlon, user_id)
        assert response.status_code == 200
        assert "Choisissez une personne active" in response.get_data(as_text=True)
    response = _referent(manager_client, arlon, chosen.id)
    assert response.status_code == 303
    assert "Nouvelle Référente est désormais référent" in manager_client.get(
        response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, chosen.id).is_referent
    assert not db.session.get(User, former.id).is_referent
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.action == "colleague.referent_handed_over" and entry.actor_id == manager.id


def test_detail_lists_users_with_their_roles(db, manager_client, manager, province,
                                             make_user):
    make_user(institution=province, name="Agent Suspendu", status=UserStatus.SUSPENDED)
    page = manager_client.get(f"/gestion/institutions/{province.id}").get_data(as_text=True)
    assert "Gestionnaire Principal" in page and "Gestionnaire" in page
    assert "Suspendu" in page and "Anonymiser<span" in page
    # no button to suspend oneself
    assert f'action="/gestion/utilisateurs/{manager.id}/suspendre"' not in page
    assert manager_client.get("/gestion/institutions/999999").status_code == 404
