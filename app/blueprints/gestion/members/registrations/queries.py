"""The lists of registration requests, one tab per state (pending,
approved, refused), searched by institution, person or address."""
from __future__ import annotations

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from app.blueprints.gestion.reports.dashboard.queries import age_in_days
from app.blueprints.gestion.text_search import folded_contains
from app.extensions import db
from app.models import Institution, RegistrationRequest, RegistrationStatus, UserStatus, utcnow
from app.web.pagination import page_number

PER_PAGE = 50
# The `statut` values of the list's URL, in the order of its tabs.
STATUS_TABS = {
    "en-attente": RegistrationStatus.PENDING,
    "approuvees": RegistrationStatus.APPROVED,
    "refusees": RegistrationStatus.REFUSED,
}
TAB_LABELS = {"en-attente": "En attente", "approuvees": "Approuvées", "refusees": "Refusées"}
DEFAULT_TAB = "en-attente"


def tab_counts() -> dict[str, int]:
    """How many requests each tab holds."""
    counts = dict(db.session.execute(
        select(RegistrationRequest.status, func.count(RegistrationRequest.id))
        .group_by(RegistrationRequest.status)
    ).all())
    return {tab: counts.get(status, 0) for tab, status in STATUS_TABS.items()}


def list_registrations(tab: str, search: str | None, page: int) -> Pagination:
    """Requests of one tab: pending ones oldest first (the longest waiting
    on top), decided ones most recent decision first. `search` matches the
    institution, the person or the address, ignoring accents and case."""
    status = STATUS_TABS[tab]
    query = (select(RegistrationRequest).join(RegistrationRequest.institution)
             .options(contains_eager(RegistrationRequest.institution),
                      joinedload(RegistrationRequest.decided_by),
                      joinedload(RegistrationRequest.user))
             .where(RegistrationRequest.status == status))
    if status == RegistrationStatus.PENDING:
        query = query.order_by(RegistrationRequest.created_at, RegistrationRequest.id)
    else:
        query = query.order_by(RegistrationRequest.decided_at.desc(),
                               RegistrationRequest.id.desc())
    if search:
        query = query.where(or_(folded_contains(Institution.name, search),
                                folded_contains(RegistrationRequest.name, search),
                                folded_contains(RegistrationRequest.email, search)))
    return db.paginate(query, page=page_number(page), per_page=PER_PAGE, error_out=False)


def ages_in_days(registrations: list[RegistrationRequest]) -> dict[int, int]:
    """How many days each request has been waiting."""
    now = utcnow()
    return {r.id: age_in_days(r.created_at, now) for r in registrations}


def can_resend(registration: RegistrationRequest) -> bool:
    """Whether a decision email can go out again for this request."""
    if registration.status == RegistrationStatus.APPROVED:
        return registration.user is not None and registration.user.status == UserStatus.INVITED
    return True


def tab_of(registration: RegistrationRequest) -> str:
    return next(tab for tab, status in STATUS_TABS.items() if status == registration.status)
