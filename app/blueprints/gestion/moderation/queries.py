"""The annonces as the moderation list shows them (hidden ones included),
and the conditions of its filters, which the CSV export of annonces shares."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, contains_eager, defer, joinedload

from app.blueprints.annonces.filters import content_conditions
from app.extensions import db
from app.models import Annonce, AnnonceCategory, AnnonceKind, AnnonceStatus, User
from app.web.pagination import Page, page_number

PER_PAGE = 20  # each row carries its own hide form: keeps the page light


@dataclass(frozen=True)
class AnnonceCriteria:
    status: AnnonceStatus | None = None
    kind: AnnonceKind | None = None
    category: AnnonceCategory | None = None
    search: str | None = None  # words of the title or the institution's name


@dataclass(frozen=True)
class ModerationRow:
    annonce: Annonce
    hidden_by: str | None  # name of the manager who hid it


def moderation_conditions(criteria: AnnonceCriteria) -> list:
    """WHERE conditions on Annonce for the moderation filters."""
    conditions = [Annonce.status == criteria.status] if criteria.status else []
    return conditions + content_conditions(criteria.kind, criteria.category, criteria.search)


def moderation_page(criteria: AnnonceCriteria, page: int) -> Page:
    """Ads newest first, with their institution, author and hider: two queries."""
    conditions = moderation_conditions(criteria)
    page = page_number(page)
    total = db.session.scalar(select(func.count(Annonce.id)).where(*conditions)) or 0
    hider = aliased(User)
    rows = db.session.execute(
        select(Annonce, hider.name)
        .join(Annonce.institution)
        .outerjoin(hider, hider.id == Annonce.hidden_by_id)
        .options(contains_eager(Annonce.institution), joinedload(Annonce.author),
                 defer(Annonce.body), defer(Annonce.search_text))
        .where(*conditions)
        .order_by(Annonce.created_at.desc(), Annonce.id.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    return Page([ModerationRow(annonce, name) for annonce, name in rows], total, page,
                PER_PAGE)
