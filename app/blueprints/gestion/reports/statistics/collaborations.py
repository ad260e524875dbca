"""The statistics of ended collaborations for a period: totals, months,
institutions, pairs, who helps whom by kind of institution, and the mutual
aid counted once (see `measures` for what each figure means).

Six GROUP BY (or LIMIT) queries whatever the number of collaborations.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import String, and_, exists, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from app.blueprints.gestion.reports.statistics.measures import (
    Savings,
    ended_between,
    savings_columns,
)
from app.blueprints.gestion.reports.statistics.queries import Figure, Period, month_figures
from app.extensions import db
from app.models import (
    Annonce,
    AnnonceStatus,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    Institution,
    InstitutionKind,
)

TOP_INSTITUTIONS = 10
TOP_PAIRS = 20


class year_month(FunctionElement):  # lower case, as the SQL function it stands for
    """'YYYY-MM' of a date column."""

    type = String()
    name = "year_month"
    inherit_cache = True


@compiles(year_month)
def _year_month_postgresql(element, compiler, **kw) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"


@compiles(year_month, "sqlite")
def _year_month_sqlite(element, compiler, **kw) -> str:
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 7)"


@dataclass(frozen=True)
class NamedSavings:
    """What an institution (or a pair of them) lent or received."""

    name: str
    savings: Savings


@dataclass
class KindMatrix:
    """Ended collaborations by kind of the lender (rows) and of the borrower
    (columns)."""

    kinds: list[InstitutionKind]
    counts: dict[tuple[InstitutionKind, InstitutionKind], int] = field(default_factory=dict)

    def count(self, lender: InstitutionKind, borrower: InstitutionKind) -> int:
        return self.counts.get((lender, borrower), 0)

    def lent(self, lender: InstitutionKind) -> int:
        return sum(self.count(lender, borrower) for borrower in self.kinds)

    def received(self, borrower: InstitutionKind) -> int:
        return sum(self.count(lender, borrower) for lender in self.kinds)

    @property
    def largest(self) -> int:
        return max(self.counts.values(), default=0)


@dataclass
class CollaborationStatistics:
    period: Period
    total: Savings = field(default_factory=Savings)
    staff: Savings = field(default_factory=Savings)
    equipment: Savings = field(default_factory=Savings)
    by_month: list[Figure] = field(default_factory=list)
    providers: list[NamedSavings] = field(default_factory=list)
    beneficiaries: list[NamedSavings] = field(default_factory=list)
    pairs: list[NamedSavings] = field(default_factory=list)
    matrix: KindMatrix = field(default_factory=lambda: KindMatrix(list(InstitutionKind)))
    # Annonces pourvues with a helping member but no ended collaboration.
    helped_ads_without_collaboration: int = 0

    @property
    def mutual_aid(self) -> int:
        """Every help once: each ended collaboration, plus each pourvue
        annonce whose help no ended collaboration records."""
        return self.total.collaborations + self.helped_ads_without_collaboration


def compute_collaboration_statistics(period: Period) -> CollaborationStatistics:
    """Every collaboration figure of the statistics page for `period`."""
    stats = CollaborationStatistics(period)
    _add_months_and_kinds(stats)
    stats.providers = _by_institution(Collaboration.provider_id, period)
    stats.beneficiaries = _by_institution(Collaboration.beneficiary_id, period)
    stats.pairs = _by_pair(period)
    stats.matrix = _kind_matrix(period)
    stats.helped_ads_without_collaboration = _helped_ads_without_collaboration(period)
    return stats


def _ended_in(period: Period) -> list:
    return ended_between(period.first_day, period.last_day)


def _add_months_and_kinds(stats: CollaborationStatistics) -> None:
    """Totals by kind and counts by month, from one GROUP BY month, kind."""
    month = year_month(Collaboration.end_date)
    rows = db.session.execute(
        select(month, Collaboration.kind, *savings_columns())
        .where(*_ended_in(stats.period)).group_by(month, Collaboration.kind)
    ).all()
    counts: dict[str, int] = {}
    for month_text, kind, *figures in rows:
        savings = Savings.from_row(figures)
        counts[month_text] = counts.get(month_text, 0) + savings.collaborations
        if kind == CollaborationKind.PERSONNEL:
            stats.staff += savings
        else:
            stats.equipment += savings
    stats.total = stats.staff + stats.equipment
    stats.by_month = month_figures(stats.period, counts)


def _by_institution(side, period: Period) -> list[NamedSavings]:
    """The institutions that lent (or received) most, by collaborations."""
    count = func.count(Collaboration.id)
    rows = db.session.execute(
        select(Institution.name, *savings_columns())
        .join(Institution, Institution.id == side)
        .where(*_ended_in(period))
        .group_by(Institution.id, Institution.name)
        .order_by(count.desc(), Institution.name)
        .limit(TOP_INSTITUTIONS)
    ).all()
    return [NamedSavings(name, Savings.from_row(figures)) for name, *figures in rows]


def _by_pair(period: Period) -> list[NamedSavings]:
    """Pairs "lender → borrower", the most frequent first."""
    lender, borrower = aliased(Institution), aliased(Institution)
    count = func.count(Collaboration.id)
    rows = db.session.execute(
        select(lender.name, borrower.name, *savings_columns())
        .join(lender, lender.id == Collaboration.provider_id)
        .join(borrower, borrower.id == Collaboration.beneficiary_id)
        .where(*_ended_in(period))
        .group_by(lender.id, lender.name, borrower.id, borrower.name)
        .order_by(count.desc(), lender.name, borrower.name)
        .limit(TOP_PAIRS)
    ).all()
    return [NamedSavings(f"{lender_name} → {borrower_name}", Savings.from_row(figures))
            for lender_name, borrower_name, *figures in rows]


def _kind_matrix(period: Period) -> KindMatrix:
    lender, borrower = aliased(Institution), aliased(Institution)
    rows = db.session.execute(
        select(lender.kind, borrower.kind, func.count(Collaboration.id))
        .join(lender, lender.id == Collaboration.provider_id)
        .join(borrower, borrower.id == Collaboration.beneficiary_id)
        .where(*_ended_in(period))
        .group_by(lender.kind, borrower.kind)
    ).all()
    return KindMatrix(list(InstitutionKind),
                      {(lender_kind, borrower_kind): count
                       for lender_kind, borrower_kind, count in rows})


def _helped_ads_without_collaboration(period: Period) -> int:
    """Annonces pourvues with a helping member (counted as the page counts
    ads: by the day they were posted) that no ended collaboration records,
    so that an annonce closed with a collaboration counts once."""
    conditions = [Annonce.status == AnnonceStatus.POURVUE, Annonce.helped_by_id.is_not(None),
                  Annonce.created_at < period.end]
    if period.start is not None:
        conditions.append(Annonce.created_at >= period.start)
    recorded = exists().where(and_(Collaboration.annonce_id == Annonce.id,
                                   Collaboration.status == CollaborationStatus.TERMINEE))
    return db.session.scalar(
        select(func.count(Annonce.id)).where(*conditions, ~recorded)) or 0
