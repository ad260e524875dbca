"""The public registration form: choices, submission, honeypot, bad input."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.blueprints.inscription import services
from app.models import (
    AuditEntry,
    InstitutionKind,
    OutboxMessage,
    RegistrationRequest,
    RegistrationStatus,
    utcnow,
)
from tests.helpers import csrf_token, links_in, post_form

CHOOSE = "Choisissez votre institution dans la liste."
MEMBER = "Cette institution est déjà adhérente : demandez à son référent de vous inviter."
PENDING = ("Une demande d&#39;adhésion est déjà en cours d&#39;examen pour cette institution. "
           "Vous recevrez une réponse par e-mail.")


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def submit(client, data):
    return post_form(client, "/inscription", data)


def test_form_lists_institutions_that_may_apply_grouped_by_kind(client, make_institution,
                                                                 make_request, province):
    make_institution(InstitutionKind.ZONE_SECOURS, name="Zone de secours Luxembourg",
                     is_member=False)
    make_institution(InstitutionKind.ZONE_POLICE, name="Zone de police Gaume", is_member=False)
    make_institution(InstitutionKind.CPAS, name="CPAS d'Arlon", is_member=False)
    for name in ["Commune d'Habay", "Commune d'Étalle", "Commune d'Arlon"]:
        make_institution(InstitutionKind.COMMUNE, name=name, is_member=False)
    make_institution(InstitutionKind.COMMUNE, name="Commune de Bouillon", is_member=True)
    make_institution(InstitutionKind.COMMUNE, name="Commune de Tenneville", is_member=False,
                     retired_at=utcnow())
    make_request(institution_name="CPAS de Sainte-Ode")

    response = client.get("/inscription")
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    groups = re.findall(r'<optgroup label="([^"]+)">', html)
    assert groups == ["Communes", "CPAS", "Zones de police", "Zones de secours"]
    communes = html[html.index('label="Communes"'):html.index('label="CPAS"')]
    assert re.findall(r">(Commune [^<]+)</option>", communes.replace("&#39;", "'")) == [
        "Commune d'Arlon", "Commune d'Étalle", "Commune d'Habay"]
    select_html = html[html.index('<select'):html.index('</select>')]
    for absent in ["Bouillon", "Tenneville", "Sainte-Ode", "Province"]:
        assert absent not in select_html
    assert 'name="consent"' in html and 'href="/vie-privee"' in html
    trap = html[html.index('class="trap"'):]
    assert 'aria-hidden="true"' in trap[:40]
    assert re.search(r'<input[^>]*name="website"[^>]*tabindex="-1"', trap)


def test_institution_can_be_preselected(client, applicant_institution):
    html = client.get(f"/inscription?institution={applicant_institution.id}").get_data(
        as_text=True)
    assert re.search(rf'<option selected value="{applicant_institution.id}"|'
                     rf'<option value="{applicant_institution.id}" selected', html)


def test_successful_request_is_stored_and_two_emails_are_queued(app, client, db, form_data,
                                                                applicant_institution):
    response = submit(client, form_data)

    assert response.status_code == 303
    assert response.headers["Location"] == "/inscription/envoyee"
    registration = db.session.scalars(select(RegistrationRequest)).one()
    assert registration.status == RegistrationStatus.PENDING
    assert registration.institution_id == applicant_institution.id
    assert registration.email == "marie.dupont@etalle.be"
    assert (registration.name, registration.function) == ("Marie Dupont", "Directrice générale")
    assert registration.phone == "063 45 67 89" and registration.consent is True

    messages = {m.recipient: m for m in db.session.scalars(select(OutboxMessage))}
    assert len(messages) == 2
    to_manager = messages[app.config["PLATFORM_MANAGER_EMAIL"]]
    assert "Commune d'Étalle" in to_manager.subject
    assert to_manager.reply_to == "marie.dupont@etalle.be"
    assert not to_manager.sensitive
    links = links_in(to_manager.body_text)
    decision = next(link for link in links
                    if link.startswith("http://localhost/inscription/decision/"))
    assert f'href="{decision}"' in to_manager.body_html
    assert "Nous souhaitons partager du matériel." in to_manager.body_text
    ack = messages["marie.dupont@etalle.be"]
    assert "bien reçu votre demande" in ack.body_text
    assert "Commune d'Étalle" in ack.body_text
    assert "/inscription/decision/" not in ack.body_text + ack.body_html

    audit = db.session.scalars(select(AuditEntry)).one()
    assert audit.action == "registration.submitted" and audit.target_id == registration.id

    sent = client.get("/inscription/envoyee")
    assert sent.status_code == 200
    assert "Et ensuite ?" in sent.get_data(as_text=True)


def test_honeypot_answers_like_a_success_but_keeps_nothing(client, db, form_data):
    response = submit(client, {**form_data, "website": "http://spam.example"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/inscription/envoyee"
    assert count(db, RegistrationRequest) == 0
    assert count(db, OutboxMessage) == 0
    assert count(db, AuditEntry) == 0


@pytest.mark.parametrize("changes, message", [
    ({"name": ""}, "Indiquez votre nom et votre prénom."),
    ({"name": "x" * 121}, "Le nom ne peut pas dépasser 120 caractères."),
    ({"function": "  "}, "Indiquez votre fonction"),
    ({"function": "x" * 121}, "La fonction ne peut pas dépasser 120 caractères."),
    ({"email": ""}, "Indiquez votre adresse e-mail."),
    ({"email": "pas-une-adresse"}, "Indiquez une adresse e-mail valide"),
    ({"email": "a" * 250 + "@example.be"}, "ne peut pas dépasser 254 caractères."),
    ({"phone": "063/45.67.89 ou 0470"}, "Le numéro de téléphone ne peut contenir que"),
    ({"phone": "0" * 41}, "Le numéro de téléphone ne peut pas dépasser 40 caractères."),
    ({"message": "x" * 2001}, "Le message ne peut pas dépasser 2 000 caractères."),
    ({"consent": None}, "Cochez cette case pour pouvoir envoyer la demande."),
    ({"institution": ""}, CHOOSE),
    ({"institution": "abc"}, CHOOSE),
    ({"institution": "999999"}, CHOOSE),
    ({"institution": "1e3"}, CHOOSE),
])
def test_bad_input_is_explained_next_to_the_field_and_kept(client, db, form_data, changes,
                                                          message):
    data = {key: value for key, value in {**form_data, **changes}.items() if value is not None}
    response = submit(client, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html.replace("&#39;", "'")
    field = next(iter(changes))
    assert f'id="{field}-error"' in html
    assert 'class="error-summary"' in html
    assert 'value="Marie.Dupont@Etalle.be"' in html or field == "email"
    assert count(db, RegistrationRequest) == 0
    assert count(db, OutboxMessage) == 0


def test_member_institution_is_refused(client, db, form_data, make_institution):
    member = make_institution(InstitutionKind.COMMUNE, name="Commune de Bouillon")
    html = submit(client, {**form_data, "institution": str(member.id)}).get_data(as_text=True)
    assert MEMBER.replace("'", "&#39;") in html
    assert count(db, RegistrationRequest) == 0


def test_province_and_retired_institutions_cannot_apply(client, db, form_data,
                                                        make_institution):
    retired = make_institution(InstitutionKind.CPAS, is_member=False, retired_at=utcnow())
    province = make_institution(InstitutionKind.PROVINCE, name="Province de Luxembourg",
                                is_member=False)
    for institution in (retired, province):
        response = submit(client, {**form_data, "institution": str(institution.id)})
        assert response.status_code == 200
        assert CHOOSE in response.get_data(as_text=True)
    assert count(db, RegistrationRequest) == 0


def test_second_request_for_the_same_institution_is_refused(client, db, form_data):
    assert submit(client, form_data).status_code == 303
    second = submit(client, {**form_data, "email": "autre.personne@etalle.be"})
    assert second.status_code == 200
    assert PENDING in second.get_data(as_text=True)
    assert count(db, RegistrationRequest) == 1
    assert count(db, OutboxMessage) == 2


def test_a_race_on_the_pending_index_gives_the_same_message(client, db, form_data,
                                                            applicant_institution,
                                                            make_request, monkeypatch):
    make_request(institution=applicant_institution)
    # Both requests passed the check before either was committed.
    monkeypatch.setattr(services, "institution_problem", lambda raw_id: None)
    response = submit(client, form_data)
    assert response.status_code == 200
    assert PENDING in response.get_data(as_text=True)
    assert count(db, RegistrationRequest) == 1
    assert count(db, OutboxMessage) == 0


def test_address_of_an_existing_account_gets_the_same_answer(client, db, form_data,
                                                             make_user):
    make_user(email="marie.dupont@etalle.be")
    response = submit(client, form_data)
    assert response.status_code == 303
    assert response.headers["Location"] == "/inscription/envoyee"
    assert count(db, RegistrationRequest) == 0
    notice = db.session.scalars(select(OutboxMessage)).one()
    assert notice.recipient == "marie.dupont@etalle.be"
    assert notice.template == "registration_existing_account"
    assert "Un compte existe déjà avec cette adresse" in notice.body_text
    assert any(link == "http://localhost/connexion" for link in links_in(notice.body_text))


def test_registration_posts_are_rate_limited(client, form_data):
    token = csrf_token(client, "/inscription")
    statuses = [client.post("/inscription", data={**form_data, "name": "", "csrf_token": token})
                .status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert "Trop de tentatives" in client.post(
        "/inscription", data={"csrf_token": token}).get_data(as_text=True)


def test_post_without_csrf_is_refused(client, db, form_data):
    response = client.post("/inscription", data=form_data)
    assert response.status_code == 400
    assert count(db, RegistrationRequest) == 0
