"""Account services: email links (activation, invitation, password reset),
profile changes and the personal data export.

Routes commit once; these functions change the models, queue emails, write
the audit log and only flush.
"""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.audit import record
from app.auth.passwords import hash_password, verify_password
from app.auth.sessions import find_user_by_email, start_session
from app.auth.tokens import TokenError, consume_token, read_token
from app.blueprints.comptes.emails import (
    send_activation_email,
    send_email_changed_notice,
    send_password_changed_notice,
    send_password_reset_email,
)
from app.domain import DomainError, FieldErrors
from app.extensions import db
from app.forms import normalise_email
from app.models import AuditEntry, NotificationPreference, OutboxMessage, User, UserStatus, utcnow
from app.web.logs import log_event

# The account status each kind of link expects to find.
LINK_PURPOSES = {
    "activation": UserStatus.INVITED,
    "invitation": UserStatus.INVITED,
    "password-reset": UserStatus.ACTIVE,
}
WRONG_PASSWORD = "Mot de passe incorrect."  # noqa: S105 - a message
EMAIL_TAKEN = "Cette adresse e-mail est déjà utilisée par un compte de la plateforme."
ROLE_LABELS = {"manager": "gestionnaire", "referent": "référent", "agent": "agent"}
STATUS_LABELS = {
    UserStatus.INVITED: "invitation envoyée",
    UserStatus.ACTIVE: "actif",
    UserStatus.SUSPENDED: "accès retiré",
    UserStatus.ANONYMISED: "anonymisé",
}


class AccountProblem(DomainError):
    """A change of colleagues refused by a rule (the back office's change of
    référent catches it by name)."""


def role_label(user: User) -> str:
    """gestionnaire, référent or agent (a manager who is référent is both)."""
    roles = [ROLE_LABELS[name] for name, held in
             (("manager", user.is_manager), ("referent", user.is_referent)) if held]
    return ", ".join(roles) or ROLE_LABELS["agent"]


def password_fingerprint(user: User) -> str:
    """A short keyed digest of the password hash: it changes with the password."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, (user.password_hash or "").encode(), hashlib.sha256)
    return digest.hexdigest()[:16]


def user_for_link(purpose: str, token: str) -> User:
    """The user a still usable link is for, else TokenError. Changes nothing."""
    return _link_user(purpose, read_token(purpose, token))


def _link_user(purpose: str, payload: dict) -> User:
    user_id = payload.get("u")
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.institution.is_active_member:
        raise TokenError("invalid")
    if user.status != LINK_PURPOSES[purpose]:
        raise TokenError("used" if user.status == UserStatus.ACTIVE else "invalid")
    if purpose == "password-reset" and not hmac.compare_digest(
            str(payload.get("h", "")), password_fingerprint(user)):
        raise TokenError("used")  # the password changed since the link was sent
    return user


def complete_link(purpose: str, token: str, password: str) -> User:
    """Use a link once: set the chosen password, then activate a new account
    or, after a reset, end every session of the user."""
    user = _link_user(purpose, consume_token(purpose, token))
    user.password_hash = hash_password(password)
    if purpose == "password-reset":
        user.end_all_sessions()
        send_password_changed_notice(user)
        record("account.password_reset", user, f"Mot de passe réinitialisé : {user.email}",
               actor=user)
    else:
        user.status = UserStatus.ACTIVE
        user.activated_at = utcnow()
        record("account.activated", user, f"Compte activé : {user.email}", actor=user,
               link=purpose)
    db.session.flush()
    return user


def log_in_with_link(purpose: str, token: str, password: str) -> User:
    """Use a link (`complete_link`) and open the user's session, in one change."""
    user = complete_link(purpose, token, password)
    start_session(user)
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link to an active account, or a new activation link to an
    account never activated; unknown addresses get nothing, silently."""
    user = find_user_by_email(email)
    if user is None or not user.institution.is_active_member:
        log_event("password_reset_requested", account=None)
        return
    if user.status == UserStatus.ACTIVE:
        send_password_reset_email(user, password_fingerprint(user))
    elif user.status == UserStatus.INVITED:
        send_activation_email(user)
    log_event("password_reset_requested", account=user.id)


def update_profile(user: User, *, name: str, function: str, phone: str,
                   consent: bool) -> None:
    user.name = name.strip()
    user.function = (function or "").strip()
    user.phone = (phone or "").strip()
    if consent != user.consent_share_contact:
        user.consent_share_contact = consent
        record("account.consent_changed", user,
               "Consentement au partage des coordonnées " + ("donné" if consent else "retiré"),
               actor=user, consent=consent)
    db.session.flush()


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Replace the password and end every session (the route opens a new one)."""
    if not verify_password(user.password_hash, current_password):
        raise FieldErrors({"current_password": WRONG_PASSWORD})
    user.password_hash = hash_password(new_password)
    user.end_all_sessions()
    send_password_changed_notice(user)
    record("account.password_changed", user, f"Mot de passe modifié : {user.email}",
           actor=user)
    db.session.flush()
    log_event("password_changed", user=user.id)


