"""The user list and the manager role: only Province staff, never the last one."""
from __future__ import annotations

from sqlalchemy import select

from app.models import AuditEntry, InstitutionKind, User, UserStatus
from tests.helpers import count_queries, post_form


def _set_manager(client, user, grant):
    return post_form(client, f"/gestion/utilisateurs/{user.id}/gestionnaire",
                     {"grant": grant}, token_from="/gestion/utilisateurs")


def _reload(db, user) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_list_and_search(manager_client, make_institution, make_user):
    arlon = make_institution(name="Commune d'Arlon")
    make_user(institution=arlon, name="Marie Dupont", email="marie@arlon.test",
              is_referent=True, status=UserStatus.INVITED)
    make_user(name="Jean Martin", email="jean@bastogne.test")
    html = manager_client.get("/gestion/utilisateurs").get_data(as_text=True)
    assert "Marie Dupont" in html and "Jean Martin" in html
    assert "Invité (compte pas encore activé)" in html
    for query in ["dupont", "ARLON.TEST", "commune d'arlon"]:
        html = manager_client.get("/gestion/utilisateurs", query_string={"q": query}) \
            .get_data(as_text=True)
        assert "Marie Dupont" in html and "Jean Martin" not in html, query
    assert "Aucun utilisateur" in manager_client.get(
        "/gestion/utilisateurs?q=_").get_data(as_text=True)
    assert manager_client.get("/gestion/utilisateurs?q=du%00pont").status_code == 400
    too_long = manager_client.get("/gestion/utilisateurs", query_string={"q": "x" * 300})
    assert too_long.status_code == 200
    assert "trop longue" in too_long.get_data(as_text=True)


def test_only_province_users_get_a_manager_button(manager_client, province, make_user):
    make_user(institution=province, name="Agent Province")
    make_user(name="Agent Commune")
    html = manager_client.get("/gestion/utilisateurs").get_data(as_text=True)
    assert html.count("Nommer gestionnaire") == 1
    assert html.count("Retirer le rôle de gestionnaire") == 1


def test_grant_and_withdraw(auth, db, manager_client, manager, province, make_user):
    colleague = make_user(institution=province, name="Luc Province")
    response = _set_manager(manager_client, colleague, "1")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/gestion/utilisateurs")
    assert _reload(db, colleague).is_manager
    colleague_client = auth.client_for(colleague)
    assert colleague_client.get("/gestion").status_code == 200

    response = _set_manager(manager_client, colleague, "0")
    assert "Luc Province n&#39;est plus gestionnaire" in manager_client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert not _reload(db, colleague).is_manager
    # the withdrawn manager's sessions are over
    assert colleague_client.get("/gestion").status_code == 302
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.target_id == colleague.id)
        .order_by(AuditEntry.id)).all()
    assert actions == ["user.manager_granted", "user.manager_withdrawn"]


def test_only_province_users_can_become_managers(db, manager_client, make_institution,
                                                 make_user):
    outsider = make_user(institution=make_institution(InstitutionKind.COMMUNE),
                         name="Paul Commune")
    response = _set_manager(manager_client, outsider, "1")
    assert response.status_code == 303
    html = manager_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ne fait pas partie de la Province" in html
    assert not _reload(db, outsider).is_manager
    assert db.session.scalar(select(AuditEntry)) is None


def test_the_last_active_manager_stays(db, manager_client, manager, province, make_user):
    make_user(institution=province, is_manager=True, status=UserStatus.SUSPENDED)
    response = _set_manager(manager_client, manager, "0")
    html = manager_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "dernier gestionnaire actif" in html
    assert _reload(db, manager).is_manager
    assert db.session.scalar(select(AuditEntry)) is None


def test_manager_may_step_down_when_another_remains(db, manager_client, manager, province,
                                                    make_user):
    make_user(institution=province, is_manager=True)
    assert _set_manager(manager_client, manager, "0").status_code == 303
    assert not _reload(db, manager).is_manager
    assert manager_client.get("/gestion").status_code == 302  # logged out everywhere


def test_nothing_to_change_and_bad_values(db, manager_client, manager, province, make_user):
    colleague = make_user(institution=province, name="Luc Province")
    response = _set_manager(manager_client, colleague, "0")
    assert "n&#39;est pas gestionnaire" in manager_client.get(
        response.headers["Location"]).get_data(as_text=True)
    response = _set_manager(manager_client, colleague, "oui")
    assert response.status_code == 303
    assert "Action inconnue" in manager_client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert not _reload(db, colleague).is_manager
    assert _set_manager(manager_client, type("Missing", (), {"id": 999999}), "1") \
        .status_code == 404



def _add_users(db, make_institution, count: int) -> None:
    for _ in range(count):
        institution = make_institution()
        db.session.add(User(institution=institution, email=f"{institution.slug}@x.test",
                            name=f"Agent {institution.slug}", status=UserStatus.ACTIVE))
    db.session.commit()


def test_query_count_does_not_grow_with_users(db, manager_client, make_institution):
    _add_users(db, make_institution, 3)
    manager_client.get("/gestion/utilisateurs")
    with_few = count_queries(manager_client, "/gestion/utilisateurs")
    _add_users(db, make_institution, 30)
    assert count_queries(manager_client, "/gestion/utilisateurs") == with_few
