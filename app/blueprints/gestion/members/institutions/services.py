"""Changing the institutions of the province: adding one after a merger,
suspending, reactivating and retiring one, changing its référent.

Services check the rules, change the models, audit and flush; the route
commits once.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from app.audit import record
from app.blueprints.comptes.colleague_services import assign_referent
from app.blueprints.comptes.services import AccountProblem
from app.blueprints.gestion.text_search import folded_equals
from app.domain import DomainError, FieldErrors
from app.extensions import db
from app.models import (
    Institution,
    InstitutionKind,
    RegistrationRequest,
    RegistrationStatus,
    User,
    utcnow,
)
from app.reference.seed import arrondissements, slugify
from app.web.logs import log_event

DUPLICATE_NAME = "Une institution porte déjà ce nom : choisissez-en un autre."
PROVINCE_UNTOUCHABLE = ("La Province porte la plateforme : elle ne peut être ni suspendue "
                        "ni retirée.")


@dataclass(frozen=True)
class NewInstitution:
    name: str
    short_name: str
    kind: InstitutionKind
    arrondissement: str | None
    postal_code: str | None
    police_zone_id: int | None
    commune_id: int | None


def _unique_slug(base: str) -> str:
    taken = set(db.session.scalars(select(Institution.slug).where(
        Institution.slug.startswith(base, autoescape=True))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def create_institution(data: NewInstitution) -> Institution:
    """Add an institution (after a merger, say). It joins the reference
    list, so that it can apply through the registration form."""
    errors: dict[str, str] = {}
    if db.session.scalar(select(exists().where(
            folded_equals(Institution.name, data.name)))):
        errors["name"] = DUPLICATE_NAME
    if data.arrondissement and data.arrondissement not in arrondissements():
        errors["arrondissement"] = "Choisissez l'arrondissement dans la liste."
    commune = police_zone = None
    if data.kind == InstitutionKind.CPAS:
        commune = db.session.get(Institution, data.commune_id) if data.commune_id else None
        if commune is None or commune.kind != InstitutionKind.COMMUNE:
            errors["commune"] = "Choisissez la commune de ce CPAS."
        else:
            police_zone = commune.police_zone
    elif data.kind == InstitutionKind.COMMUNE and data.police_zone_id:
        police_zone = db.session.get(Institution, data.police_zone_id)
        if police_zone is None or police_zone.kind != InstitutionKind.ZONE_POLICE:
            errors["police_zone"] = "Choisissez la zone de police dans la liste."
    if errors:
        raise FieldErrors(errors)
    short_name = data.short_name or data.name
    institution = Institution(
        kind=data.kind, name=data.name, short_name=short_name,
        slug=_unique_slug(slugify(f"{data.kind.value.replace('_', '-')}-{short_name}")),
        arrondissement=data.arrondissement or None, postal_code=data.postal_code or None,
        commune=commune, police_zone=police_zone, is_reference=True, is_member=False)
    try:
        with db.session.begin_nested():
            db.session.add(institution)
    except IntegrityError as error:
        raise FieldErrors({"name": DUPLICATE_NAME}) from error
    record("institution.created", institution, summary=f"Institution ajoutée : {data.name}",
           kind=data.kind.value)
    db.session.flush()
    return institution


def _end_sessions_of_users(institution: Institution) -> int:
    users = db.session.scalars(select(User).where(User.institution_id == institution.id)).all()
    for user in users:
        user.end_all_sessions()
    return len(users)


def _refuse_province(institution: Institution) -> None:
    if institution.kind == InstitutionKind.PROVINCE:
        raise DomainError(PROVINCE_UNTOUCHABLE)


def set_suspended(institution: Institution, suspend: bool) -> str:
    """Suspend a member institution (its users are logged out at once and
    cannot log in) or lift the suspension; return what was done, in French."""
    _refuse_province(institution)
    name = institution.name
    if institution.retired_at is not None:
        raise DomainError(f"{name} est retirée : elle ne peut plus être suspendue ni "
                          "réactivée.")
    if suspend == (institution.suspended_at is not None):
        return f"{name} est déjà {'suspendue' if suspend else 'active'} : rien n'a changé."
    if not suspend:
        institution.suspended_at = None
        record("institution.reactivated", institution, summary=f"{name} réactivée")
        db.session.flush()
        return f"{name} est réactivée : ses utilisateurs peuvent à nouveau se connecter."
    if not institution.is_member:
        raise DomainError(f"{name} n'est pas adhérente : il n'y a rien à suspendre.")
    institution.suspended_at = utcnow()
    ended = _end_sessions_of_users(institution)
    record("institution.suspended", institution, summary=f"{name} suspendue", users=ended)
    log_event("institution_suspended", institution=institution.id, sessions_ended=ended)
    db.session.flush()
    return (f"{name} est suspendue : ses utilisateurs sont déconnectés et ne peuvent plus "
            "se connecter.")


def retire_institution(institution: Institution) -> str:
    """Retire an institution that no longer exists (merged into another):
    it leaves the members and the registration list; its users can no
    longer log in."""
    _refuse_province(institution)
    name = institution.name
    if institution.retired_at is not None:
        return f"{name} est déjà retirée : rien n'a changé."
    if db.session.scalar(select(exists().where(
            RegistrationRequest.institution_id == institution.id,
            RegistrationRequest.status == RegistrationStatus.PENDING))):
        raise DomainError(f"Une demande d'adhésion de {name} attend une décision : "
                          "traitez-la d'abord, puis retirez l'institution.")
    institution.retired_at = utcnow()
    institution.is_member = False
    ended = _end_sessions_of_users(institution)
    record("institution.retired", institution, summary=f"{name} retirée", users=ended)
    log_event("institution_retired", institution=institution.id, sessions_ended=ended)
    db.session.flush()
    return f"{name} est retirée : elle ne figure plus parmi les adhérents."


def change_referent(institution: Institution, user_id: int, manager: User) -> str:
    """Make an active user of the institution its référent (the hand-over of
    the référent's own page)."""
    user = db.session.get(User, user_id)
    if user is None or user.institution_id != institution.id:
        raise DomainError("Choisissez une personne de cette institution.")
    try:
        assign_referent(user, manager)
    except AccountProblem as problem:
        raise DomainError(problem.message) from problem
    return f"{user.name} est désormais référent de {institution.name}."
