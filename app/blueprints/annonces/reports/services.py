"""Reporting an annonce to the platform managers, and the managers' answers
(hide it, or dismiss its reports). The reporter is never named to the
annonce's author: only the managers see who reported (SPEC 2.10)."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.audit import record
from app.domain import DomainError, FieldErrors
from app.extensions import db
from app.models import Annonce, AnnonceReport, ReportOutcome, User, utcnow


def report_annonce(annonce: Annonce, user: User, reason: str) -> bool:
    """Record `user`'s report; False if they had already reported this annonce
    (once per user and annonce: a second report changes nothing)."""
    if user.institution_id == annonce.institution_id:
        raise DomainError(_("Vous ne pouvez pas signaler une annonce de votre institution."))
    reason = (reason or "").strip()
    if not reason:
        raise FieldErrors({"reason": _("Expliquez en quelques mots ce qui ne va pas.")})
    if has_reported(annonce, user):
        return False
    report = AnnonceReport(annonce_id=annonce.id, user_id=user.id,
                           institution_id=user.institution_id, reason=reason)
    try:
        with db.session.begin_nested():  # a double submit meets the unique constraint
            db.session.add(report)
    except IntegrityError:
        return False
    record("annonce.reported", annonce, summary=annonce.title, actor=user,
           report_id=report.id, reason=reason)
    return True


def has_reported(annonce: Annonce, user: User) -> bool:
    return db.session.scalar(select(AnnonceReport.id).where(
        AnnonceReport.annonce_id == annonce.id, AnnonceReport.user_id == user.id)) is not None


def resolve_open_reports(annonce: Annonce, manager: User, outcome: ReportOutcome) -> int:
    """Close the annonce's open reports with `outcome`; how many were open."""
    result = db.session.execute(
        update(AnnonceReport)
        .where(AnnonceReport.annonce_id == annonce.id, AnnonceReport.resolved_at.is_(None))
        .values(resolved_at=utcnow(), outcome=outcome, resolved_by_id=manager.id)
        .execution_options(synchronize_session=False))
    return result.rowcount or 0


def dismiss_reports(annonce: Annonce, manager: User) -> int:
    """« Classer sans suite »: the manager found nothing wrong."""
    count = resolve_open_reports(annonce, manager, ReportOutcome.DISMISSED)
    if not count:
        raise DomainError(_("Cette annonce n'a aucun signalement en attente."))
    record("annonce.reports_dismissed", annonce, summary=annonce.title, actor=manager,
           count=count)
    return count
