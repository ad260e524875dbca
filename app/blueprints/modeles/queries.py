"""Read side of the templates section: the list with its filters, one
template with its versions, the latest ones for the home page and the
digest. Each is one or two queries, whatever the number of templates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import defer, joinedload, selectinload

from app.blueprints.annonces.search import search_terms
from app.extensions import db
from app.localtime import day_bounds
from app.models import AuditEntry, DocumentTemplate, TemplateCategory, TemplateVersion, User
from app.web.pagination import Page, page_arg

PAGE_SIZE = 30
MAX_PAGE = 1000
# Display order of the formats, and the default download.
FORMATS = ("docx", "odt", "pdf", "xlsx", "ods")
CATEGORY_ORDER = case({category.value: index for index, category
                       in enumerate(TemplateCategory)}, value=DocumentTemplate.category)


def sorted_files(version: TemplateVersion | None) -> list:
    """The files of a version in the display order of FORMATS."""
    if version is None:
        return []
    return sorted(version.files, key=lambda f: FORMATS.index(f.format)
                  if f.format in FORMATS else len(FORMATS))


def category_groups() -> dict[str, list[TemplateCategory]]:
    """The categories under their group label, in display order."""
    groups: dict[str, list[TemplateCategory]] = {}
    for category in TemplateCategory:
        groups.setdefault(category.group, []).append(category)
    return groups


@dataclass
class TemplateFilters:
    """The list's query string, validated: unknown values are ignored."""

    q: str = ""
    category: TemplateCategory | None = None
    page: int = 1

    @classmethod
    def from_args(cls, args) -> TemplateFilters:
        try:
            category = TemplateCategory(args.get("category", ""))
        except ValueError:
            category = None
        page = args.get("page", "1")
        return cls(q=" ".join(args.get("q", "").split())[:200], category=category,
                   page=page_arg(page, MAX_PAGE))

    def query_args(self, **overrides) -> dict[str, str]:
        values = {"q": self.q, "category": self.category.value if self.category else "",
                  "page": str(self.page) if self.page > 1 else ""}
        values.update({key: str(value) for key, value in overrides.items()})
        return {key: value for key, value in values.items() if value}

    @property
    def is_default(self) -> bool:
        return not self.query_args(page="")


class TemplatePage(Page):
    """A page of templates, which the list shows under their category group."""

    @property
    def groups(self) -> list[tuple[str, list[DocumentTemplate]]]:
        """The page's templates under their category group, in list order."""
        grouped: list[tuple[str, list[DocumentTemplate]]] = []
        for template in self.items:
            if not grouped or grouped[-1][0] != template.category.group:
                grouped.append((template.category.group, []))
            grouped[-1][1].append(template)
        return grouped


def list_templates(filters: TemplateFilters) -> TemplatePage:
    """Published templates matching the filters: a count and a page of rows
    (with the current version's files joined in)."""
    conditions = [DocumentTemplate.is_published.is_(True)]
    if filters.category:
        conditions.append(DocumentTemplate.category == filters.category)
    # Terms are [a-z0-9]+ only: nothing to escape in the LIKE pattern.
    conditions += [DocumentTemplate.search_text.like(f"%{term}%")
                   for term in search_terms(filters.q)]
    total = db.session.scalar(select(func.count(DocumentTemplate.id)).where(*conditions)) or 0
    rows = db.session.scalars(
        select(DocumentTemplate).where(*conditions)
        .options(joinedload(DocumentTemplate.current_version)
                 .joinedload(TemplateVersion.files),
                 defer(DocumentTemplate.description), defer(DocumentTemplate.search_text))
        .order_by(CATEGORY_ORDER, DocumentTemplate.position, DocumentTemplate.id)
        .limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE)
    ).unique().all()
    return TemplatePage(list(rows), total, filters.page, PAGE_SIZE)


def load_template(template_id: int, user: User, *, with_versions: bool = False
                  ) -> DocumentTemplate:
    """The template, or 404 if it does not exist or is unpublished and
    `user` is not a manager."""
    if with_versions:  # the current version is one of them: its files come along
        options = [joinedload(DocumentTemplate.current_version),
                   selectinload(DocumentTemplate.versions).selectinload(TemplateVersion.files)]
    else:
        options = [joinedload(DocumentTemplate.current_version)
                   .selectinload(TemplateVersion.files)]
    template = db.session.get(DocumentTemplate, template_id, options=options)
    if template is None or not (template.is_published or user.is_manager):
        abort(404)
    return template


def latest_templates(limit: int = 3) -> list[DocumentTemplate]:
    """The published templates most recently given a version (home page)."""
    return list(db.session.scalars(
        select(DocumentTemplate).where(DocumentTemplate.is_published.is_(True))
        .options(defer(DocumentTemplate.description), defer(DocumentTemplate.search_text))
        .order_by(DocumentTemplate.updated_at.desc(), DocumentTemplate.id.desc())
        .limit(limit)))


def templates_of_day(day: date) -> list[DocumentTemplate]:
    """Published templates that were published, or given a new version, on
    `day` (Brussels time), for the daily digest."""
    start, end = day_bounds(day)
    new_version = select(TemplateVersion.template_id).where(
        TemplateVersion.created_at >= start, TemplateVersion.created_at < end)
    published = select(AuditEntry.target_id).where(
        AuditEntry.action == "template.published",
        AuditEntry.target_type == DocumentTemplate.__name__,
        AuditEntry.created_at >= start, AuditEntry.created_at < end)
    return list(db.session.scalars(
        select(DocumentTemplate)
        .where(DocumentTemplate.is_published.is_(True),
               or_(DocumentTemplate.id.in_(new_version), DocumentTemplate.id.in_(published)))
        .options(joinedload(DocumentTemplate.current_version),
                 defer(DocumentTemplate.description), defer(DocumentTemplate.search_text))
        .order_by(CATEGORY_ORDER, DocumentTemplate.position, DocumentTemplate.id)))


def templates_by_category() -> list[tuple[TemplateCategory, list[DocumentTemplate]]]:
    """Every template, published or not, under its category in list order
    (the manager's list). One query."""
    rows = db.session.scalars(
        select(DocumentTemplate)
        .options(joinedload(DocumentTemplate.current_version),
                 defer(DocumentTemplate.description), defer(DocumentTemplate.search_text))
        .order_by(CATEGORY_ORDER, DocumentTemplate.position, DocumentTemplate.id))
    grouped: dict[TemplateCategory, list[DocumentTemplate]] = {c: [] for c in TemplateCategory}
    for template in rows:
        grouped[template.category].append(template)
    return list(grouped.items())


def versions_of(template: DocumentTemplate) -> list[TemplateVersion]:
    """The versions of a template with their files, newest first."""
    return list(db.session.scalars(
        select(TemplateVersion).where(TemplateVersion.template_id == template.id)
        .options(selectinload(TemplateVersion.files))
        .order_by(TemplateVersion.number.desc())))
