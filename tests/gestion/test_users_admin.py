"""Back office: suspending, reactivating and anonymising a user."""
from __future__ import annotations

import json

import pytest
from markupsafe import escape
from sqlalchemy import JSON, String, Text, cast, func, or_, select, type_coerce, update

from app.audit import record
from app.blueprints.annonces.threads.services import answer_annonce, reply_in_thread
from app.blueprints.comptes.colleague_services import invite_colleague
from app.blueprints.comptes.emails import send_activation_email
from app.models import (
    Adhesion,
    Annonce,
    AnnonceMessage,
    AuditEntry,
    Centrale,
    CentraleDomain,
    InstitutionKind,
    OutboxMessage,
    OutboxStatus,
    RegistrationRequest,
    RegistrationStatus,
    SavedSearch,
    User,
    UserStatus,
    utcnow,
)
from tests.helpers import post_form

NAME = "Marie-Ève D'Hondt"
EMAIL = "marie-eve.dhondt@arlon.test"
OLD_EMAIL = "me.dhondt@ancienne-adresse.test"
PHONE = "063 21 22 23"


def _reload(db, user) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def _page_of(user) -> str:
    return f"/gestion/institutions/{user.institution_id}"


def _suspend(client, user, action="suspend"):
    return post_form(client, f"/gestion/utilisateurs/{user.id}/suspendre", {"action": action},
                     token_from="/gestion")


def _anonymise(client, user, **data):
    return post_form(client, f"/gestion/utilisateurs/{user.id}/anonymiser", data,
                     token_from="/gestion")


def _flash(client, response) -> str:
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_suspension_ends_the_sessions_at_once(auth, db, manager_client, make_user):
    user = make_user(name="Paul Agent")
    user_client = auth.client_for(user)
    assert user_client.get("/annonces").status_code == 200
    response = _suspend(manager_client, user)
    assert response.status_code == 303
    assert response.headers["Location"] == _page_of(user)
    assert "Paul Agent est suspendu" in _flash(manager_client, response)
    assert _reload(db, user).status == UserStatus.SUSPENDED
    after = user_client.get("/annonces")
    assert after.status_code == 302 and after.headers["Location"].startswith("/connexion")
    assert auth.login(user).status_code == 200  # refused
    assert db.session.scalars(select(AuditEntry.action)).all() == ["user.suspended"]


def test_reactivation_gives_back_active_or_invited(auth, db, manager_client, make_user):
    with_password = make_user(status=UserStatus.SUSPENDED)
    never_activated = make_user(status=UserStatus.SUSPENDED)
    never_activated.password_hash = None
    db.session.commit()
    for user in (with_password, never_activated):
        assert _suspend(manager_client, user, "reactivate").status_code == 303
    assert _reload(db, with_password).status == UserStatus.ACTIVE
    assert _reload(db, never_activated).status == UserStatus.INVITED
    assert auth.login(with_password).status_code == 303
    response = _suspend(manager_client, with_password, "reactivate")
    assert "n&#39;est pas suspendu" in _flash(manager_client, response)


def test_a_suspended_referent_is_flagged(manager_client, make_user):
    referent = make_user(name="Rita Référente", is_referent=True)
    response = _suspend(manager_client, referent)
    assert "Il reste référent" in _flash(manager_client, response)


def test_the_last_manager_and_oneself_cannot_be_suspended(db, manager_client, manager,
                                                          province, make_user):
    response = _suspend(manager_client, manager)
    assert "dernier gestionnaire actif" in _flash(manager_client, response)
    colleague = make_user(institution=province, is_manager=True, name="Autre Gestionnaire")
    response = _suspend(manager_client, manager)
    assert "votre propre compte" in _flash(manager_client, response)
    assert _reload(db, manager).status == UserStatus.ACTIVE
    assert _suspend(manager_client, colleague).status_code == 303
    assert _reload(db, colleague).status == UserStatus.SUSPENDED
    assert manager_client.get("/gestion").status_code == 200
    assert db.session.scalars(select(AuditEntry.action)).all() == ["user.suspended"]


