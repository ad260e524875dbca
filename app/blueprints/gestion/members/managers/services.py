"""Back-office services: the email log, users and managers.

Services check the rules, change the models, audit and flush; the caller
(a route or a command) commits once.
"""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask import g
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager

from app.audit import record
from app.auth.passwords import hash_password, password_problem
from app.blueprints.comptes.emails import send_activation_email
from app.blueprints.gestion.email_filters import status_condition
from app.extensions import db
from app.forms import normalise_email
from app.mail.delivery import retry_dead
from app.models import (
    Institution,
    InstitutionKind,
    OutboxMessage,
    OutboxStatus,
    User,
    UserStatus,
    utcnow,
)

PER_PAGE = 50
MAX_PAGE = 100_000  # keeps OFFSET within what every database accepts

USER_STATUS_LABELS = {
    UserStatus.INVITED: "Invité (compte pas encore activé)",
    UserStatus.ACTIVE: "Actif",
    UserStatus.SUSPENDED: "Suspendu",
    UserStatus.ANONYMISED: "Anonymisé",
}
# French names of the audited actions, for the dashboard (unknown codes show as is).
AUDIT_LABELS = {
    "account.activated": "Compte activé",
    "account.consent_changed": "Partage des coordonnées modifié",
    "account.email_changed": "Adresse e-mail modifiée",
    "account.password_changed": "Mot de passe modifié",
    "account.password_reset": "Mot de passe réinitialisé",
    "adhesion.confirmed": "Adhésion à une centrale confirmée",
    "adhesion.declined": "Adhésion à une centrale refusée",
    "adhesion.requested": "Demande d'adhésion à une centrale",
    "annonce.answered": "Réponse à une annonce",
    "annonce.attachment_removed": "Pièce jointe retirée",
    "annonce.broadcast": "Annonce adressée à tous les adhérents",
    "annonce.closed": "Annonce clôturée",
    "annonce.created": "Annonce publiée",
    "annonce.hidden": "Annonce masquée",
    "annonce.reopened": "Annonce rouverte",
    "annonce.thread_replied": "Réponse dans une mise en relation",
    "annonce.unhidden": "Annonce rétablie",
    "annonce.updated": "Annonce modifiée",
    "centrale.created": "Centrale d'achats créée",
    "centrale.moved": "Centrale d'achats déplacée",
    "centrale.published": "Centrale d'achats publiée",
    "centrale.unpublished": "Centrale d'achats retirée de la publication",
    "centrale.updated": "Centrale d'achats modifiée",
    "colleague.invited": "Collègue invité",
    "colleague.referent_handed_over": "Rôle de référent transmis",
    "colleague.removed": "Collègue retiré",
    "document.added": "Document ajouté",
    "document.removed": "Document retiré",
    "email.retried": "Courriel remis en envoi",
    "institution.created": "Institution ajoutée",
    "institution.reactivated": "Institution réactivée",
    "institution.retired": "Institution retirée",
    "institution.suspended": "Institution suspendue",
    "manager.created": "Gestionnaire créé",
    "mission.created": "Mission créée",
    "mission.moved": "Mission déplacée",
    "mission.published": "Mission publiée",
    "mission.unpublished": "Mission retirée de la publication",
    "mission.updated": "Mission modifiée",
    "registration.approved": "Adhésion approuvée",
    "registration.email_resent": "E-mail de décision renvoyé",
    "registration.purged": "Demandes d'adhésion sans décision supprimées",
    "registration.refused": "Adhésion refusée",
    "registration.submitted": "Demande d'adhésion reçue",
    "template.created": "Modèle de document créé",
    "template.moved": "Modèle de document déplacé",
    "template.published": "Modèle de document publié",
    "template.unpublished": "Modèle de document retiré",
    "template.updated": "Modèle de document modifié",
    "template.version_added": "Nouvelle version d'un modèle de document",
    "user.anonymised": "Utilisateur anonymisé",
    "user.manager_granted": "Rôle de gestionnaire accordé",
    "user.manager_withdrawn": "Rôle de gestionnaire retiré",
    "user.reactivated": "Utilisateur réactivé",
    "user.suspended": "Utilisateur suspendu",
}


class ManagementError(Exception):
    """A back-office rule was not met; the message is French, for the user."""


def page_number(value: int | None) -> int:
    return min(max(value or 1, 1), MAX_PAGE)


def list_emails(status: str | None, recipient: str | None, page: int) -> Pagination:
    """Outbox messages, newest first, optionally filtered."""
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(),
                                           OutboxMessage.id.desc())
    if status:
        query = query.where(status_condition(status))
    if recipient:
        query = query.where(func.lower(OutboxMessage.recipient)
                            .contains(recipient.strip().lower(), autoescape=True))
    return db.paginate(query, page=page_number(page), per_page=PER_PAGE, error_out=False)


