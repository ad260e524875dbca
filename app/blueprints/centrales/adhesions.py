"""Adhesions of member institutions to the purchasing centrals: a member's
request, the manager's decision (taken once), and what each side sees.

Services check the rules, change the models, queue the emails, audit and
flush; the route commits once.
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.audit import record
from app.blueprints.centrales import emails
from app.domain import DomainError
from app.extensions import db
from app.localtime import brussels_today
from app.models import Adhesion, AdhesionStatus, Centrale, CentraleStatus, User, utcnow

ALREADY_PENDING = ("Votre institution a déjà demandé à adhérer à cette centrale : la demande "
                   "est en cours d'examen par le gestionnaire de la plateforme.")
ALREADY_CONFIRMED = "Votre institution est déjà adhérente de cette centrale."
ALREADY_DECIDED = "Cette demande d'adhésion a déjà été traitée : rien n'a été changé."
CLOSED = {
    CentraleStatus.EN_COURS: "Le délai d'adhésion à cette centrale est dépassé : elle n'accepte "
                             "plus de nouvelles adhésions.",
    CentraleStatus.CLOTUREE: "Cette centrale est clôturée : elle n'accepte plus d'adhésions.",
}


def adhesion_of(centrale: Centrale, user) -> Adhesion | None:
    """The adhesion of the user's institution to this central, if any."""
    if not user.is_authenticated:
        return None
    return db.session.scalar(select(Adhesion).where(
        Adhesion.centrale_id == centrale.id, Adhesion.institution_id == user.institution_id))


def institution_adhesions(institution_id: int) -> list[Adhesion]:
    """Every adhesion of an institution with its central, newest first."""
    return list(db.session.scalars(
        select(Adhesion).options(joinedload(Adhesion.centrale))
        .where(Adhesion.institution_id == institution_id)
        .order_by(Adhesion.created_at.desc(), Adhesion.id.desc())
    ))


def request_adhesion(centrale: Centrale, user: User, message: str) -> str:
    """Ask, for the user's institution, to join the central; the manager is
    emailed. A declined request may be asked again. Returns the French
    confirmation."""
    status = centrale.status_on(brussels_today())
    if status in CLOSED:
        raise DomainError(CLOSED[status])
    adhesion = db.session.scalar(
        select(Adhesion).where(Adhesion.centrale_id == centrale.id,
                               Adhesion.institution_id == user.institution_id)
        .with_for_update())
    if adhesion is not None and adhesion.status is AdhesionStatus.PENDING:
        raise DomainError(ALREADY_PENDING)
    if adhesion is not None and adhesion.status is AdhesionStatus.CONFIRMED:
        raise DomainError(ALREADY_CONFIRMED)
    if adhesion is None:
        adhesion = Adhesion(centrale=centrale, institution_id=user.institution_id)
    adhesion.status = AdhesionStatus.PENDING
    adhesion.requested_by = user
    adhesion.message = message
    adhesion.created_at = utcnow()
    adhesion.decided_at = adhesion.decided_by_id = None
    adhesion.decline_reason = ""
    try:
        with db.session.begin_nested():
            db.session.add(adhesion)
    except IntegrityError as error:
        # A colleague's request for the same institution arrived meanwhile.
        raise DomainError(ALREADY_PENDING) from error
    emails.send_adhesion_requested(adhesion)
    record("adhesion.requested", adhesion, actor=user,
           summary=f"Demande d'adhésion de {user.institution.name} à « {centrale.title} »",
           centrale_id=centrale.id, institution_id=user.institution_id)
    db.session.flush()
    return (f"La demande d'adhésion de votre institution à « {centrale.title} » est envoyée au "
            "gestionnaire de la plateforme. Vous recevrez un e-mail dès qu'elle sera traitée.")


def decide_adhesion(adhesion: Adhesion, manager: User, decision: str, reason: str = "") -> str:
    """Confirm or decline a pending adhesion, once; the requester is emailed.
    Returns the French confirmation for the manager."""
    confirmed = decision == "confirm"
    status = AdhesionStatus.CONFIRMED if confirmed else AdhesionStatus.DECLINED
    # The WHERE clause makes the check and the change one atomic statement.
    result = db.session.execute(
        update(Adhesion)
        .where(Adhesion.id == adhesion.id, Adhesion.status == AdhesionStatus.PENDING)
        .values(status=status, decided_at=utcnow(), decided_by_id=manager.id,
                decline_reason="" if confirmed else reason)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise DomainError(ALREADY_DECIDED)
    db.session.refresh(adhesion)
    emails.send_adhesion_decided(adhesion)
    name, title = adhesion.institution.name, adhesion.centrale.title
    record("adhesion.confirmed" if confirmed else "adhesion.declined", adhesion, actor=manager,
           summary=f"Adhésion {'confirmée' if confirmed else 'refusée'} : {name} à « {title} »",
           centrale_id=adhesion.centrale_id, institution_id=adhesion.institution_id)
    db.session.flush()
    told = " Le demandeur en est informé par e-mail." if adhesion.requested_by else ""
    return (f"L'adhésion de {name} à « {title} » est "
            f"{'confirmée' if confirmed else 'refusée'}.{told}")