def change_email(user: User, new_email: str, password: str) -> None:
    """Change the login address after re-entry of the password; the old
    address is told."""
    if not verify_password(user.password_hash, password):
        raise FieldErrors({"password": WRONG_PASSWORD})
    new_email = normalise_email(new_email)
    old_email = user.email
    if new_email == normalise_email(old_email):
        raise FieldErrors({"email": "C'est déjà l'adresse de votre compte."})
    if find_user_by_email(new_email) is not None:
        raise FieldErrors({"email": EMAIL_TAKEN})
    apply_unique_email(lambda: setattr(user, "email", new_email))
    send_email_changed_notice(user, old_email)
    record("account.email_changed", user, f"Adresse e-mail modifiée : {old_email} → {new_email}",
           actor=user, old=old_email, new=new_email)
    log_event("email_changed", user=user.id)


def apply_unique_email(change: Callable[[], None]) -> None:
    """Apply `change` in a savepoint: the unique index has the last word when
    a concurrent request took the same address."""
    try:
        with db.session.begin_nested():
            change()
    except IntegrityError as error:
        raise FieldErrors({"email": EMAIL_TAKEN}) from error


def set_notification_preference(user: User, preference: str, *,
                                urgent_alerts: bool = True) -> None:
    """The digest rhythm of new ads, and whether urgent demandes are emailed
    at once (whatever the rhythm)."""
    user.notification_preference = NotificationPreference(preference)
    user.urgent_alerts = bool(urgent_alerts)
    db.session.flush()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(user: User) -> dict:
    """Everything the platform holds about `user`, for download (GDPR art. 15
    and 20); no password hash, session token or email body."""
    actions = db.session.scalars(
        select(AuditEntry).where(AuditEntry.actor_id == user.id).order_by(AuditEntry.id))
    emails = db.session.execute(
        select(OutboxMessage.subject, OutboxMessage.created_at, OutboxMessage.sent_at,
               OutboxMessage.status)
        .where(func.lower(OutboxMessage.recipient) == normalise_email(user.email))
        .order_by(OutboxMessage.id))
    return {
        "generated_at": _iso(utcnow()),
        "account": {
            "name": user.name, "email": user.email, "function": user.function,
            "phone": user.phone, "status": user.status.value, "role": role_label(user),
            "consent_share_contact": user.consent_share_contact,
            "notification_preference": user.notification_preference.value,
            "urgent_alerts": user.urgent_alerts,
            "created_at": _iso(user.created_at), "activated_at": _iso(user.activated_at),
            "last_login_at": _iso(user.last_login_at),
        },
        "institution": {"name": user.institution.name, "kind": user.institution.kind.label},
        "actions": [{"date": _iso(entry.created_at), "action": entry.action,
                     "summary": entry.summary} for entry in actions],
        "emails": [{"subject": row.subject, "created_at": _iso(row.created_at),
                    "sent_at": _iso(row.sent_at), "status": row.status.label}
                   for row in emails],
    }
