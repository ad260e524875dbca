"""The list of annonces: filters, full-text search, sort and pagination in
two queries (the page of rows, and the count), whatever the data size.

The page reads only the columns the list shows (no Markdown body, no search
text, no ORM identity map): at 100 000 ads, loading whole ads and their
institutions cost more than the two queries themselves."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode

from sqlalchemy import func, select, text
from sqlalchemy.orm import aliased

from app.blueprints.annonces.search import matches, search_terms
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
from app.urls import page_arg

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


def arrondissements() -> list[str]:
    """The arrondissements of the province, from the reference institutions."""
    return list(db.session.scalars(_ARRONDISSEMENTS))


def list_annonces(filters: ListFilters) -> AnnoncePage:
    if filters.status == AnnonceStatus.OPEN:
        conditions = [_OPEN]  # literal: the partial indexes of open ads apply
    else:
        conditions = [Annonce.status.in_([filters.status] if filters.status
                                         else LISTED_STATUSES)]
    if filters.kind:
        conditions.append(Annonce.kind == filters.kind)
    if filters.category:
        conditions.append(Annonce.category == filters.category)
    if filters.institution_kind:
        conditions.append(Institution.kind == filters.institution_kind)
    if filters.arrondissement:
        conditions.append(Institution.arrondissement == filters.arrondissement)
    terms = search_terms(filters.q)
    if terms:
        conditions.append(matches(terms, open_only=filters.status == AnnonceStatus.OPEN))

    # The institution is joined only when a filter needs it: every ad has one.
    count = _COUNT.join(Annonce.institution) if (
        filters.institution_kind or filters.arrondissement) else _COUNT
    total = db.session.scalar(count.where(*conditions)) or 0
    order = _ORDERS[filters.sort]
    rows = db.session.execute(
        _ROWS.where(*conditions).order_by(*order)
        .limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE)
    ).all()
    return AnnoncePage([AnnonceRow(*row) for row in rows], total, filters.page)


# Built once: statements are immutable, each request only adds its conditions.
_ARRONDISSEMENTS = (
    select(Institution.arrondissement).where(Institution.arrondissement.is_not(None))
    .distinct().order_by(Institution.arrondissement))
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
