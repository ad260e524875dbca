"""Bad input on the annonce forms: a French message next to the field, status
200, everything typed kept, nothing created; fuzzed fields never give a 500."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from app.models import Annonce, InstitutionKind, UserStatus
from tests.annonces.manage_helpers import (
    ad_form,
    annonces,
    count,
    in_days,
    post_action,
    post_ad,
)
from tests.helpers import csrf_token

TYPED = {"title": "Prêt d'un podium", "body": "Texte *tapé* à garder", "quantity": "1 podium"}


@pytest.fixture()
def author(auth, make_user, make_institution):
    commune = make_institution(InstitutionKind.COMMUNE, name="Commune de Durbuy")
    return auth.client_for(make_user(institution=commune))


def _refused(response, field: str, message: str, db, typed: dict) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error">{escape(message)}' in html
    assert "Le formulaire contient des erreurs" in html
    for value in typed.values():
        assert escape(value) in html
    assert count(db, Annonce) == 0
    return html


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"title": ""}, "title", "Indiquez un titre, par exemple « Agent d'état civil pour 3 jours »."),
    ({"title": "x" * 161}, "title", "Le titre ne peut pas dépasser 160 caractères."),
    ({"body": "x" * 10001}, "body", "La description ne peut pas dépasser 10 000 caractères."),
    ({"quantity": "x" * 161}, "quantity", "La quantité ne peut pas dépasser 160 caractères."),
    ({"kind": "echange"}, "kind", "Choisissez « demande » ou « offre »."),
    ({"kind": ""}, "kind", "Choisissez « demande » ou « offre »."),
    ({"category": "autre-chose"}, "category", "Choisissez une catégorie dans la liste."),
    ({"start_date": "demain"}, "start_date", "Indiquez une date valide, par exemple 15/03/2026."),
    ({"end_date": "2030-02-30"}, "end_date", "Indiquez une date valide, par exemple 15/03/2026."),
    ({"start_date": "2030-03-10", "end_date": "2030-03-01"}, "end_date",
     "La date de fin doit être égale ou postérieure à la date de début."),
    ({"location": "abc"}, "location", "Choisissez une commune dans la liste."),
    ({"location": "99999999999999999999"}, "location", "Choisissez une commune dans la liste."),
    ({"location": "999999"}, "location", "Choisissez une commune de la province dans la liste."),
    ({"contact": "-1"}, "contact", "Choisissez une personne dans la liste."),
    ({"contact": "999999"}, "contact",
     "Choisissez une personne de votre institution dans la liste."),
    ({"expires_on": "not-a-date"}, "expires_on",
     "Indiquez une date valide, par exemple 15/03/2026."),
])
def test_bad_input_is_explained_and_kept(author, db, changes, field, message):
    response = post_ad(author, ad_form(**{**TYPED, **changes}))
    typed = {k: v for k, v in TYPED.items() if k not in changes}
    _refused(response, field, message, db, typed)


@pytest.mark.parametrize("days", [0, -5, 366, 5000])
def test_expiry_out_of_range(author, db, days):
    response = post_ad(author, ad_form(**TYPED, expires_on=in_days(days).isoformat()))
    message = (f"Choisissez une date entre le {in_days(1):%d/%m/%Y} et le "
               f"{in_days(365):%d/%m/%Y}.")
    _refused(response, "expires_on", message, db, TYPED)


def test_expiry_bounds_are_accepted(author, db):
    assert post_ad(author, ad_form(expires_on=in_days(1).isoformat())).status_code == 303
    assert post_ad(author, ad_form(expires_on=in_days(365).isoformat())).status_code == 303


def test_location_must_be_a_commune(author, db, make_institution):
    zone = make_institution(InstitutionKind.ZONE_POLICE, name="Zone de police Famenne")
    response = post_ad(author, ad_form(**TYPED, location=str(zone.id)))
    _refused(response, "location", "Choisissez une commune de la province dans la liste.",
             db, TYPED)


@pytest.mark.parametrize("whose", ["other_institution", "suspended"])
def test_contact_must_be_an_active_colleague(author, db, make_user, make_institution, whose):
    if whose == "suspended":
        person = make_user(institution=author.user.institution, status=UserStatus.SUSPENDED)
    else:
        person = make_user(institution=make_institution())
    response = post_ad(author, ad_form(**TYPED, contact=str(person.id)))
    _refused(response, "contact",
             "Choisissez une personne de votre institution dans la liste.", db, TYPED)


def test_several_errors_at_once(author, db):
    response = post_ad(author, ad_form(title="", category="", kind=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for field in ("title", "category", "kind"):
        assert f'id="{field}-error"' in html
        assert f'href="#{field}"' in html


def test_missing_csrf_is_refused(author, db):
    response = author.post("/annonces/nouvelle", data=ad_form())
    assert response.status_code == 400
    assert count(db, Annonce) == 0


@pytest.fixture()
def closable(author, db, make_institution):
    post_ad(author, ad_form())
    return annonces(db)[0]


@pytest.mark.parametrize(("data", "message"), [
    ({"outcome": "peut-etre"}, "Choisissez « pourvue » ou « annulée »."),
    ({"outcome": "pourvue", "helped_by": "999999"},
     "Choisissez une institution adhérente dans la liste."),
    ({"outcome": "pourvue", "helped_by": "douze"}, "Choisissez une institution dans la liste."),
])
def test_bad_closing_input(author, db, closable, data, message):
    response = post_action(author, f"/annonces/{closable.id}/cloturer", data)
    assert response.status_code == 200
    assert escape(message) in response.get_data(as_text=True)
    assert annonces(db)[0].is_open


@pytest.mark.parametrize("which", ["own", "non_member"])
def test_helped_by_must_be_another_member(author, db, closable, make_institution, which):
    helper = author.user.institution if which == "own" else make_institution(is_member=False)
    response = post_action(author, f"/annonces/{closable.id}/cloturer",
                           {"outcome": "pourvue", "helped_by": str(helper.id)})
    assert response.status_code == 200
    assert "Choisissez une institution adhérente dans la liste." in \
        response.get_data(as_text=True)
    assert annonces(db)[0].is_open


NASTY = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["\x00", "9" * 30, "-1", "2030-02-30", "0000-01-01", "9999-12-31",
                     "<script>alert(1)</script>", "' OR 1=1 --", "\u202e", "on", "y"]),
    st.integers().map(str),
)
ANNONCE_FIELDS = ["kind", "category", "title", "body", "start_date", "end_date", "quantity",
                  "location", "contact", "expires_on", "broadcast"]
FUZZ = settings(max_examples=15, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _expected(value: str) -> tuple[int, ...]:
    """A form re-rendered or a redirect; NUL bytes are refused up front (400)."""
    return (400,) if "\x00" in value else (200, 303)


@pytest.mark.parametrize("field", ANNONCE_FIELDS)
def test_fuzzed_annonce_fields_never_fail(author, db, field):
    token = csrf_token(author, "/annonces/nouvelle")

    @FUZZ
    @given(value=NASTY)
    def check(value):
        data = {"csrf_token": token, **ad_form(), field: value}
        response = author.post("/annonces/nouvelle", data=data)
        assert response.status_code in _expected(value)
        assert "<script>alert(1)</script>" not in response.get_data(as_text=True)

    check()


@pytest.mark.parametrize("field", ["outcome", "helped_by", "reason"])
def test_fuzzed_closing_and_hiding_fields_never_fail(auth, author, db, closable, make_manager,
                                                     field):
    client = auth.client_for(make_manager()) if field == "reason" else author
    path = f"/annonces/{closable.id}/" + ("masquer" if field == "reason" else "cloturer")
    token = csrf_token(client, "/annonces/nouvelle")

    @FUZZ
    @given(value=NASTY)
    def check(value):
        data = {"csrf_token": token, field: value}
        if field == "helped_by":
            data["outcome"] = "pourvue"
        response = client.post(path, data=data)
        assert response.status_code in _expected(value)
        assert "<script>alert(1)</script>" not in response.get_data(as_text=True)

    check()
