"""Sending a registration's decision email again.

The service audits and flushes; the route commits once.
"""
from __future__ import annotations

from app.audit import record
from app.blueprints.comptes.emails import send_activation_email
from app.blueprints.gestion.members.registrations.queries import can_resend
from app.blueprints.inscription import emails
from app.domain import DomainError
from app.extensions import db
from app.models import RegistrationRequest, RegistrationStatus


def resend_decision_email(registration: RegistrationRequest) -> str:
    """Send again the email the request's state calls for; return what was
    done, in French.

    Pending: the manager's notification, with a fresh decision link.
    Approved: the référent's activation link, while the account is not
    activated. Refused: the refusal and its reason, to the applicant.
    """
    name = registration.institution.name
    if registration.status == RegistrationStatus.PENDING:
        emails.send_registration_to_manager(registration)
        done = (f"La demande de {name} est renvoyée au gestionnaire de la plateforme, "
                "avec un nouveau lien de décision.")
    elif registration.status == RegistrationStatus.APPROVED:
        if not can_resend(registration):
            raise DomainError(
                f"Le compte du référent de {name} est déjà activé (ou n'existe plus) : "
                "il n'y a pas de lien d'activation à renvoyer.")
        send_activation_email(registration.user)
        done = f"Un nouveau lien d'activation part vers {registration.user.email}."
    else:
        emails.send_refusal(registration)
        done = f"Le refus et son motif sont renvoyés à {registration.email}."
    record("registration.email_resent", registration,
           summary=f"E-mail de décision renvoyé : {name}",
           status=registration.status.value, institution_id=registration.institution_id)
    db.session.flush()
    return done
