"""Anonymising a user who left (GDPR art. 17; docs/requirements.md, Q30).

The account stays, so that what it did keeps its history, but every copy
of the person's data goes: the account itself, their saved searches, the
emails sent to them (emptied if delivered, dropped if not), their
registration request, and the mentions of their name, addresses and phone
in emails, the audit log and texts written on the platform. Their ads
stay with their institution, without a person. A fixed number of
statements, whatever the amount of data.
"""
from __future__ import annotations

import json

from markupsafe import escape
from sqlalchemy import Text, cast, delete, func, or_, select, update
from sqlalchemy.orm import joinedload

from app.audit import record
from app.blueprints.annonces.search import refresh_search_text
from app.domain import DomainError
from app.extensions import db
from app.models import (
    Adhesion,
    Annonce,
    AnnonceMessage,
    AuditEntry,
    OutboxBody,
    OutboxMessage,
    OutboxStatus,
    RegistrationRequest,
    SavedSearch,
    User,
    UserStatus,
)
from app.web.logs import log_event

FORMER_AGENT = "Ancien agent"
REMOVED_CONTENT = "[contenu supprimé : destinataire anonymisé]"
REMOVED_PHONE = "[téléphone supprimé]"
# Shorter strings would damage unrelated words ("Al" in "Arlon").
MIN_LENGTH = 4


def placeholder_email(user: User) -> str:
    return f"ancien-agent-{user.id}@anonyme.invalid"


def _known_emails(user: User) -> set[str]:
    """The user's address and those they used before (email changes are audited)."""
    emails = {user.email.lower()}
    for details in db.session.scalars(select(AuditEntry.details).where(
            AuditEntry.action == "account.email_changed", AuditEntry.target_type == "User",
            AuditEntry.target_id == user.id)):
        emails.update(str(value).lower() for key, value in (details or {}).items()
                      if key in ("old", "new") and value)
    return emails


def _replacements(user: User, emails: set[str]) -> list[tuple[str, str]]:
    """(personal string, what replaces it), in plain and HTML-escaped forms,
    the addresses first since they may contain the name."""
    pairs = [(email, placeholder_email(user)) for email in sorted(emails, key=len, reverse=True)]
    pairs.append((user.name, FORMER_AGENT))
    if user.phone:
        pairs.append((user.phone, REMOVED_PHONE))
    forms = []
    for old, new in pairs:
        for variant in dict.fromkeys([old, str(escape(old))]):
            if len(variant.strip()) >= MIN_LENGTH:
                forms.append((variant, new))
    return forms


def _replaced(column, pairs: list[tuple[str, str]]):
    expression = column
    for old, new in pairs:
        expression = func.replace(expression, old, new)
    return expression


def _mentions(column, pairs: list[tuple[str, str]]):
    return or_(*(column.contains(old, autoescape=True) for old, _new in pairs))


def _scrub_columns(model, columns: list, pairs: list[tuple[str, str]]) -> None:
    """Replace the personal strings in these text columns of every row."""
    db.session.execute(
        update(model).where(or_(*(_mentions(column, pairs) for column in columns)))
        .values({column.key: _replaced(column, pairs) for column in columns})
        .execution_options(synchronize_session=False))


def _scrub(value, pairs: list[tuple[str, str]]):
    """`value` (text, or JSON data) with the personal strings replaced."""
    if isinstance(value, str):
        for old, new in pairs:
            value = value.replace(old, new)
        return value
    if isinstance(value, dict):
        return {key: _scrub(item, pairs) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, pairs) for item in value]
    return value


def _scrub_audit(pairs: list[tuple[str, str]]) -> None:
    _scrub_columns(AuditEntry, [AuditEntry.summary], pairs)
    # JSON text escapes accents ("\u00e9"): look for both spellings.
    spellings = {form for old, _new in pairs for form in (old, json.dumps(old)[1:-1])}
    details = cast(AuditEntry.details, Text)
    rows = db.session.execute(select(AuditEntry.id, AuditEntry.details).where(
        or_(*(details.contains(form, autoescape=True) for form in spellings)))).all()
    if rows:
        db.session.execute(update(AuditEntry), [
            {"id": row.id, "details": _scrub(row.details, pairs)} for row in rows])


