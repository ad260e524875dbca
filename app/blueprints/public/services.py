"""Figures shown on the public pages."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, bindparam, func, select

from app.blueprints.gestion.reports.statistics.measures import (
    Savings,
    ended_between,
    savings_columns,
)
from app.extensions import db
from app.models import Institution, InstitutionKind


def member_counts() -> list[tuple[InstitutionKind, int, int]]:
    """(kind, members, reference institutions) for every kind, in display order."""
    rows = db.session.execute(_MEMBER_COUNTS).all()
    by_kind = {kind: (members, total) for kind, members, total in rows}
    return [(kind, *by_kind.get(kind, (0, 0))) for kind in InstitutionKind]


def savings_of_year(year: int) -> Savings:
    """What the collaborations ended in `year` (calendar year) saved, as
    the statistics count it (`measures`): one aggregate query on the
    (status, end_date) index."""
    row = db.session.execute(_YEAR_SAVINGS, {"first_day": date(year, 1, 1),
                                             "last_day": date(year, 12, 31)}).one()
    return Savings.from_row(row)


# Built once (statements are immutable): the home page runs them on every visit.
_MEMBER_COUNTS = (
    select(
        Institution.kind,
        func.count(Institution.id).filter(Institution.is_member),
        func.count(Institution.id),
    )
    .where(Institution.retired_at.is_(None))
    .group_by(Institution.kind)
)
_YEAR_SAVINGS = select(*savings_columns()).where(
    *ended_between(bindparam("first_day", type_=Date), bindparam("last_day", type_=Date)))