def get_email(message_id: int) -> OutboxMessage:
    return db.get_or_404(OutboxMessage, message_id)


def retry_email(message_id: int) -> bool:
    """Put a dead message back in the queue; False (and no change) otherwise."""
    message = get_email(message_id)
    if message.status != OutboxStatus.DEAD:
        return False
    retry_dead(message)
    record("email.retried", message, summary=f"Courriel n° {message.id} remis en envoi")
    db.session.flush()
    g.outbox_queued = True  # wakes the sender thread once the request commits
    return True


def list_users(search: str | None, page: int) -> Pagination:
    """Users with their institution, filtered by name, address or institution."""
    query = (select(User).join(User.institution).options(contains_eager(User.institution))
             .order_by(func.lower(User.name), User.id))
    if search:
        term = search.strip().lower()
        query = query.where(or_(
            func.lower(User.name).contains(term, autoescape=True),
            func.lower(User.email).contains(term, autoescape=True),
            func.lower(Institution.name).contains(term, autoescape=True),
        ))
    return db.paginate(query, page=page_number(page), per_page=PER_PAGE, error_out=False)


def set_manager(user_id: int, grant: bool) -> str:
    """Grant or withdraw the manager role; return what was done, in French.

    Only users of the Province can be managers, and the platform always
    keeps one active manager. Withdrawing ends the user's sessions.
    """
    user = db.get_or_404(User, user_id)
    if user.is_manager == grant:
        return (f"{user.name} est déjà gestionnaire." if grant
                else f"{user.name} n'est pas gestionnaire : rien n'a changé.")
    if grant:
        if user.status == UserStatus.ANONYMISED:
            raise ManagementError("Ce compte a été effacé : il ne peut plus devenir "
                                  "gestionnaire.")
        if user.institution.kind != InstitutionKind.PROVINCE:
            raise ManagementError(
                f"{user.name} ne fait pas partie de la Province : seuls les agents de la "
                "Province peuvent être gestionnaires.")
        user.is_manager = True
        record("user.manager_granted", user, summary=f"{user.name} devient gestionnaire")
        db.session.flush()
        return f"{user.name} est maintenant gestionnaire de la plateforme."
    if not other_active_managers(user):
        raise ManagementError(
            f"{user.name} est le dernier gestionnaire actif : désignez d'abord un autre "
            "gestionnaire, puis retirez ce rôle.")
    user.is_manager = False
    user.end_all_sessions()
    record("user.manager_withdrawn", user, summary=f"{user.name} n'est plus gestionnaire")
    db.session.flush()
    return f"{user.name} n'est plus gestionnaire ; ses sessions ont été fermées."


def other_active_managers(user: User) -> list[int]:
    """Ids of the other active managers, locked so that two managers cannot
    withdraw each other at the same moment (PostgreSQL; SQLite writes one
    transaction at a time anyway)."""
    return list(db.session.scalars(
        select(User.id).where(User.is_manager, User.status == UserStatus.ACTIVE,
                              User.id != user.id)
        .with_for_update()
    ))


def create_manager(email: str, name: str,
                   password: str | None = None) -> tuple[User, str | None]:
    """A manager in the Province institution (SPEC 2.1.7).

    Without a password the account is invited and the activation email
    queued; with one it is active at once. The first manager becomes the
    Province's référent. Returns the user and the activation link, if any.
    """
    email, name = normalise_email(email), (name or "").strip()
    if not name:
        raise ManagementError("Indiquez le nom du gestionnaire (--name).")
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise ManagementError(f"L'adresse e-mail {email!r} n'est pas valide.") from error
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise ManagementError(f"L'adresse e-mail {email} est déjà utilisée par un compte.")
    if password is not None and (problem := password_problem(password)):
        raise ManagementError(problem)
    province = db.session.scalar(
        select(Institution).where(Institution.kind == InstitutionKind.PROVINCE))
    if province is None:
        raise ManagementError("L'institution Province n'existe pas encore : lancez d'abord "
                              "`flask --app wsgi seed reference`.")
    has_referent = db.session.scalar(
        select(User.id).where(User.institution_id == province.id, User.is_referent))
    user = User(institution=province, email=email, name=name, is_manager=True,
                is_referent=has_referent is None, status=UserStatus.INVITED)
    if password is not None:
        user.password_hash = hash_password(password)
        user.status = UserStatus.ACTIVE
        user.activated_at = utcnow()
    db.session.add(user)
    db.session.flush()
    link = send_activation_email(user) if password is None else None
    record("manager.created", user, summary=f"{user.name} créé gestionnaire")
    return user, link
