"""Colleagues of an institution: invite, remove, hand over the référent role.

Every function acts only on users of the actor's own institution: the id of
anyone else is answered 404 and never acted on.
"""
from __future__ import annotations

from flask import abort
from sqlalchemy import select

from app.audit import record
from app.auth.sessions import find_user_by_email
from app.blueprints.comptes.emails import send_invitation_email
from app.blueprints.comptes.services import EMAIL_TAKEN, AccountProblem, apply_unique_email
from app.domain import FieldErrors
from app.extensions import db
from app.forms import normalise_email
from app.models import User, UserStatus


def colleagues_of(actor: User) -> list[User]:
    """The people of the actor's institution, the actor included."""
    return list(db.session.scalars(
        select(User)
        .where(User.institution_id == actor.institution_id,
               User.status != UserStatus.ANONYMISED)
        .order_by(User.name, User.id)
    ))


def invite_colleague(actor: User, *, name: str, email: str, function: str) -> User:
    """Open an account in the actor's institution and mail its invitation."""
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise FieldErrors({"email": EMAIL_TAKEN})
    colleague = User(institution_id=actor.institution_id, email=email, name=name.strip(),
                     function=(function or "").strip(), status=UserStatus.INVITED)
    apply_unique_email(lambda: db.session.add(colleague))
    send_invitation_email(colleague, actor)
    record("colleague.invited", colleague, f"{actor.name} invite {colleague.name} ({email})",
           actor=actor)
    return colleague


def _colleague(actor: User, user_id: int) -> User:
    colleague = db.session.get(User, user_id)
    if (colleague is None or colleague.institution_id != actor.institution_id
            or colleague.status == UserStatus.ANONYMISED):
        abort(404)
    return colleague


def remove_colleague(actor: User, user_id: int) -> User:
    """Withdraw a colleague's access at once (sessions included). Removing
    someone already removed changes nothing."""
    colleague = _colleague(actor, user_id)
    if colleague.id == actor.id:
        raise AccountProblem("Vous ne pouvez pas retirer votre propre accès.")
    if colleague.is_referent:
        raise AccountProblem(f"{colleague.name} est référent de l'institution : confiez "
                             "d'abord ce rôle à quelqu'un d'autre.")
    if colleague.is_manager and not actor.is_manager:
        raise AccountProblem("Seul un gestionnaire peut retirer l'accès d'un gestionnaire.")
    if colleague.status == UserStatus.SUSPENDED:
        return colleague
    colleague.status = UserStatus.SUSPENDED
    colleague.end_all_sessions()
    record("colleague.removed", colleague,
           f"{actor.name} retire l'accès de {colleague.name} ({colleague.email})", actor=actor)
    db.session.flush()
    return colleague


def hand_over_referent(actor: User, user_id: int) -> User:
    """Make an active colleague the référent; the former one becomes an agent."""
    return assign_referent(_colleague(actor, user_id), actor)


def assign_referent(colleague: User, actor: User) -> User:
    """Make an active user the référent of their institution; the former
    référent becomes an agent. Used by the référent and by managers."""
    if colleague.is_referent:
        return colleague
    if colleague.status != UserStatus.ACTIVE:
        raise AccountProblem(f"{colleague.name} doit d'abord activer son compte avant de "
                             "pouvoir devenir référent.")
    former = db.session.scalar(select(User).where(
        User.institution_id == colleague.institution_id, User.is_referent.is_(True)))
    if former is not None:
        former.is_referent = False
        db.session.flush()  # the partial unique index allows one référent at a time
    colleague.is_referent = True
    record("colleague.referent_handed_over", colleague,
           f"{actor.name} confie le rôle de référent à {colleague.name}", actor=actor,
           former_referent_id=former.id if former is not None else None)
    db.session.flush()
    return colleague
