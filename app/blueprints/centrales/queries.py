"""Reading the purchasing centrals: the filtered public list, the latest
ones for the home page, one central and its documents.

The status is never stored: `status_clause` says in SQL what
`Centrale.status_on` says in Python, so filters and badges always agree.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Centrale, CentraleDocument, CentraleDomain, CentraleStatus

LATEST_ON_HOME = 3
STATUS_VALUES = frozenset(status.value for status in CentraleStatus)
DOMAIN_VALUES = frozenset(domain.value for domain in CentraleDomain)


@dataclass(frozen=True)
class CentraleFilters:
    """The list's GET filters; unknown values are ignored."""

    statut: CentraleStatus | None = None
    domaine: CentraleDomain | None = None

    @classmethod
    def from_args(cls, args) -> CentraleFilters:
        statut, domaine = args.get("statut", ""), args.get("domaine", "")
        return cls(
            statut=CentraleStatus(statut) if statut in STATUS_VALUES else None,
            domaine=CentraleDomain(domaine) if domaine in DOMAIN_VALUES else None,
        )

    @property
    def is_default(self) -> bool:
        return self.statut is None and self.domaine is None


def status_clause(status: CentraleStatus, today: date):
    """SQL condition for the centrals having `status` on `today`."""
    closed = and_(Centrale.valid_until.is_not(None), Centrale.valid_until < today)
    if status is CentraleStatus.CLOTUREE:
        return closed
    deadline_open = or_(Centrale.adhesion_deadline.is_(None),
                        Centrale.adhesion_deadline >= today)
    if status is CentraleStatus.OUVERTE:
        return and_(~closed, deadline_open)
    return and_(~closed, ~deadline_open)


def list_centrales(filters: CentraleFilters, today: date) -> list[Centrale]:
    """Published centrals in the manager's order, filtered (one query)."""
    query = (select(Centrale).where(Centrale.is_published.is_(True))
             .order_by(Centrale.position, Centrale.id))
    if filters.statut is not None:
        query = query.where(status_clause(filters.statut, today))
    if filters.domaine is not None:
        query = query.where(Centrale.domain == filters.domaine)
    return list(db.session.scalars(query))


def published_centrales() -> list[Centrale]:
    """Every published central, most recently updated first (for the feed)."""
    return list(db.session.scalars(
        select(Centrale).where(Centrale.is_published.is_(True))
        .order_by(Centrale.updated_at.desc(), Centrale.id.desc())
    ))


def latest_centrales(limit: int = LATEST_ON_HOME) -> list[Centrale]:
    """The newest published centrals, for the home page."""
    return list(db.session.scalars(
        select(Centrale).where(Centrale.is_published.is_(True))
        .order_by(Centrale.created_at.desc(), Centrale.id.desc()).limit(limit)
    ))


def _may_see_unpublished(user) -> bool:
    return bool(getattr(user, "is_manager", False))


def visible_centrale(slug: str, user) -> Centrale:
    """The central with its documents; 404 if unknown, or unpublished for
    anyone but a manager."""
    centrale = db.session.scalar(
        select(Centrale).where(Centrale.slug == slug)
        .options(selectinload(Centrale.documents))
    )
    if centrale is None or not (centrale.is_published or _may_see_unpublished(user)):
        abort(404)
    return centrale


def visible_document(slug: str, document_id: int, user) -> CentraleDocument:
    """A document of a central the user may see, else 404."""
    row = db.session.execute(
        select(CentraleDocument, Centrale.is_published)
        .join(CentraleDocument.centrale)
        .where(Centrale.slug == slug, CentraleDocument.id == document_id)
    ).first()
    if row is None or not (row.is_published or _may_see_unpublished(user)):
        abort(404)
    return row.CentraleDocument
