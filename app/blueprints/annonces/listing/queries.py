"""The list of annonces: filters, full-text search, sort and pagination in
two queries (the page of rows, and the count), whatever the data size.

The page reads only the columns the list shows (no Markdown body, no search
text, no ORM identity map): at 100 000 ads, loading whole ads and their
institutions cost more than the two queries themselves."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlencode

from sqlalchemy import Select, bindparam, func, select, text
from sqlalchemy.orm import aliased

from app.blueprints.annonces.search import search_condition, search_params, search_terms
from app.extensions import db
from app.models import (
    Annonce,
    AnnonceCategory,
    AnnonceKind,
    AnnonceStatus,
    Institution,
    InstitutionKind,
)
from app.models.annonce import OPEN_CONDITION
from app.web.urls import page_arg

PAGE_SIZE = 20
MAX_PAGE = 500
SORTS = {"recent": "Les plus récentes", "fin": "Se terminant bientôt"}
LISTED_STATUSES = [AnnonceStatus.OPEN, AnnonceStatus.POURVUE, AnnonceStatus.ANNULEE,
                   AnnonceStatus.EXPIREE]
ALL_STATUSES = "toutes"
FILTER_KEYS = ("q", "kind", "category", "institution_kind", "arrondissement", "status", "sort")


@dataclass
class ListFilters:
    """The list's query string, validated: unknown values are ignored."""

    q: str = ""
    kind: AnnonceKind | None = None
    category: AnnonceCategory | None = None
    institution_kind: InstitutionKind | None = None
    arrondissement: str = ""
    status: AnnonceStatus | None = AnnonceStatus.OPEN  # None: every listed status
    sort: str = "recent"
    page: int = 1

    @classmethod
    def from_args(cls, args, arrondissements: list[str]) -> ListFilters:
        def choice(enum_class, name):
            try:
                return enum_class(args.get(name, ""))
            except ValueError:
                return None

        status_arg = args.get("status", "")
        if status_arg == ALL_STATUSES:
            status = None
        else:
            status = choice(AnnonceStatus, "status")
            if status not in LISTED_STATUSES:
                status = AnnonceStatus.OPEN
        page = args.get("page", "1")
        arrondissement = args.get("arrondissement", "")
        return cls(
            q=args.get("q", "").strip()[:200],
            kind=choice(AnnonceKind, "kind"),
            category=choice(AnnonceCategory, "category"),
            institution_kind=choice(InstitutionKind, "institution_kind"),
            arrondissement=arrondissement if arrondissement in arrondissements else "",
            status=status,
            sort=args.get("sort") if args.get("sort") in SORTS else "recent",
            page=page_arg(page, MAX_PAGE),
        )

    def query_args(self, **overrides) -> dict[str, str]:
        """The non-default filters as query-string arguments."""
        values = {
            "q": self.q,
            "kind": self.kind.value if self.kind else "",
            "category": self.category.value if self.category else "",
            "institution_kind": self.institution_kind.value if self.institution_kind else "",
            "arrondissement": self.arrondissement,
            "status": (self.status.value if self.status else ALL_STATUSES)
            if self.status != AnnonceStatus.OPEN else "",
            "sort": self.sort if self.sort != "recent" else "",
            "page": str(self.page) if self.page > 1 else "",
        }
        values.update({key: str(value) for key, value in overrides.items()})
        return {key: value for key, value in values.items() if value}

    def query_string(self) -> str:
        """The filters only (no page), as saved in an email alert."""
        return urlencode({k: v for k, v in self.query_args().items() if k in FILTER_KEYS})

    @property
    def is_default(self) -> bool:
        return not self.query_args(page="")


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

    @property
    def is_open(self) -> bool:
        return self.status == AnnonceStatus.OPEN


@dataclass
class AnnoncePage:
    annonces: list[AnnonceRow] = field(default_factory=list)
    total: int = 0
    page: int = 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def list_annonces(filters: ListFilters) -> AnnoncePage:
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
    return AnnoncePage([AnnonceRow(*row) for row in found], total, filters.page)


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
    rows = (_ROWS.where(*conditions).order_by(*_ORDERS[shape.sort])
            .limit(PAGE_SIZE).offset(bindparam("offset")))
    return count.where(*conditions), rows


# Built once: statements are immutable, each request only adds its conditions.
_OPEN = text(f"annonce.{OPEN_CONDITION}")
_LOCATION = aliased(Institution, name="location")
_COUNT = select(func.count(Annonce.id))
_ROWS = (
    select(Annonce.id, Annonce.title, Annonce.kind, Annonce.category, Annonce.status,
           Annonce.quantity, Annonce.start_date, Annonce.end_date, Annonce.expires_on,
           Annonce.created_at, Institution.name, _LOCATION.short_name)
    .join(Annonce.institution).outerjoin(_LOCATION, Annonce.location_id == _LOCATION.id)
)
_ORDERS = {"recent": (Annonce.created_at.desc(), Annonce.id.desc()),
           "fin": (Annonce.expires_on.asc(), Annonce.id.desc())}
