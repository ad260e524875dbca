"""Fixtures for the registration tests: institutions that may apply, a
pending request with its decision link, the manager who decides (logged in
on `client`), and a fresh rate limit per test."""
from __future__ import annotations

import pytest

from app.auth.tokens import make_token
from app.extensions import limiter
from app.models import InstitutionKind, RegistrationRequest


@pytest.fixture(autouse=True)
def fresh_rate_limits(app):
    limiter.reset()


@pytest.fixture()
def applicant_institution(make_institution):
    return make_institution(InstitutionKind.COMMUNE, name="Commune d'Étalle", is_member=False)


@pytest.fixture()
def form_data(applicant_institution):
    """A complete, valid registration as a browser would send it."""
    return {
        "institution": str(applicant_institution.id),
        "name": "Marie Dupont",
        "function": "Directrice générale",
        "email": "Marie.Dupont@Etalle.be",
        "phone": "063 45 67 89",
        "message": "Nous souhaitons partager du matériel.",
        "consent": "y",
        "website": "",
    }


@pytest.fixture()
def manager(auth, make_manager):
    user = make_manager(name="Gaëlle Gestion")
    auth.login(user)
    return user


@pytest.fixture()
def make_request(db, make_institution):
    """A pending request stored directly, as after a successful submission."""

    def factory(institution=None, **fields) -> RegistrationRequest:
        institution = institution or make_institution(
            InstitutionKind.CPAS, name=fields.pop("institution_name", "CPAS d'Attert"),
            is_member=False)
        registration = RegistrationRequest(
            institution=institution, name=fields.pop("name", "Jean Lambert"),
            function=fields.pop("function", "Directeur général"),
            email=fields.pop("email", "jean.lambert@attert.be"),
            phone=fields.pop("phone", "063 22 33 44"),
            message=fields.pop("message", "Première ligne.\nDeuxième ligne."),
            consent=True, **fields,
        )
        db.session.add(registration)
        db.session.commit()
        return registration

    return factory


@pytest.fixture()
def decision_link(app):
    def factory(registration: RegistrationRequest) -> str:
        with app.test_request_context():
            return f"/inscription/decision/{make_token('registration-decision', r=registration.id)}"

    return factory
