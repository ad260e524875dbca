"""The figures of the statistics page and of its CSV export, for a period.

Six GROUP BY (or LIMIT) queries whatever the data size. Ads count from the
day they were posted, hidden ones left out; members and template downloads
are the current totals. Months are calendar months in UTC on both databases
(`month_of`), so SQLite and PostgreSQL give the same figures.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import case, extract, func, literal_column, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.localtime import day_bounds
from app.models import (
    Annonce,
    AnnonceCategory,
    AnnonceKind,
    AnnonceStatus,
    DocumentTemplate,
    Institution,
    InstitutionKind,
)

PERIODS = {"30j": "30 derniers jours", "12m": "12 derniers mois", "tout": "Depuis le début"}
DEFAULT_PERIOD = "12m"
TOP_COLLABORATIONS = 20
TOP_TEMPLATES = 10
NO_ARRONDISSEMENT = "Sans arrondissement (province, zones)"
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")


@dataclass(frozen=True)
class Period:
    first_day: date | None  # None: since the first ad
    last_day: date
    label: str

    @property
    def start(self) -> datetime | None:
        return day_bounds(self.first_day)[0] if self.first_day else None

    @property
    def end(self) -> datetime:
        return day_bounds(self.last_day)[1]


def resolve_period(code: str | None, first_day: date | None, last_day: date | None,
                   today: date) -> Period:
    """Given days win over the named period; the default is the last 12 months."""
    if first_day or last_day:
        last = max(last_day or today, first_day or today)
        if first_day is None:
            return Period(None, last, f"jusqu'au {last:%d/%m/%Y}")
        return Period(first_day, last, f"du {first_day:%d/%m/%Y} au {last:%d/%m/%Y}")
    if code == "30j":
        return Period(today - timedelta(days=29), today, PERIODS[code])
    if code == "tout":
        return Period(None, today, PERIODS[code])
    first_month = _month_index(today) - 11
    return Period(_month_start(first_month), today, PERIODS[DEFAULT_PERIOD])


@dataclass(frozen=True)
class Figure:
    label: str
    value: int
    short: str = ""  # axis label of a month


@dataclass(frozen=True)
class Collaboration:
    helped: str
    helper: str
    count: int


@dataclass
class Statistics:
    period: Period
    members_by_kind: list[Figure] = field(default_factory=list)
    members_by_arrondissement: list[Figure] = field(default_factory=list)
    ads_by_category: list[Figure] = field(default_factory=list)
    ads_by_kind: list[Figure] = field(default_factory=list)
    ads_by_month: list[Figure] = field(default_factory=list)
    pourvues: int = 0
    annulees: int = 0
    median_days: float | None = None
    collaborations_total: int = 0
    collaborations: list[Collaboration] = field(default_factory=list)
    downloads_total: int = 0
    downloads: list[Figure] = field(default_factory=list)

    @property
    def members_total(self) -> int:
        return sum(figure.value for figure in self.members_by_kind)

    @property
    def ads_total(self) -> int:
        return sum(figure.value for figure in self.ads_by_kind)

    @property
    def closed_total(self) -> int:
        return self.pourvues + self.annulees

    @property
    def closed_figures(self) -> list[Figure]:
        return [Figure("Pourvues", self.pourvues), Figure("Annulées", self.annulees)]

    @property
    def share_pourvues(self) -> float | None:
        """Pourvues among the ads closed by their authors (pourvue or annulée)."""
        return self.pourvues / self.closed_total if self.closed_total else None


def compute_statistics(period: Period) -> Statistics:
    """Every figure of the page for `period`, in six queries at most."""
    stats = Statistics(period)
    _add_members(stats)
    timed_pourvues = _add_ads(stats)
    stats.ads_by_month = _ads_by_month(period)
    stats.median_days = _median_days_to_pourvue(period, timed_pourvues)
    stats.collaborations = _collaborations(period)
    _add_downloads(stats)
    return stats


def month_of(column):
    """'YYYY-MM' of a UTC timestamp column, alike on SQLite and PostgreSQL.
    Literal arguments keep the SELECT and GROUP BY expressions identical."""
    if db.engine.dialect.name == "postgresql":
        return func.to_char(func.timezone(literal_column("'UTC'"), column),
                            literal_column("'YYYY-MM'"))
    return func.strftime(literal_column("'%Y-%m'"), column)


def days_between(start, end):
    """`end - start` in days (fractional), on SQLite and PostgreSQL."""
    if db.engine.dialect.name == "postgresql":
        return extract("epoch", end - start) / 86400
    return func.julianday(end) - func.julianday(start)


def _ads_in(period: Period) -> list:
    conditions = [Annonce.status != AnnonceStatus.MASQUEE, Annonce.created_at < period.end]
    if period.start is not None:
        conditions.append(Annonce.created_at >= period.start)
    return conditions


def _add_members(stats: Statistics) -> None:
    rows = db.session.execute(
        select(Institution.kind, Institution.arrondissement, func.count(Institution.id))
        .where(Institution.is_member.is_(True), Institution.retired_at.is_(None))
        .group_by(Institution.kind, Institution.arrondissement)
    ).all()
    by_kind: dict[InstitutionKind, int] = {}
    by_arrondissement: dict[str, int] = {}
    for kind, arrondissement, count in rows:
        by_kind[kind] = by_kind.get(kind, 0) + count
        name = arrondissement or NO_ARRONDISSEMENT
        by_arrondissement[name] = by_arrondissement.get(name, 0) + count
    stats.members_by_kind = [Figure(kind.plural, by_kind.get(kind, 0))
                             for kind in InstitutionKind]
    named = sorted(name for name in by_arrondissement if name != NO_ARRONDISSEMENT)
    if NO_ARRONDISSEMENT in by_arrondissement:
        named.append(NO_ARRONDISSEMENT)
    stats.members_by_arrondissement = [Figure(name, by_arrondissement[name]) for name in named]


def _add_ads(stats: Statistics) -> int:
    """Ads by category, by kind, and closed; returns the number of pourvues
    with a closing date (those whose delay is known)."""
    rows = db.session.execute(
        select(Annonce.category, Annonce.kind, Annonce.status, func.count(Annonce.id),
               func.count(Annonce.helped_by_id), func.count(Annonce.closed_at))
        .where(*_ads_in(stats.period))
        .group_by(Annonce.category, Annonce.kind, Annonce.status)
    ).all()
    by_category = dict.fromkeys(AnnonceCategory, 0)
    by_kind = dict.fromkeys(AnnonceKind, 0)
    timed_pourvues = 0
    for category, kind, status, count, helped, closed in rows:
        by_category[category] += count
        by_kind[kind] += count
        if status == AnnonceStatus.POURVUE:
            stats.pourvues += count
            stats.collaborations_total += helped
            timed_pourvues += closed
        elif status == AnnonceStatus.ANNULEE:
            stats.annulees += count
    stats.ads_by_category = [Figure(category.label, value)
                             for category, value in by_category.items()]
    stats.ads_by_kind = [Figure(f"{kind.label}s", value) for kind, value in by_kind.items()]
    return timed_pourvues


def _ads_by_month(period: Period) -> list[Figure]:
    month = month_of(Annonce.created_at)
    counts = dict(db.session.execute(
        select(month, func.count(Annonce.id)).where(*_ads_in(period)).group_by(month)
    ).all())
    return month_figures(period, counts)


def month_figures(period: Period, counts: dict[str, int]) -> list[Figure]:
    """Every month of the period, empty ones included, from counts by
    'YYYY-MM'; an open period starts at the first month counted."""
    last = _month_index(period.last_day)
    if period.first_day is not None:
        first = _month_index(period.first_day)
    elif counts:
        year, number = min(counts).split("-")
        first = int(year) * 12 + int(number) - 1
    else:
        first = last
    figures = []
    for index in range(first, last + 1):
        start = _month_start(index)
        figures.append(Figure(f"{MONTHS_FR[start.month - 1]} {start.year}",
                              counts.get(f"{start:%Y-%m}", 0), f"{start:%m/%y}"))
    return figures


def _median_days_to_pourvue(period: Period, count: int) -> float | None:
    """The middle one (or two) of the sorted delays, read with LIMIT/OFFSET."""
    if not count:
        return None
    delay = days_between(Annonce.created_at, Annonce.closed_at)
    middle = db.session.scalars(
        select(delay).where(*_ads_in(period), Annonce.status == AnnonceStatus.POURVUE,
                            Annonce.closed_at.is_not(None))
        .order_by(delay).limit(2 - count % 2).offset((count - 1) // 2)
    ).all()
    return sum(float(value) for value in middle) / len(middle) if middle else None


def _collaborations(period: Period) -> list[Collaboration]:
    """Pairs (helped, helper), most frequent first. A demande was answered by
    `helped_by`; an offre was taken by `helped_by`, whom its author helped."""
    helped, helper = aliased(Institution), aliased(Institution)
    is_offer = Annonce.kind == AnnonceKind.OFFRE
    count = func.count(Annonce.id)
    rows = db.session.execute(
        select(helped.name, helper.name, count)
        .select_from(Annonce)
        .join(helped, helped.id == case((is_offer, Annonce.helped_by_id),
                                        else_=Annonce.institution_id))
        .join(helper, helper.id == case((is_offer, Annonce.institution_id),
                                        else_=Annonce.helped_by_id))
        .where(*_ads_in(period), Annonce.status == AnnonceStatus.POURVUE,
               Annonce.helped_by_id.is_not(None))
        .group_by(helped.id, helped.name, helper.id, helper.name)
        .order_by(count.desc(), helped.name, helper.name)
        .limit(TOP_COLLABORATIONS)
    ).all()
    return [Collaboration(helped_name, helper_name, number)
            for helped_name, helper_name, number in rows]


def _add_downloads(stats: Statistics) -> None:
    """The most downloaded templates, and the total (a window sum, same query)."""
    rows = db.session.execute(
        select(DocumentTemplate.title, DocumentTemplate.download_count,
               func.sum(DocumentTemplate.download_count).over())
        .where(DocumentTemplate.download_count > 0)
        .order_by(DocumentTemplate.download_count.desc(), DocumentTemplate.title)
        .limit(TOP_TEMPLATES)
    ).all()
    stats.downloads = [Figure(title, count) for title, count, _ in rows]
    stats.downloads_total = int(rows[0][2]) if rows else 0


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)
