"""What `/mon-espace` reads: one page of my institution's annonces, each with
its number of answering institutions, in two queries (the count and the
page), whatever the number of ads or answers."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import Annonce, AnnonceCategory, AnnonceKind, AnnonceStatus, AnnonceThread
from app.web.pagination import Page

PAGE_SIZE = 20
# The statuses offered as filters, in the order of the tabs.
STATUSES = (AnnonceStatus.OPEN, AnnonceStatus.EXPIREE, AnnonceStatus.POURVUE,
            AnnonceStatus.ANNULEE, AnnonceStatus.MASQUEE)


@dataclass(frozen=True, slots=True)
class OwnAnnonce:
    id: int
    title: str
    kind: AnnonceKind
    category: AnnonceCategory
    status: AnnonceStatus
    urgent: bool
    expires_on: date
    created_at: datetime
    answers: int

    @property
    def can_close(self) -> bool:
        return self.status in (AnnonceStatus.OPEN, AnnonceStatus.EXPIREE)

    @property
    def can_reopen(self) -> bool:
        return self.status in (AnnonceStatus.POURVUE, AnnonceStatus.ANNULEE,
                               AnnonceStatus.EXPIREE)

    @property
    def can_edit(self) -> bool:
        return self.status != AnnonceStatus.MASQUEE


def status_arg(value: str | None) -> AnnonceStatus | None:
    """The status filter of the query string; None (every status) otherwise."""
    return next((status for status in STATUSES if status.value == value), None)


def own_annonces(institution_id: int, status: AnnonceStatus | None, page: int) -> Page:
    """One page of the institution's annonces, newest first."""
    conditions = [Annonce.institution_id == institution_id]
    if status is not None:
        conditions.append(Annonce.status == status)
    answers = (select(func.count(AnnonceThread.id))
               .where(AnnonceThread.annonce_id == Annonce.id).scalar_subquery())
    total = db.session.scalar(select(func.count(Annonce.id)).where(*conditions)) or 0
    rows = db.session.execute(
        select(Annonce.id, Annonce.title, Annonce.kind, Annonce.category, Annonce.status,
               Annonce.urgent, Annonce.expires_on, Annonce.created_at, answers)
        .where(*conditions)
        .order_by(Annonce.created_at.desc(), Annonce.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return Page([OwnAnnonce(*row) for row in rows], total, page, PAGE_SIZE)