def test_bad_action_and_missing_user(db, manager_client, make_user):
    user = make_user()
    response = _suspend(manager_client, user, "supprimer")
    assert "Action inconnue" in _flash(manager_client, response)
    assert _reload(db, user).status == UserStatus.ACTIVE
    assert _suspend(manager_client, type("Missing", (), {"id": 999999})).status_code == 404
    assert _anonymise(manager_client, type("Missing", (), {"id": 999999}),
                      confirm="y").status_code == 404


def test_anonymise_needs_a_suspended_user_and_the_confirmation(db, manager_client, make_user):
    active = make_user(name="Active Personne")
    response = _anonymise(manager_client, active, confirm="y")
    assert "Suspendez d&#39;abord" in _flash(manager_client, response)
    suspended = make_user(name="Sophie Partie", status=UserStatus.SUSPENDED)
    response = _anonymise(manager_client, suspended)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="confirm-anonymise-{suspended.id}-error"' in html
    assert "Cochez la case pour confirmer." in html
    assert _reload(db, suspended).name == "Sophie Partie"
    assert _reload(db, active).name == "Active Personne"


@pytest.fixture()
def leaver(app, db, make_institution, make_user, make_annonce):
    """A référent who used the platform a lot, then left: her data is
    copied in ads, threads, emails, the audit log and her registration."""
    arlon = make_institution(InstitutionKind.COMMUNE, name="Commune d'Arlon")
    marie = make_user(institution=arlon, name=NAME, email=EMAIL, phone=PHONE,
                      function="Secrétaire communale", is_referent=True,
                      consent_share_contact=True)
    other = make_user(institution=make_institution(name="Commune de Habay"), name="Luc Habay")
    own = make_annonce(author=marie, body=f"Contactez {NAME} au {PHONE}.")
    theirs = make_annonce(author=other, title="Prêt d'une remorque")
    db.session.add_all([
        RegistrationRequest(institution=arlon, name=NAME, function="Secrétaire", email=EMAIL,
                            phone=PHONE, message=f"Bonjour, ici {NAME}.",
                            status=RegistrationStatus.APPROVED, user_id=marie.id,
                            decided_at=utcnow()),
        RegistrationRequest(institution=arlon, name=NAME, function="Secrétaire",
                            email=OLD_EMAIL, status=RegistrationStatus.REFUSED,
                            refusal_reason=f"Madame {NAME}, votre commune a déjà écrit.",
                            decided_at=utcnow()),
        SavedSearch(user=marie, label="Soutien humain", query_string="categorie=soutien"),
    ])
    centrale = Centrale(title="Fournitures de bureau", slug="bureau",
                        domain=CentraleDomain.FOURNITURES)
    db.session.add(Adhesion(centrale=centrale, institution=arlon, requested_by=marie,
                            message=f"Demande de {NAME}, {EMAIL}."))
    with app.test_request_context():
        answer_annonce(own, other, "Nous pouvons vous aider.")
        answer_annonce(theirs, marie, f"Intéressés. {NAME}, {PHONE}")
        reply_in_thread(own, other.institution_id, marie, f"Merci ! {NAME}")
        invite_colleague(marie, name="Jean Collègue", email="jean@arlon.test",
                         function="Agent")
        send_activation_email(marie)
        record("account.email_changed", marie, f"Adresse e-mail modifiée : {OLD_EMAIL} → "
               f"{EMAIL}", actor=marie, old=OLD_EMAIL, new=EMAIL)
        record("user.suspended", marie, summary=f"{NAME} suspendu", note=NAME)
    db.session.execute(update(OutboxMessage).where(OutboxMessage.template != "activation")
                       .values(status=OutboxStatus.SENT, sent_at=utcnow()))
    marie.status = UserStatus.SUSPENDED
    db.session.commit()
    return marie, own, theirs


