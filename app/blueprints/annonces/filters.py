"""The filters of annonces: the list's query string (`ListFilters`), which an
email alert saves too, and the WHERE conditions its content filters make,
which the alerts and the back office's moderation list share."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from sqlalchemy.sql.elements import ColumnElement
from werkzeug.datastructures import MultiDict

from app.blueprints.annonces.search import matches, search_terms
from app.models import (
    Annonce,
    AnnonceCategory,
    AnnonceKind,
    AnnonceStatus,
    Institution,
    InstitutionKind,
)
from app.reference.seed import arrondissements
from app.web.pagination import page_arg

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


def parse_filters(query_string: str, known_arrondissements: list[str] | None = None
                  ) -> ListFilters:
    """The list filters of a query string; unknown keys and values dropped."""
    args = MultiDict(parse_qsl(query_string or "", keep_blank_values=False))
    if known_arrondissements is None:
        known_arrondissements = arrondissements()
    return ListFilters.from_args(args, known_arrondissements)


def content_conditions(kind: AnnonceKind | None, category: AnnonceCategory | None,
                       words: str | None) -> list[ColumnElement[bool]]:
    """WHERE conditions on Annonce alone for a kind, a category and words
    (each a prefix of a word of the ad, of its institution's name or of its
    commune's, accents ignored: see `search`)."""
    conditions = []
    if kind:
        conditions.append(Annonce.kind == kind)
    if category:
        conditions.append(Annonce.category == category)
    terms = search_terms(words)
    if terms:
        conditions.append(matches(terms))
    return conditions


def filter_conditions(filters: ListFilters) -> list[ColumnElement[bool]]:
    """WHERE conditions of the content filters (kind, category, words,
    institution kind, arrondissement); the query joins Annonce.institution."""
    conditions = content_conditions(filters.kind, filters.category, filters.q)
    if filters.institution_kind:
        conditions.append(Institution.kind == filters.institution_kind)
    if filters.arrondissement:
        conditions.append(Institution.arrondissement == filters.arrondissement)
    return conditions
