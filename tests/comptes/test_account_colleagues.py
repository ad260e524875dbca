"""The référent's colleagues page: invite, remove, hand over the référent
role (docs/requirements.md, S2.1.5, Q2, Q5, Q7)."""
from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

from app.mail.delivery import send_pending
from app.models import AuditEntry, InstitutionKind, User, UserStatus
from tests.comptes.account_helpers import is_logged_in, outbox_to
from tests.helpers import links_in, post_form

NEW_PASSWORD = "le mot de passe du collègue"


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _post(client, path: str, data: dict | None = None, **kwargs):
    return post_form(client, path, data, token_from="/compte/collegues", **kwargs)


@pytest.fixture()
def commune(make_institution):
    return make_institution(InstitutionKind.COMMUNE, name="Commune de Fauvillers")


@pytest.fixture()
def referent(auth, commune, make_user):
    user = make_user(institution=commune, name="Anne Référente", is_referent=True)
    assert auth.login(user).status_code == 303
    return user


def test_a_member_who_is_not_referent_is_refused(client, auth, db, commune, make_user):
    agent = make_user(institution=commune)
    colleague = make_user(institution=commune)
    auth.login(agent)
    assert client.get("/compte/collegues").status_code == 403
    for path in ("/compte/collegues", f"/compte/collegues/{colleague.id}/retirer",
                 f"/compte/collegues/{colleague.id}/referent"):
        assert post_form(client, path, {"name": "X", "email": "x@example.test"},
                         token_from="/compte").status_code == 403
    db.session.expire_all()
    assert colleague.status == UserStatus.ACTIVE and not colleague.is_referent


def test_the_list_shows_only_the_referents_institution(client, commune, referent,
                                                       make_user, make_institution):
    make_user(institution=commune, name="Paul Collègue", function="Agent technique")
    make_user(institution=make_institution(name="Commune de Vaux-sur-Sûre"), name="Zoé Ailleurs")
    response = client.get("/compte/collegues")
    page = _text(response)
    assert response.status_code == 200
    assert "Paul Collègue" in page and "Agent technique" in page
    assert "Anne Référente (vous)" in page
    assert "Zoé Ailleurs" not in page
    assert "HX-Request" in response.headers["Vary"]


def test_the_list_is_a_fragment_for_htmx(client, referent):
    response = client.get("/compte/collegues", headers={"HX-Request": "true"})
    page = _text(response)
    assert response.status_code == 200
    assert "<html" not in page
    assert page.lstrip().startswith('<div id="colleagues-panel">')
    assert 'hx-post="/compte/collegues"' in page
    assert 'id="flash"' in page and 'hx-swap-oob="true"' in page


