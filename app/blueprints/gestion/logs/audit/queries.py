"""The audit log, newest first, filtered."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager

from app.blueprints.gestion.text_search import folded_contains
from app.extensions import db
from app.localtime import day_bounds
from app.models import AuditEntry, User
from app.web.pagination import page_number

PER_PAGE = 50


@dataclass(frozen=True)
class AuditCriteria:
    action: str | None = None
    actor: str | None = None  # part of the name or address of who acted
    first_day: date | None = None
    last_day: date | None = None


def journal_page(criteria: AuditCriteria, page: int) -> Pagination:
    """Audit entries with their author, newest first, filtered: two queries."""
    query = (select(AuditEntry).outerjoin(AuditEntry.actor)
             .options(contains_eager(AuditEntry.actor))
             .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()))
    if criteria.action:
        query = query.where(AuditEntry.action == criteria.action)
    if criteria.actor:
        query = query.where(or_(folded_contains(User.name, criteria.actor),
                                folded_contains(User.email, criteria.actor)))
    if criteria.first_day:
        query = query.where(AuditEntry.created_at >= day_bounds(criteria.first_day)[0])
    if criteria.last_day:
        query = query.where(AuditEntry.created_at < day_bounds(criteria.last_day)[1])
    return db.paginate(query, page=page_number(page), per_page=PER_PAGE, error_out=False)
