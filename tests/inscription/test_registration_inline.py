"""Inline validation of the registration form (htmx), and its fallbacks."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.models import OutboxMessage, RegistrationRequest
from tests.helpers import csrf_token

HTMX = {"HX-Request": "true"}


def check(client, field, data, headers=None, token=True):
    payload = dict(data)
    if token:
        payload["csrf_token"] = csrf_token(client, "/inscription")
    return client.post(f"/inscription/verifier?champ={field}", data=payload,
                       headers=headers or {})


def test_every_field_wrapper_asks_the_server_to_check_it(client, form_data):
    html = client.get("/inscription").get_data(as_text=True)
    for name in ["institution", "name", "function", "email", "phone", "message", "consent"]:
        wrapper = re.search(rf'<div class="field" id="field-{name}"[^>]*>', html).group(0)
        assert f'hx-post="/inscription/verifier?champ={name}"' in wrapper
        assert 'hx-trigger="change"' in wrapper
        assert 'hx-include="closest form"' in wrapper
        assert 'hx-target="this"' in wrapper and 'hx-swap="outerHTML"' in wrapper
    assert "X-CSRFToken" in html
    assert "<script>" not in html and "style=" not in html


@pytest.mark.parametrize("headers", [HTMX, {}])
def test_a_bad_field_comes_back_alone_with_its_error(client, db, form_data, headers):
    response = check(client, "email", {**form_data, "email": "pas-une-adresse"}, headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "<main" not in html
    assert html.strip().startswith('<div class="field has-error" id="field-email"')
    assert "Indiquez une adresse e-mail valide" in html
    assert 'value="pas-une-adresse"' in html
    assert 'hx-post="/inscription/verifier?champ=email"' in html
    assert 'id="field-name"' not in html
    assert db.session.scalar(select(func.count()).select_from(RegistrationRequest)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_good_field_comes_back_without_error(client, form_data):
    response = check(client, "name", {**form_data, "email": "pas-une-adresse"}, HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.strip().startswith('<div class="field" id="field-name"')
    assert "error" not in html
    assert 'value="Marie Dupont"' in html


def test_institution_rules_are_checked_inline(client, form_data, make_institution):
    member = make_institution(name="Commune de Bouillon")
    html = check(client, "institution", {**form_data, "institution": str(member.id)},
                 HTMX).get_data(as_text=True)
    assert "Cette institution est déjà adhérente" in html
    html = check(client, "institution", {**form_data, "institution": "x"},
                 HTMX).get_data(as_text=True)
    assert "Choisissez votre institution dans la liste." in html


def test_unchecked_consent_is_reported(client, form_data):
    data = {key: value for key, value in form_data.items() if key != "consent"}
    html = check(client, "consent", data, HTMX).get_data(as_text=True)
    assert "Cochez cette case pour pouvoir envoyer la demande." in html


@pytest.mark.parametrize("field", ["website", "csrf_token", "inconnu", ""])
def test_unknown_field_is_a_bad_request(client, form_data, field):
    assert check(client, field, form_data, HTMX).status_code == 400


def test_check_without_csrf_token_is_refused(client, form_data):
    response = check(client, "email", form_data, HTMX, token=False)
    assert response.status_code == 400
    assert "Votre formulaire a expiré" in response.get_data(as_text=True)


def test_check_accepts_the_csrf_header_that_htmx_sends(client, form_data):
    token = csrf_token(client, "/inscription")
    response = client.post("/inscription/verifier?champ=name", data=form_data,
                           headers={**HTMX, "X-CSRFToken": token})
    assert response.status_code == 200


def test_check_is_get_free(client):
    assert client.get("/inscription/verifier?champ=name").status_code == 405