def _personal_strings() -> list[str]:
    return sorted({NAME, str(escape(NAME)), json.dumps(NAME)[1:-1], "D'Hondt", "dhondt",
                   EMAIL, OLD_EMAIL, PHONE})


def _copies_left(db) -> list[str]:
    """Every text, varchar and JSON column of every table that still holds
    one of the leaver's personal strings."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, JSON):
                text = cast(column, Text)
            elif isinstance(column.type, (String, Text)):
                text = type_coerce(column, Text)  # enums included, as plain text
            else:
                continue
            condition = or_(*(text.contains(value, autoescape=True)
                              for value in _personal_strings()))
            count = db.session.scalar(select(func.count()).select_from(table).where(condition))
            if count:
                found.append(f"{table.name}.{column.name}")
    return found


def test_anonymisation_leaves_no_personal_data_anywhere(auth, db, manager_client, leaver):
    marie, own, theirs = leaver
    assert len(_copies_left(db)) >= 10  # the check does find the copies
    outbox_before = db.session.scalar(select(func.count(OutboxMessage.id)))
    page = manager_client.get(_page_of(marie)).get_data(as_text=True)
    assert f'action="/gestion/utilisateurs/{marie.id}/anonymiser"' in page

    response = _anonymise(manager_client, marie, confirm="y")
    assert response.status_code == 303
    assert "données personnelles ont été effacées" in _flash(manager_client, response)

    assert _copies_left(db) == []
    db.session.expire_all()
    user = db.session.get(User, marie.id)
    assert user.name == "Ancien agent"
    assert user.email == f"ancien-agent-{marie.id}@anonyme.invalid"
    assert (user.function, user.phone, user.password_hash) == ("", "", None)
    assert user.status == UserStatus.ANONYMISED
    assert not (user.is_referent or user.is_manager or user.consent_share_contact)
    annonce = db.session.get(Annonce, own.id)
    assert annonce.institution_id == marie.institution_id
    assert annonce.author_id is None and annonce.contact_id is None
    assert "Ancien agent" in annonce.body
    assert db.session.get(Annonce, theirs.id).author_id is not None
    assert db.session.scalar(select(func.count(AnnonceMessage.id)).where(
        AnnonceMessage.sender_id == marie.id)) == 0
    assert db.session.scalar(select(func.count(AnnonceMessage.id))) == 3
    assert db.session.scalar(select(SavedSearch)) is None
    # the activation email, never sent, is dropped; the delivered one is emptied
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == outbox_before - 1
    [to_her] = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == user.email)).all()
    assert to_her.template == "thread_answer" and to_her.status == OutboxStatus.SENT
    assert to_her.body_text == to_her.body_html == "[contenu supprimé : destinataire anonymisé]"
    assert "peut vous aider" in to_her.subject
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "user.anonymised")).one()
    assert entry.target_id == marie.id and entry.summary == f"Utilisateur n° {marie.id} anonymisé"
    # the thread pages still work without the person
    luc_client = auth.client_for(db.session.scalar(select(User).where(User.name == "Luc Habay")))
    assert luc_client.get(f"/annonces/{own.id}").status_code == 200
    # anonymised: nothing more to do, and the account cannot come back
    assert "plus rien à modifier" in _flash(manager_client,
                                            _suspend(manager_client, user, "reactivate"))
    assert "déjà anonymisé" in _flash(manager_client,
                                      _anonymise(manager_client, user, confirm="y"))


def test_the_user_list_links_to_the_institution_page(manager_client, make_user):
    user = make_user(name="Paul Lien")
    html = manager_client.get("/gestion/utilisateurs").get_data(as_text=True)
    link = f'href="/gestion/institutions/{user.institution_id}#user-{user.id}"'
    assert link in html
    page = manager_client.get(f"/gestion/institutions/{user.institution_id}")
    assert f'id="user-{user.id}"' in page.get_data(as_text=True)
