"""The back-office dashboard: what waits for the manager, and this month's
figures. A fixed handful of queries, whatever the size of the data."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from app.blueprints.gestion.moderation.queries import reported_ids
from app.blueprints.gestion.province.queries import ProvinceWaiting, province_waiting
from app.extensions import db
from app.localtime import brussels_today, day_bounds
from app.models import (
    Adhesion,
    AdhesionStatus,
    Annonce,
    AnnonceStatus,
    AuditEntry,
    Centrale,
    Institution,
    OutboxMessage,
    OutboxStatus,
    RegistrationRequest,
    RegistrationStatus,
    TemplateFile,
    utcnow,
)

RECENT_AUDIT_ENTRIES = 10
PENDING_SHOWN = 10
# A message still waiting after this long deserves a look (SMTP down?).
DELAY = timedelta(hours=1)


@dataclass(frozen=True)
class PendingRegistration:
    registration: RegistrationRequest
    age_days: int


@dataclass(frozen=True)
class PendingAdhesions:
    """The requests to join one central that wait for a decision."""

    centrale_id: int
    title: str
    count: int
    age_days: int


@dataclass(frozen=True)
class OutboxHealth:
    pending: int
    delayed: int
    dead: int


@dataclass(frozen=True)
class Figures:
    """Counts since the first day of the month (Brussels time); the ads
    hidden now; the downloads' running total (their dates are not kept)."""

    since: datetime
    new_members: int
    annonces_posted: int
    collaborations: int
    hidden_annonces: int
    downloads_total: int


@dataclass(frozen=True)
class Dashboard:
    pending_count: int
    pending: list[PendingRegistration]
    adhesions: list[PendingAdhesions]
    outbox: OutboxHealth
    figures: Figures
    recent_audit: list[AuditEntry]
    province: ProvinceWaiting | None = None  # requests to the Province, unanswered by it
    reported_annonces: int = 0  # annonces with open reports


def age_in_days(moment: datetime, now: datetime) -> int:
    return max((now - moment) // timedelta(days=1), 0)


def month_start(now: datetime) -> datetime:
    """The UTC instant at which the current month began in Brussels."""
    return day_bounds(brussels_today(now).replace(day=1))[0]


def _pending_registrations(now: datetime) -> tuple[int, list[PendingRegistration]]:
    pending = RegistrationRequest.status == RegistrationStatus.PENDING
    total = db.session.scalar(select(func.count(RegistrationRequest.id)).where(pending))
    oldest = db.session.scalars(
        select(RegistrationRequest).options(joinedload(RegistrationRequest.institution))
        .where(pending)
        .order_by(RegistrationRequest.created_at, RegistrationRequest.id)
        .limit(PENDING_SHOWN)
    ).all()
    return total, [PendingRegistration(r, age_in_days(r.created_at, now)) for r in oldest]


def _pending_adhesions(now: datetime) -> list[PendingAdhesions]:
    rows = db.session.execute(
        select(Centrale.id, Centrale.title, func.count(Adhesion.id),
               func.min(Adhesion.created_at))
        .join(Adhesion, Adhesion.centrale_id == Centrale.id)
        .where(Adhesion.status == AdhesionStatus.PENDING)
        .group_by(Centrale.id, Centrale.title)
        .order_by(func.min(Adhesion.created_at))
    ).all()
    return [PendingAdhesions(row[0], row[1], row[2], age_in_days(row[3], now))
            for row in rows]


def _outbox(now: datetime) -> OutboxHealth:
    waiting = OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
    row = db.session.execute(
        select(
            func.count(case((waiting, 1))),
            func.count(case((waiting & (OutboxMessage.created_at < now - DELAY), 1))),
            func.count(case((OutboxMessage.status == OutboxStatus.DEAD, 1))),
        ).where(OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING,
                                          OutboxStatus.DEAD]))
    ).one()
    return OutboxHealth(pending=row[0], delayed=row[1], dead=row[2])


def _figures(now: datetime) -> Figures:
    since = month_start(now)

    def count(model, *conditions):
        return select(func.count(model.id)).where(*conditions).scalar_subquery()

    row = db.session.execute(select(
        count(Institution, Institution.is_member.is_(True), Institution.member_since >= since),
        count(Annonce, Annonce.created_at >= since),
        count(Annonce, Annonce.status == AnnonceStatus.POURVUE,
              Annonce.helped_by_id.is_not(None), Annonce.closed_at >= since),
        count(Annonce, Annonce.status == AnnonceStatus.MASQUEE),
        select(func.coalesce(func.sum(TemplateFile.download_count), 0)).scalar_subquery(),
    )).one()
    return Figures(since=since, new_members=row[0], annonces_posted=row[1],
                        collaborations=row[2], hidden_annonces=row[3],
                        downloads_total=row[4])


def dashboard() -> Dashboard:
    """What a manager should see first: work waiting, outbox health, this
    month's figures and the latest decisions."""
    now = utcnow()
    pending_count, pending = _pending_registrations(now)
    recent = db.session.scalars(
        select(AuditEntry).options(joinedload(AuditEntry.actor))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(RECENT_AUDIT_ENTRIES)
    ).all()
    return Dashboard(pending_count=pending_count, pending=pending,
                     adhesions=_pending_adhesions(now), outbox=_outbox(now),
                     figures=_figures(now), recent_audit=list(recent),
                     province=province_waiting(),
                     reported_annonces=db.session.scalar(
                         select(func.count()).select_from(reported_ids().subquery())) or 0)
