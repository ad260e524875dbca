"""The list of annonces: filters, full-text search, sort and pagination in
two queries (the page of rows, and the count), whatever the data size; and
the latest ads of the home page.

The page reads only the columns the list shows (no Markdown body, no search
text, no ORM identity map): at 100 000 ads, loading whole ads and their
institutions cost more than the two queries themselves."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import Select, bindparam, func, select, text
from sqlalchemy.orm import aliased, joinedload

from app.blueprints.annonces.filters import LISTED_STATUSES, ListFilters
from app.blueprints.annonces.search import search_condition, search_params, search_terms
from app.extensions import db
from app.models import Annonce, AnnonceCategory, AnnonceKind, AnnonceStatus, Institution
from app.models.annonce import OPEN_CONDITION
from app.web.pagination import Page

PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class AnnonceRow:
    """What the list shows of one ad."""

    id: int
    title: str
    kind: AnnonceKind
    category: AnnonceCategory
    status: AnnonceStatus
    quantity: str
    start_date: date | None
    end_date: date | None
    expires_on: date
    created_at: datetime
    institution_name: str
    location_name: str | None
    urgent: bool

    @property
    def is_open(self) -> bool:
        return self.status == AnnonceStatus.OPEN

    @property
    def shows_urgent(self) -> bool:
        """Urgent only while open: a closed need is not urgent any more."""
        return self.urgent and self.is_open


def list_annonces(filters: ListFilters) -> Page:
    terms = search_terms(filters.q)
    count, rows = _statements(_Shape.of(filters, bool(terms)))
    params = {"kind": filters.kind, "category": filters.category, "status": filters.status,
              "institution_kind": filters.institution_kind,
              "arrondissement": filters.arrondissement,
              "offset": (filters.page - 1) * PAGE_SIZE}
    if terms:
        params.update(search_params(terms))
    total = db.session.scalar(count, params) or 0
    found = db.session.execute(rows, params).all()
    return Page([AnnonceRow(*row) for row in found], total, filters.page, PAGE_SIZE)


def latest_open_annonces(limit: int = 5) -> list[Annonce]:
    """The newest open ads, with their institution."""
    return list(db.session.scalars(
        select(Annonce).where(Annonce.status == AnnonceStatus.OPEN)
        .options(joinedload(Annonce.institution))
        .order_by(Annonce.created_at.desc(), Annonce.id.desc()).limit(limit)
    ))


@dataclass(frozen=True, slots=True)
class _Shape:
    """Which filters a list request uses (not their values, which are bound)."""

    status: str  # "open", "one" or "all"
    kind: bool
    category: bool
    institution_kind: bool
    arrondissement: bool
    search: bool
    sort: str
    dialect: str

    @classmethod
    def of(cls, filters: ListFilters, search: bool) -> _Shape:
        status = ("open" if filters.status == AnnonceStatus.OPEN
                  else "one" if filters.status else "all")
        return cls(status, bool(filters.kind), bool(filters.category),
                   bool(filters.institution_kind), bool(filters.arrondissement), search,
                   filters.sort, db.engine.dialect.name)


@lru_cache(maxsize=256)
def _statements(shape: _Shape) -> tuple[Select, Select]:
    """The count and the page of rows for one shape of request, built once:
    building a statement and computing its cache key cost more than running
    it. The filters' values are bound parameters."""
    if shape.status == "open":
        conditions = [_OPEN]  # literal: the partial indexes of open ads apply
    elif shape.status == "one":
        conditions = [Annonce.status == bindparam("status")]
    else:
        conditions = [Annonce.status.in_(LISTED_STATUSES)]
    if shape.kind:
        conditions.append(Annonce.kind == bindparam("kind"))
    if shape.category:
        conditions.append(Annonce.category == bindparam("category"))
    if shape.institution_kind:
        conditions.append(Institution.kind == bindparam("institution_kind"))
    if shape.arrondissement:
        conditions.append(Institution.arrondissement == bindparam("arrondissement"))
    if shape.search:
        conditions.append(search_condition(shape.dialect, open_only=shape.status == "open"))
    # The institution is joined only when a filter needs it: every ad has one.
    count = _COUNT.join(Annonce.institution) if (
        shape.institution_kind or shape.arrondissement) else _COUNT
    # Open urgent demandes first (partial indexes of open ads on urgent); in
    # other lists, the closed ones are not urgent any more.
    orders = (*(_URGENT_FIRST if shape.status == "open" else ()), *_ORDERS[shape.sort])
    rows = (_ROWS.where(*conditions).order_by(*orders)
            .limit(PAGE_SIZE).offset(bindparam("offset")))
    return count.where(*conditions), rows


# Built once: statements are immutable, each request only adds its conditions.
_OPEN = text(f"annonce.{OPEN_CONDITION}")
_LOCATION = aliased(Institution, name="location")
_COUNT = select(func.count(Annonce.id))
_ROWS = (
    select(Annonce.id, Annonce.title, Annonce.kind, Annonce.category, Annonce.status,
           Annonce.quantity, Annonce.start_date, Annonce.end_date, Annonce.expires_on,
           Annonce.created_at, Institution.name, _LOCATION.short_name, Annonce.urgent)
    .join(Annonce.institution).outerjoin(_LOCATION, Annonce.location_id == _LOCATION.id)
)
_URGENT_FIRST = (Annonce.urgent.desc(),)
_ORDERS = {"recent": (Annonce.created_at.desc(), Annonce.id.desc()),
           "fin": (Annonce.expires_on.asc(), Annonce.id.desc())}