def test_invitation_through_smtp_then_acceptance_then_login(app, auth, client, db, commune,
                                                            referent, smtp):
    response = _post(client, "/compte/collegues", {"name": "Marc Nouveau",
                                                   "email": "Marc.Nouveau@fauvillers.test",
                                                   "function": "Employé d'administration"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/compte/collegues"
    assert "Invitation envoyée à Marc Nouveau" in _text(client.get("/compte/collegues"))
    invitee = db.session.scalar(select(User).where(User.email == "marc.nouveau@fauvillers.test"))
    assert invitee.institution_id == commune.id
    assert invitee.status == UserStatus.INVITED and not invitee.is_referent
    assert outbox_to(db, invitee.email, "invitation")[0].sensitive

    assert send_pending().sent == 1
    [message] = smtp.to("marc.nouveau@fauvillers.test")
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Anne Référente (Commune de Fauvillers) vous invite" in text
    assert message["Subject"] == "Anne Référente vous invite sur la plateforme d'entraide"
    [link] = [url for url in links_in(text) if "/compte/invitation/" in url]
    path = link.removeprefix(app.config["PUBLIC_URL"])

    newcomer = app.test_client()
    assert "Rejoindre la plateforme" in _text(newcomer.get(path))
    response = post_form(newcomer, path, {"password": NEW_PASSWORD,
                                          "password_confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert is_logged_in(newcomer)
    auth.logout(client=newcomer)
    assert auth.login("marc.nouveau@fauvillers.test", NEW_PASSWORD,
                      client=newcomer).status_code == 303
    assert newcomer.get("/compte/collegues").status_code == 403


def test_invitation_with_htmx_updates_the_list_in_place(client, db, referent):
    headers = {"HX-Request": "true"}
    response = _post(client, "/compte/collegues", {"name": "", "email": "faux"},
                     headers=headers)
    page = _text(response)
    assert response.status_code == 200
    assert "<html" not in page
    assert "Indiquez le nom et le prénom de votre collègue." in page
    assert 'value="faux"' in page
    response = _post(client, "/compte/collegues", {"name": "Léa Htmx",
                                                   "email": "lea@fauvillers.test"},
                     headers=headers)
    assert response.status_code == 303
    page = _text(client.get(response.headers["Location"], headers=headers))
    assert "<html" not in page
    assert "Léa Htmx" in page and "invitation envoyée" in page
    assert "Invitation envoyée à Léa Htmx" in page  # the flash, out of band


def test_invitation_refuses_an_address_already_used(client, db, referent, make_user,
                                                    make_institution):
    make_user(institution=make_institution(), email="pris@ailleurs.test")
    response = _post(client, "/compte/collegues", {"name": "Jean Double",
                                                   "email": "PRIS@ailleurs.test",
                                                   "function": "Secrétaire"})
    page = _text(response)
    assert response.status_code == 200
    assert 'id="email-error">Cette adresse e-mail est déjà utilisée' in page
    assert 'value="Jean Double"' in page and 'value="Secrétaire"' in page
    assert db.session.scalar(select(User).where(User.name == "Jean Double")) is None
    assert outbox_to(db, "pris@ailleurs.test") == []


def test_removing_a_colleague_ends_their_sessions_at_once(app, auth, client, db, commune,
                                                          referent, make_user):
    colleague = make_user(institution=commune, name="Paul Départ")
    elsewhere = auth.client_for(colleague)
    assert is_logged_in(elsewhere)
    response = _post(client, f"/compte/collegues/{colleague.id}/retirer")
    assert response.status_code == 303
    assert "Paul Départ n'a plus accès" in _text(client.get("/compte/collegues"))
    assert not is_logged_in(elsewhere)
    assert auth.login(colleague, client=app.test_client()).status_code == 200
    db.session.expire_all()
    assert colleague.status == UserStatus.SUSPENDED
    assert db.session.scalars(select(AuditEntry.action)).all() == ["colleague.removed"]
    assert _post(client, f"/compte/collegues/{colleague.id}/retirer").status_code == 303
    assert len(db.session.scalars(select(AuditEntry)).all()) == 1  # a second click: no-op


def test_a_removed_invitee_can_no_longer_use_the_invitation(app, client, db, referent):
    _post(client, "/compte/collegues", {"name": "Éric Bref", "email": "eric@fauvillers.test"})
    invitee = db.session.scalar(select(User).where(User.email == "eric@fauvillers.test"))
    body = outbox_to(db, invitee.email, "invitation")[0].body_text
    [link] = [url for url in links_in(body) if "/compte/invitation/" in url]
    _post(client, f"/compte/collegues/{invitee.id}/retirer")
    response = app.test_client().get(link.removeprefix(app.config["PUBLIC_URL"]))
    assert response.status_code == 400
    assert 'name="password"' not in _text(response)


def test_the_referent_cannot_remove_themself(client, db, referent):
    response = _post(client, f"/compte/collegues/{referent.id}/retirer")
    assert response.status_code == 303
    assert "Vous ne pouvez pas retirer votre propre accès." in _text(
        client.get("/compte/collegues"))
    db.session.expire_all()
    assert referent.status == UserStatus.ACTIVE


def test_a_referent_cannot_touch_another_institution(client, db, referent, make_user,
                                                     make_institution):
    outsider = make_user(institution=make_institution(name="Commune de Léglise"))
    for action in ("retirer", "referent"):
        response = _post(client, f"/compte/collegues/{outsider.id}/{action}")
        assert response.status_code == 404
    assert _post(client, "/compte/collegues/999999/retirer").status_code == 404
    db.session.expire_all()
    assert outsider.status == UserStatus.ACTIVE and not outsider.is_referent
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_hand_over_moves_the_referent_role(client, db, commune, referent, make_user):
    colleague = make_user(institution=commune, name="Sophie Relève")
    response = _post(client, f"/compte/collegues/{colleague.id}/referent")
    assert response.status_code == 303
    assert response.headers["Location"] == "/compte"
    page = _text(client.get("/compte"))
    assert "Sophie Relève est désormais référent" in page
    assert "<td>agent</td>" in page
    db.session.expire_all()
    assert colleague.is_referent and not referent.is_referent
    assert client.get("/compte/collegues").status_code == 403
    [entry] = db.session.scalars(select(AuditEntry)).all()
    assert entry.action == "colleague.referent_handed_over"
    assert entry.target_id == colleague.id


def test_hand_over_needs_an_activated_account(client, db, commune, referent, make_invited):
    invitee = make_invited(institution=commune)
    response = _post(client, f"/compte/collegues/{invitee.id}/referent")
    assert response.status_code == 303
    assert "doit d'abord activer son compte" in _text(client.get("/compte/collegues"))
    db.session.expire_all()
    assert referent.is_referent and not invitee.is_referent


def test_a_manager_manages_the_province_colleagues(client, auth, db, province, make_manager,
                                                   make_user):
    manager = make_manager(name="Gestionnaire Un")
    former = make_user(institution=province, is_referent=True, name="Ancien Référent")
    successor = make_user(institution=province, name="Nouvelle Référente")
    auth.login(manager)
    page = _text(client.get("/compte/collegues"))
    assert "Ancien Référent" in page and "Nouvelle Référente" in page
    response = _post(client, f"/compte/collegues/{former.id}/retirer")
    assert "confiez d'abord ce rôle" in _text(client.get(response.headers["Location"]))
    response = _post(client, f"/compte/collegues/{successor.id}/referent")
    assert response.headers["Location"] == "/compte/collegues"
    db.session.expire_all()
    assert successor.is_referent and not former.is_referent


@pytest.mark.parametrize("path", ["/compte/collegues", "/compte/collegues/{id}/retirer",
                                  "/compte/collegues/{id}/referent"])
def test_colleague_actions_need_csrf(client, db, commune, referent, make_user, path):
    colleague = make_user(institution=commune)
    response = client.post(path.format(id=colleague.id),
                           data={"name": "X", "email": "x@example.test"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 400
    db.session.expire_all()
    assert colleague.status == UserStatus.ACTIVE and not colleague.is_referent
