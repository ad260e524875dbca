"""Reading the purchasing centrals: the filtered public list, the latest
ones for the home page, one central and its documents.

The status is never stored: `status_clause` says in SQL what
`Centrale.status_on` says in Python, so filters and badges always agree.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from markupsafe import Markup
from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Centrale, CentraleDocument, CentraleDomain, CentraleStatus
from app.models.centrale import centrale_status_on
from app.web.pagination import Page, page_arg
from app.web.templating import date_fr

LATEST_ON_HOME = 3
PAGE_SIZE = 20
MAX_PAGE = 9999  # a longer number shows the first page
STATUS_VALUES = frozenset(status.value for status in CentraleStatus)
DOMAIN_VALUES = frozenset(domain.value for domain in CentraleDomain)


@dataclass(frozen=True)
class CentraleFilters:
    """The list's GET filters (`statut`, `domaine`, `page`); unknown values
    are ignored."""

    status: CentraleStatus | None = None
    domain: CentraleDomain | None = None
    page: int = 1

    @classmethod
    def from_args(cls, args) -> CentraleFilters:
        status, domain = args.get("statut", ""), args.get("domaine", "")
        page = args.get("page", "1")
        return cls(
            status=CentraleStatus(status) if status in STATUS_VALUES else None,
            domain=CentraleDomain(domain) if domain in DOMAIN_VALUES else None,
            page=page_arg(page, MAX_PAGE) if len(page) <= len(str(MAX_PAGE)) else 1,
        )

    @property
    def is_default(self) -> bool:
        return self.status is None and self.domain is None

    def query_args(self, page: int) -> dict[str, str]:
        """The filters and `page` as query-string arguments (defaults left out)."""
        values = {"statut": self.status.value if self.status else "",
                  "domaine": self.domain.value if self.domain else "",
                  "page": str(page) if page > 1 else ""}
        return {key: value for key, value in values.items() if value}


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


@dataclass(frozen=True, slots=True)
class CentraleFacts:
    """What the list and the page of a central show of it, its dates
    already worded (the list shows 50 centrals: wording them in the template
    was most of its rendering time)."""

    id: int
    slug: str
    title: str
    domain: CentraleDomain
    reference: str
    status: CentraleStatus
    adhesion_deadline: date | None
    validity: Markup | None
    adhesions: Markup


def centrale_facts(centrale_id: int, slug: str, title: str, domain: CentraleDomain,
                   reference: str, valid_from: date | None, valid_until: date | None,
                   adhesion_deadline: date | None, today: date) -> CentraleFacts:
    status = centrale_status_on(valid_until, adhesion_deadline, today)
    return CentraleFacts(
        id=centrale_id, slug=slug, title=title, domain=domain, reference=reference,
        status=status, adhesion_deadline=adhesion_deadline,
        validity=_validity(valid_from, valid_until),
        adhesions=_adhesions(status, adhesion_deadline))


def facts_of(centrale: Centrale, today: date) -> CentraleFacts:
    return centrale_facts(centrale.id, centrale.slug, centrale.title, centrale.domain,
                          centrale.reference, centrale.valid_from, centrale.valid_until,
                          centrale.adhesion_deadline, today)


# The texts hold only these words and dates (digits and slashes): Markup
# keeps their apostrophes as the templates' `_()` did, nothing to escape.
def _validity(start: date | None, end: date | None) -> Markup | None:
    if start and end:
        text = f"du {date_fr(start)} au {date_fr(end)}"
    elif end:
        text = f"jusqu'au {date_fr(end)}"
    elif start:
        text = f"à partir du {date_fr(start)}"
    else:
        return None
    # nosemgrep: markup-of-variable - fixed words and dates, no user text
    return Markup(text)  # noqa: S704  # nosec B704 - fixed words and dates


def _adhesions(status: CentraleStatus, deadline: date | None) -> Markup:
    if status is CentraleStatus.OUVERTE:
        text = f"jusqu'au {date_fr(deadline)}" if deadline else "ouvertes, sans date limite"
    elif deadline and status is CentraleStatus.EN_COURS:
        text = f"closes depuis le {date_fr(deadline)}"
    else:
        text = "closes"
    # nosemgrep: markup-of-variable - fixed words and dates, no user text
    return Markup(text)  # noqa: S704  # nosec B704 - fixed words and dates


def _listed(filters: CentraleFilters, today: date):
    """Published centrals in the manager's order, filtered (the listed
    columns only)."""
    query = _LISTED
    if filters.status is not None:
        query = query.where(status_clause(filters.status, today))
    if filters.domain is not None:
        query = query.where(Centrale.domain == filters.domain)
    return query


def centrale_page(filters: CentraleFilters, today: date) -> Page:
    """One page of the list (one query); only its rows are worded. Pages of
    20 centrals keep it light (and quick to render) however many centrals
    the Province publishes."""
    rows = db.session.execute(_listed(filters, today)).all()
    page = min(filters.page, max(1, -(-len(rows) // PAGE_SIZE)))
    start = (page - 1) * PAGE_SIZE
    return Page([centrale_facts(*row, today=today)
                 for row in rows[start:start + PAGE_SIZE]], len(rows), page, PAGE_SIZE)


def published_centrales() -> list[Centrale]:
    """Every published central, most recently updated first (for the feed)."""
    return list(db.session.scalars(
        select(Centrale).where(Centrale.is_published.is_(True))
        .order_by(Centrale.updated_at.desc(), Centrale.id.desc())
    ))


def latest_centrales(today: date, limit: int = LATEST_ON_HOME) -> list[CentraleFacts]:
    """The newest published centrals, for the home page."""
    return [centrale_facts(*row, today=today)
            for row in db.session.execute(_LATEST, {"limit": limit})]


_FACTS = select(Centrale.id, Centrale.slug, Centrale.title, Centrale.domain,
                Centrale.reference, Centrale.valid_from, Centrale.valid_until,
                Centrale.adhesion_deadline).where(Centrale.is_published.is_(True))
# Built once, so that their cache keys are too (keying a statement built at
# each request cost as much as running it).
_LISTED = _FACTS.order_by(Centrale.position, Centrale.id)
_LATEST = (_FACTS.order_by(Centrale.created_at.desc(), Centrale.id.desc())
           .limit(bindparam("limit")))


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
