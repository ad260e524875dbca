"""Registration requests: submitting one, and the manager's decision.

The decision is taken once: a conditional UPDATE claims the pending request,
so two managers approving at the same moment create one user and one email.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from app.audit import record
from app.auth.sessions import find_user_by_email
from app.auth.tokens import TokenError, read_token
from app.blueprints.comptes.emails import send_activation_email
from app.blueprints.inscription import emails
from app.domain import DomainError, FieldErrors
from app.extensions import db
from app.forms import normalise_email
from app.models import (
    Institution,
    InstitutionKind,
    RegistrationRequest,
    RegistrationStatus,
    User,
    UserStatus,
    utcnow,
)
from app.web.converters import MAX_ID
from app.web.logs import log_event

CHOOSE_INSTITUTION = "Choisissez votre institution dans la liste."
ALREADY_MEMBER = ("Cette institution est déjà adhérente : demandez à son référent "
                  "de vous inviter.")
ALREADY_PENDING = ("Une demande d'adhésion est déjà en cours d'examen pour cette "
                   "institution. Vous recevrez une réponse par e-mail.")
ALREADY_DECIDED = "Cette demande a déjà été traitée."
ACCOUNT_EXISTS = ("Un compte existe déjà avec l'adresse {email} : la demande ne peut pas "
                  "être approuvée. Refusez-la en expliquant au demandeur qu'il peut se "
                  "connecter avec ce compte, ou demandez-lui une autre adresse.")
REFERENT_EXISTS = ("Cette institution a déjà un référent : la demande ne peut pas être "
                   "approuvée. Refusez-la en indiquant qui contacter.")
REGISTRABLE_KINDS = (InstitutionKind.COMMUNE, InstitutionKind.CPAS,
                     InstitutionKind.ZONE_POLICE, InstitutionKind.ZONE_SECOURS)


class AlreadyDecided(DomainError):
    """Another manager decided first: the request shows the decision taken."""

    def __init__(self):
        super().__init__(ALREADY_DECIDED)


@dataclass(frozen=True)
class Application:
    """What the applicant typed, already checked by the form."""

    institution_id: int
    name: str
    function: str
    email: str
    phone: str
    message: str
    consent: bool


def _pending_exists():
    return exists().where(RegistrationRequest.institution_id == Institution.id,
                          RegistrationRequest.status == RegistrationStatus.PENDING)


def _sort_key(name: str) -> str:
    """Alphabetical order ignoring accents and case: "Étalle" next to "Etalle"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def institution_choices() -> list[SelectChoice]:
    """The institutions that may apply, grouped by kind for an <optgroup> list."""
    rows = db.session.execute(
        select(Institution.id, Institution.name, Institution.kind).where(
            Institution.is_reference.is_(True), Institution.is_member.is_(False),
            Institution.retired_at.is_(None), Institution.kind.in_(REGISTRABLE_KINDS),
            ~_pending_exists(),
        )
    ).all()
    choices = [SelectChoice("", "— Choisissez votre institution —")]
    for kind in REGISTRABLE_KINDS:
        names = sorted((row for row in rows if row.kind == kind),
                       key=lambda row: _sort_key(row.name))
        choices += [SelectChoice(str(row.id), row.name, optgroup=kind.plural)
                    for row in names]
    return choices


def institution_problem(raw_id) -> str | None:
    """Why the institution of id `raw_id` (as typed) cannot apply, or None."""
    try:
        institution_id = int(raw_id)
    except (TypeError, ValueError):
        return CHOOSE_INSTITUTION
    if not 0 < institution_id <= MAX_ID:  # 2**63 would overflow the SQL integer
        return CHOOSE_INSTITUTION
    institution = db.session.get(Institution, institution_id)
    if (institution is None or not institution.is_reference
            or institution.retired_at is not None
            or institution.kind not in REGISTRABLE_KINDS):
        return CHOOSE_INSTITUTION
    if institution.is_member:
        return ALREADY_MEMBER
    if db.session.scalar(select(_pending_exists()).where(Institution.id == institution_id)):
        return ALREADY_PENDING
    return None


