"""The manager role: granting and withdrawing it, and creating a manager
(the `create-manager` command). The platform always keeps one active
manager.

Services check the rules, change the models, audit and flush; the caller
(a route or a command) commits once.
"""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select

from app.audit import record
from app.auth.passwords import hash_password, password_problem
from app.blueprints.comptes.emails import send_activation_email
from app.domain import DomainError
from app.extensions import db
from app.forms import normalise_email
from app.models import Institution, InstitutionKind, User, UserStatus, utcnow


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
            raise DomainError("Ce compte a été effacé : il ne peut plus devenir "
                              "gestionnaire.")
        if user.institution.kind != InstitutionKind.PROVINCE:
            raise DomainError(
                f"{user.name} ne fait pas partie de la Province : seuls les agents de la "
                "Province peuvent être gestionnaires.")
        user.is_manager = True
        record("user.manager_granted", user, summary=f"{user.name} devient gestionnaire")
        db.session.flush()
        return f"{user.name} est maintenant gestionnaire de la plateforme."
    if not other_active_managers(user):
        raise DomainError(
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
    """A manager in the Province institution (docs/requirements.md, S2.1.7).

    Without a password the account is invited and the activation email
    queued; with one it is active at once. The first manager becomes the
    Province's référent. Returns the user and the activation link, if any.
    """
    email, name = normalise_email(email), (name or "").strip()
    if not name:
        raise DomainError("Indiquez le nom du gestionnaire (--name).")
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise DomainError(f"L'adresse e-mail {email!r} n'est pas valide.") from error
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise DomainError(f"L'adresse e-mail {email} est déjà utilisée par un compte.")
    if password is not None and (problem := password_problem(password)):
        raise DomainError(problem)
    province = db.session.scalar(
        select(Institution).where(Institution.kind == InstitutionKind.PROVINCE))
    if province is None:
        raise DomainError("L'institution Province n'existe pas encore : lancez d'abord "
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
