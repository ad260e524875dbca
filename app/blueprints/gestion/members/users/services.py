"""Suspending and reactivating a user. Anonymising one who left is in
`anonymisation`.

Services check the rules, change the models, audit and flush; the route
commits once.
"""
from __future__ import annotations

from app.audit import record
from app.blueprints.gestion.members.managers.services import other_active_managers
from app.domain import DomainError
from app.extensions import db
from app.models import User, UserStatus
from app.web.logs import log_event

ANONYMISED_ALREADY = "Ce compte est anonymisé : il n'y a plus rien à modifier."


def set_user_suspended(user: User, suspend: bool, manager: User) -> str:
    """Suspend a user (every session ends at once, login refused) or give
    the access back; return what was done, in French.

    A manager cannot suspend themselves, and the platform keeps one active
    manager. Reactivated, a user who never chose a password is invited again.
    """
    if user.status == UserStatus.ANONYMISED:
        raise DomainError(ANONYMISED_ALREADY)
    if not suspend:
        if user.status != UserStatus.SUSPENDED:
            return f"{user.name} n'est pas suspendu : rien n'a changé."
        user.status = UserStatus.ACTIVE if user.password_hash else UserStatus.INVITED
        record("user.reactivated", user, summary=f"{user.name} réactivé", actor=manager)
        log_event("user_reactivated", target_user=user.id, user=manager.id)
        db.session.flush()
        return f"{user.name} a de nouveau accès à la plateforme."
    if user.status == UserStatus.SUSPENDED:
        return f"{user.name} est déjà suspendu : rien n'a changé."
    if (user.is_manager and user.status == UserStatus.ACTIVE
            and not other_active_managers(user)):
        raise DomainError(f"{user.name} est le dernier gestionnaire actif : il ne peut "
                          "pas être suspendu.")
    if user.id == manager.id:
        raise DomainError("Vous ne pouvez pas suspendre votre propre compte.")
    user.status = UserStatus.SUSPENDED
    user.end_all_sessions()
    record("user.suspended", user, summary=f"{user.name} suspendu", actor=manager)
    log_event("user_suspended", target_user=user.id, user=manager.id)
    db.session.flush()
    done = f"{user.name} est suspendu : ses sessions sont fermées."
    if user.is_referent:
        done += (f" Il reste référent de {user.institution.name} : désignez un autre "
                 "référent.")
    return done