def _scrub_annonces(user: User, pairs: list[tuple[str, str]]) -> None:
    """Their ads lose the person, keep the institution; texts lose mentions."""
    for column in (Annonce.author_id, Annonce.contact_id):
        db.session.execute(update(Annonce).where(column == user.id)
                           .values({column.key: None})
                           .execution_options(synchronize_session=False))
    db.session.execute(update(AnnonceMessage).where(AnnonceMessage.sender_id == user.id)
                       .values(sender_id=None).execution_options(synchronize_session=False))
    mentioned = db.session.scalars(
        select(Annonce).options(joinedload(Annonce.institution), joinedload(Annonce.location))
        .where(_mentions(Annonce.body, pairs))).all()
    for annonce in mentioned:
        annonce.body = _scrub(annonce.body, pairs)
        refresh_search_text(annonce)
    _scrub_columns(AnnonceMessage, [AnnonceMessage.body], pairs)
    _scrub_columns(Adhesion, [Adhesion.message], pairs)


def _scrub_emails_and_requests(user: User, emails: set[str],
                               pairs: list[tuple[str, str]]) -> None:
    placeholder = placeholder_email(user)
    to_them = func.lower(OutboxMessage.recipient).in_(emails)
    # Messages not delivered yet could only go to a dead address: they go.
    db.session.execute(delete(OutboxMessage).where(to_them,
                                                   OutboxMessage.status != OutboxStatus.SENT))
    # A broadcast's shared body goes with the last message that used it.
    db.session.execute(delete(OutboxBody).where(
        ~select(OutboxMessage.id).where(OutboxMessage.body_id == OutboxBody.id).exists()))
    db.session.execute(
        update(OutboxMessage).where(to_them)
        .values(recipient=placeholder, body_text=REMOVED_CONTENT, body_html=REMOVED_CONTENT)
        .execution_options(synchronize_session=False))
    db.session.execute(
        update(OutboxMessage).where(func.lower(OutboxMessage.reply_to).in_(emails))
        .values(reply_to=None).execution_options(synchronize_session=False))
    _scrub_columns(OutboxMessage, [OutboxMessage.subject, OutboxMessage.body_text,
                                   OutboxMessage.body_html, OutboxMessage.last_error], pairs)
    _scrub_columns(OutboxBody, [OutboxBody.body_text, OutboxBody.body_html], pairs)
    db.session.execute(
        update(RegistrationRequest)
        .where(or_(func.lower(RegistrationRequest.email).in_(emails),
                   RegistrationRequest.user_id == user.id))
        .values(name=FORMER_AGENT, function="", email=placeholder, phone="", message="")
        .execution_options(synchronize_session=False))
    _scrub_columns(RegistrationRequest, [RegistrationRequest.refusal_reason], pairs)


def anonymise_user(user: User, manager: User) -> str:
    """Anonymise a suspended user; return what was done, in French."""
    if user.status == UserStatus.ANONYMISED:
        raise DomainError("Ce compte est déjà anonymisé.")
    if user.status != UserStatus.SUSPENDED:
        raise DomainError(f"Suspendez d'abord le compte de {user.name}, puis "
                          "anonymisez-le.")
    emails = _known_emails(user)
    pairs = _replacements(user, emails)
    _scrub_annonces(user, pairs)
    _scrub_emails_and_requests(user, emails, pairs)
    _scrub_audit(pairs)
    db.session.execute(delete(SavedSearch).where(SavedSearch.user_id == user.id))
    user.name, user.email = FORMER_AGENT, placeholder_email(user)
    user.function = user.phone = ""
    user.password_hash = None
    user.consent_share_contact = user.is_referent = user.is_manager = False
    user.status = UserStatus.ANONYMISED
    user.end_all_sessions()
    record("user.anonymised", user, summary=f"Utilisateur n° {user.id} anonymisé",
           actor=manager)
    log_event("user_anonymised", target_user=user.id, user=manager.id)
    db.session.flush()
    return "Le compte est anonymisé : ses données personnelles ont été effacées."
