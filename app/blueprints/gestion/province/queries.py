"""The demandes addressed to the Province, as its managers follow them:
urgent first then oldest, how long each has waited, and whether the
Province has offered its help (docs/requirements.md, SPEC 2.10).
A fixed handful of queries, whatever the number of rows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import contains_eager, defer

from app.extensions import db
from app.localtime import brussels_today
from app.models import (
    AddressedTo,
    Annonce,
    AnnonceKind,
    AnnonceStatus,
    Collaboration,
    Institution,
    InstitutionKind,
    utcnow,
)
from app.web.pagination import Page, page_number

PER_PAGE = 25


@dataclass(frozen=True)
class ProvinceRequest:
    annonce: Annonce
    waiting_days: int  # Brussels days open so far, or while it stayed open
    collaboration: Collaboration | None  # the Province's, if any
    province_proposed: bool  # the Province proposed it (else it is only the provider)


@dataclass(frozen=True)
class ProvinceWaiting:
    """Open requests to the Province without a collaboration it proposed."""

    count: int
    oldest: Annonce | None
    oldest_days: int


def _province_select():
    """The Province's institution: the one of kind `province`."""
    return (select(Institution.id).where(Institution.kind == InstitutionKind.PROVINCE)
            .order_by(Institution.id).limit(1))


def province_id_query():
    return _province_select().scalar_subquery()


def waiting_days(annonce: Annonce, now: datetime) -> int:
    """Days (as Brussels counts them) from publication to now, or to the
    closing of an annonce no longer open."""
    end = now if annonce.is_open or annonce.closed_at is None else annonce.closed_at
    return max((brussels_today(end) - brussels_today(annonce.created_at)).days, 0)


def _conditions(open_only: bool) -> list:
    conditions = [Annonce.addressed_to == AddressedTo.PROVINCE,
                  Annonce.kind == AnnonceKind.DEMANDE]
    return conditions + ([Annonce.status == AnnonceStatus.OPEN] if open_only else [])


def _province_collaborations(annonce_ids: list[int]) -> dict[int, tuple[Collaboration, bool]]:
    """For each annonce, its most telling collaboration with the Province:
    one the Province proposed first, else one where it is the provider."""
    if not annonce_ids:
        return {}
    province_id = db.session.scalar(_province_select())
    rows = db.session.scalars(
        select(Collaboration)
        .where(Collaboration.annonce_id.in_(annonce_ids),
               (Collaboration.proposer_id == province_id)
               | (Collaboration.provider_id == province_id))
        .order_by(Collaboration.id)
    ).all()
    found: dict[int, tuple[Collaboration, bool]] = {}
    for collaboration in rows:
        proposed = collaboration.proposer_id == province_id
        if collaboration.annonce_id not in found or (proposed and not found[
                collaboration.annonce_id][1]):
            found[collaboration.annonce_id] = (collaboration, proposed)
    return found


def province_requests_page(open_only: bool, page: int | None) -> Page:
    """One page of the requests to the Province: open ones first (when all
    are listed), then urgent ones, then the oldest."""
    page = page_number(page)
    conditions = _conditions(open_only)
    total = db.session.scalar(select(func.count(Annonce.id)).where(*conditions)) or 0
    annonces = db.session.scalars(
        select(Annonce).join(Annonce.institution)
        .options(contains_eager(Annonce.institution), defer(Annonce.body),
                 defer(Annonce.search_text))
        .where(*conditions)
        .order_by(case((Annonce.status == AnnonceStatus.OPEN, 0), else_=1),
                  Annonce.urgent.desc(), Annonce.created_at, Annonce.id)
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    collaborations = _province_collaborations([annonce.id for annonce in annonces])
    now = utcnow()
    rows = []
    for annonce in annonces:
        collaboration, proposed = collaborations.get(annonce.id, (None, False))
        rows.append(ProvinceRequest(annonce, waiting_days(annonce, now), collaboration,
                                    proposed))
    return Page(rows, total, page, PER_PAGE)


def province_waiting() -> ProvinceWaiting:
    """For the dashboard: the open requests to the Province without a
    collaboration proposed by the Province, and the oldest of them."""
    proposed = exists().where(Collaboration.annonce_id == Annonce.id,
                              Collaboration.proposer_id == province_id_query())
    conditions = [*_conditions(open_only=True), ~proposed]
    count = db.session.scalar(select(func.count(Annonce.id)).where(*conditions)) or 0
    oldest = db.session.scalar(
        select(Annonce).options(defer(Annonce.body), defer(Annonce.search_text))
        .where(*conditions).order_by(Annonce.created_at, Annonce.id).limit(1)
    ) if count else None
    return ProvinceWaiting(count, oldest, waiting_days(oldest, utcnow()) if oldest else 0)
