"""Emails about registration requests: to the manager, and to the applicant."""
from __future__ import annotations

from flask import current_app

from app.auth.tokens import make_token
from app.mail.queue import external_url, queue_email
from app.models import Institution, RegistrationRequest


def send_registration_to_manager(registration: RegistrationRequest) -> None:
    """The details and a signed link (14 days) to decide: GET only shows them."""
    token = make_token("registration-decision", r=registration.id)
    queue_email(
        current_app.config["PLATFORM_MANAGER_EMAIL"], "registration_manager",
        f"Nouvelle demande d'adhésion : {registration.institution.name}",
        reply_to=registration.email, registration=registration,
        link=external_url("inscription.decision", token=token),
        list_link=external_url("gestion.registrations"),
    )


def send_registration_acknowledgement(registration: RegistrationRequest) -> None:
    queue_email(
        registration.email, "registration_received",
        "Votre demande d'adhésion a bien été reçue", registration=registration,
    )


def send_existing_account_notice(email: str, institution: Institution) -> None:
    """Tell the owner of an existing account that a request used their address."""
    queue_email(
        email, "registration_existing_account",
        "Votre demande d'adhésion : vous avez déjà un compte",
        institution=institution, login_link=external_url("comptes.login"),
    )


def send_refusal(registration: RegistrationRequest) -> None:
    queue_email(
        registration.email, "registration_refused",
        "Votre demande d'adhésion n'a pas été acceptée", registration=registration,
        register_link=external_url("inscription.register",
                                   institution=registration.institution_id),
    )