def submit_registration(application: Application) -> RegistrationRequest | None:
    """Store a pending request and tell the manager and the applicant.

    An address that already has an account gets the same answer on screen
    (no way to learn who has an account); its owner is told by email
    instead, and nothing is stored. Returns the request, or None then.
    """
    problem = institution_problem(application.institution_id)
    if problem:
        raise FieldErrors({"institution": problem})
    institution = db.session.get(Institution, application.institution_id)
    email = normalise_email(application.email)
    if find_user_by_email(email) is not None:
        emails.send_existing_account_notice(email, institution)
        log_event("registration_existing_account", institution=institution.id)
        return None
    registration = RegistrationRequest(
        institution=institution, name=application.name, function=application.function,
        email=email, phone=application.phone, message=application.message,
        consent=application.consent,
    )
    try:
        with db.session.begin_nested():
            db.session.add(registration)
    except IntegrityError as error:
        # Another request for this institution was committed meanwhile.
        raise FieldErrors({"institution": ALREADY_PENDING}) from error
    emails.send_registration_to_manager(registration)
    emails.send_registration_acknowledgement(registration)
    record("registration.submitted", registration,
           summary=f"Demande d'adhésion : {institution.name}", institution_id=institution.id)
    return registration


def registration_from_token(token: str) -> RegistrationRequest:
    """The request a decision link points to, else TokenError."""
    payload = read_token("registration-decision", token)
    request_id = payload.get("r")
    if not isinstance(request_id, int):
        raise TokenError("invalid")
    registration = db.session.get(RegistrationRequest, request_id)
    if registration is None:
        raise TokenError("invalid")
    return registration


def _claim(registration: RegistrationRequest, status: RegistrationStatus, manager: User,
           **values) -> None:
    """Mark the request decided if it is still pending, else AlreadyDecided.

    The WHERE clause makes the check and the change one atomic statement.
    """
    result = db.session.execute(
        update(RegistrationRequest)
        .where(RegistrationRequest.id == registration.id,
               RegistrationRequest.status == RegistrationStatus.PENDING)
        .values(status=status, decided_at=utcnow(), decided_by_id=manager.id, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise AlreadyDecided()
    db.session.refresh(registration)


def approve_registration(registration: RegistrationRequest, manager: User) -> User:
    """Make the institution a member and its applicant the référent, who gets
    an activation email."""
    if not registration.is_pending:
        raise AlreadyDecided()
    if find_user_by_email(registration.email) is not None:
        raise DomainError(ACCOUNT_EXISTS.format(email=registration.email))
    institution = registration.institution
    if db.session.scalar(select(exists().where(User.institution_id == institution.id,
                                               User.is_referent.is_(True)))):
        raise DomainError(REFERENT_EXISTS)
    _claim(registration, RegistrationStatus.APPROVED, manager)
    institution.is_member = True
    institution.member_since = utcnow()
    user = User(
        institution_id=institution.id, email=registration.email, name=registration.name,
        function=registration.function, phone=registration.phone,
        status=UserStatus.INVITED, is_referent=True,
        consent_share_contact=registration.consent,
    )
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError as error:
        # An account with this address, or a référent, was created meanwhile.
        raise DomainError(ACCOUNT_EXISTS.format(email=registration.email)) from error
    registration.user = user
    send_activation_email(user)
    record("registration.approved", registration, actor=manager,
           summary=f"Adhésion approuvée : {institution.name}",
           institution_id=institution.id, user_id=user.id)
    log_event("registration_approved", registration=registration.id, user=manager.id)
    db.session.flush()
    return user


def refuse_registration(registration: RegistrationRequest, manager: User, reason: str) -> None:
    """Refuse the request and send the reason to the applicant."""
    if not registration.is_pending:
        raise AlreadyDecided()
    _claim(registration, RegistrationStatus.REFUSED, manager, refusal_reason=reason)
    emails.send_refusal(registration)
    record("registration.refused", registration, actor=manager,
           summary=f"Adhésion refusée : {registration.institution.name}",
           institution_id=registration.institution_id)
    log_event("registration_refused", registration=registration.id, user=manager.id)
    db.session.flush()


def decide(registration: RegistrationRequest, manager: User, decision: str,
           reason: str = "") -> str:
    """Approve or refuse; return the French confirmation for the manager."""
    name = registration.institution.name
    if decision == "approve":
        user = approve_registration(registration, manager)
        return (f"La demande de {name} est approuvée. Un e-mail d'activation part "
                f"vers {user.email}.")
    refuse_registration(registration, manager, reason)
    return f"La demande de {name} est refusée. Le demandeur reçoit le motif par e-mail."
