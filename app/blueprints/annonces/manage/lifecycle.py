"""The life of a published annonce: closing (pourvue or annulée), reopening,
and hiding by a manager. Like `services`, these functions only flush."""
from __future__ import annotations

from app.audit import record
from app.blueprints.annonces.manage.services import DEFAULT_LIFETIME
from app.blueprints.annonces.notifications import emails
from app.blueprints.annonces.reports.services import resolve_open_reports
from app.domain import DomainError, FieldErrors
from app.extensions import db
from app.localtime import brussels_today
from app.models import Annonce, AnnonceStatus, Institution, ReportOutcome, User, utcnow

CLOSING_OUTCOMES = {"pourvue": AnnonceStatus.POURVUE, "annulee": AnnonceStatus.ANNULEE}
CLOSABLE = (AnnonceStatus.OPEN, AnnonceStatus.EXPIREE)


def close_problem(annonce: Annonce) -> str | None:
    """Why the ad cannot be closed now, or None."""
    if annonce.status == AnnonceStatus.MASQUEE:
        return ("Cette annonce a été masquée par le gestionnaire de la plateforme : "
                "elle ne peut pas être clôturée.")
    if annonce.status not in CLOSABLE:
        return "Cette annonce est déjà clôturée."
    return None


def close_annonce(annonce: Annonce, user: User, outcome: str,
                  helped_by_id: int | None = None) -> None:
    """Close the ad as pourvue (naming, if known, the member that helped) or
    annulée."""
    problem = close_problem(annonce)
    if problem:
        raise DomainError(problem)
    status = CLOSING_OUTCOMES[outcome]
    helped_by = None
    if status == AnnonceStatus.POURVUE and helped_by_id is not None:
        helped_by = db.session.get(Institution, helped_by_id)
        if helped_by is None or not helped_by.is_member or helped_by.retired_at is not None \
                or helped_by.id == annonce.institution_id:
            raise FieldErrors({"helped_by": "Choisissez une institution adhérente dans "
                                               "la liste."})
    annonce.status = status
    annonce.closed_at = utcnow()
    annonce.helped_by = helped_by
    db.session.flush()
    record("annonce.closed", annonce, summary=annonce.title, actor=user, outcome=outcome,
           helped_by_id=helped_by.id if helped_by else None)


def reopen_annonce(annonce: Annonce, user: User) -> None:
    """Back to open; an ad whose publication has ended gets 60 more days."""
    if annonce.status == AnnonceStatus.OPEN:
        raise DomainError("Cette annonce est déjà ouverte.")
    if annonce.status == AnnonceStatus.MASQUEE:
        raise DomainError("Cette annonce a été masquée par le gestionnaire de la "
                          "plateforme : elle ne peut pas être rouverte.")
    annonce.status = AnnonceStatus.OPEN
    annonce.closed_at = None
    annonce.helped_by = None
    today = brussels_today()
    if annonce.expires_on <= today:
        annonce.expires_on = today + DEFAULT_LIFETIME
        annonce.reminder_sent_at = None
    db.session.flush()
    record("annonce.reopened", annonce, summary=annonce.title, actor=user)


def hide_annonce(annonce: Annonce, manager: User, reason: str) -> None:
    """Hide the ad from other institutions and tell its author why."""
    if annonce.status == AnnonceStatus.MASQUEE:
        raise DomainError("Cette annonce est déjà masquée.")
    reason = reason.strip()
    if not reason:
        raise FieldErrors({"reason": "Indiquez le motif : il sera envoyé à l'auteur "
                                        "de l'annonce."})
    annonce.status = AnnonceStatus.MASQUEE
    annonce.hidden_reason = reason
    annonce.hidden_at = utcnow()
    annonce.hidden_by_id = manager.id
    db.session.flush()
    emails.send_hidden_notice(annonce, reason)  # names no reporter
    reports = resolve_open_reports(annonce, manager, ReportOutcome.HIDDEN)
    record("annonce.hidden", annonce, summary=annonce.title, actor=manager, reason=reason,
           reports_resolved=reports)


def unhide_annonce(annonce: Annonce, manager: User) -> None:
    """Show the ad again: open, or expired if its publication has ended."""
    if annonce.status != AnnonceStatus.MASQUEE:
        raise DomainError("Cette annonce n'est pas masquée.")
    annonce.status = (AnnonceStatus.EXPIREE if annonce.expires_on < brussels_today()
                      else AnnonceStatus.OPEN)
    annonce.closed_at = None
    annonce.helped_by = None
    annonce.hidden_reason = ""
    annonce.hidden_at = None
    annonce.hidden_by_id = None
    db.session.flush()
    record("annonce.unhidden", annonce, summary=annonce.title, actor=manager)
