"""The annonces as the moderation list shows them (hidden ones included,
those with open reports first), and the conditions of its filters, which the
CSV export of annonces shares."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased, contains_eager, defer, joinedload

from app.blueprints.annonces.filters import content_conditions
from app.extensions import db
from app.models import (
    Annonce,
    AnnonceCategory,
    AnnonceKind,
    AnnonceReport,
    AnnonceStatus,
    Institution,
    User,
)
from app.web.pagination import Page, page_number

PER_PAGE = 20  # each row carries its own hide form: keeps the page light


@dataclass(frozen=True)
class AnnonceCriteria:
    status: AnnonceStatus | None = None
    kind: AnnonceKind | None = None
    category: AnnonceCategory | None = None
    search: str | None = None  # words of the title or the institution's name
    reported: bool = False  # only the annonces with open reports


@dataclass(frozen=True)
class ModerationRow:
    annonce: Annonce
    hidden_by: str | None  # name of the manager who hid it
    reports: tuple[OpenReport, ...] = ()  # its open reports, oldest first


@dataclass(frozen=True)
class OpenReport:
    reason: str
    institution: str  # the reporter's institution: shown to managers only
    created_at: datetime


def reported_ids():
    """The ids of the annonces with at least one open report (a subquery)."""
    return (select(AnnonceReport.annonce_id).where(AnnonceReport.resolved_at.is_(None))
            .distinct())


def moderation_conditions(criteria: AnnonceCriteria) -> list:
    """WHERE conditions on Annonce for the moderation filters."""
    conditions = [Annonce.status == criteria.status] if criteria.status else []
    if criteria.reported:
        conditions.append(Annonce.id.in_(reported_ids()))
    return conditions + content_conditions(criteria.kind, criteria.category, criteria.search)


def moderation_page(criteria: AnnonceCriteria, page: int) -> Page:
    """Ads with open reports first, then the others, each newest first, with
    their institution, author, hider and open reports: four queries. The two
    parts are read apart, so the others still walk the date index."""
    conditions = moderation_conditions(criteria)
    page = page_number(page)
    is_reported = Annonce.id.in_(reported_ids())
    total, reported = db.session.execute(
        select(func.count(Annonce.id), func.count(case((is_reported, 1))))
        .where(*conditions)).one()
    start = (page - 1) * PER_PAGE
    first = _rows([*conditions, is_reported], max(min(PER_PAGE, reported - start), 0),
                  min(start, reported))
    rows = first + _rows([*conditions, ~is_reported], PER_PAGE - len(first),
                         max(start - reported, 0))
    reports = _open_reports([annonce.id for annonce, _name in first])
    return Page([ModerationRow(annonce, name, reports.get(annonce.id, ()))
                 for annonce, name in rows], total or 0, page, PER_PAGE)


def _rows(conditions: list, limit: int, offset: int) -> list:
    """Ads and their hider's name, newest first (run even for no row, so the
    page's query count does not depend on the data)."""
    hider = aliased(User)
    return list(db.session.execute(
        select(Annonce, hider.name)
        .join(Annonce.institution)
        .outerjoin(hider, hider.id == Annonce.hidden_by_id)
        .options(contains_eager(Annonce.institution), joinedload(Annonce.author),
                 defer(Annonce.body), defer(Annonce.search_text))
        .where(*conditions)
        .order_by(Annonce.created_at.desc(), Annonce.id.desc())
        .limit(limit).offset(offset)
    ).all())


def _open_reports(annonce_ids: list[int]) -> dict[int, tuple[OpenReport, ...]]:
    if not annonce_ids:
        return {}
    found: dict[int, list[OpenReport]] = {}
    for annonce_id, reason, institution, created_at in db.session.execute(
            select(AnnonceReport.annonce_id, AnnonceReport.reason, Institution.name,
                   AnnonceReport.created_at)
            .join(Institution, Institution.id == AnnonceReport.institution_id)
            .where(AnnonceReport.annonce_id.in_(annonce_ids),
                   AnnonceReport.resolved_at.is_(None))
            .order_by(AnnonceReport.created_at, AnnonceReport.id)):
        found.setdefault(annonce_id, []).append(OpenReport(reason, institution, created_at))
    return {annonce_id: tuple(items) for annonce_id, items in found.items()}
