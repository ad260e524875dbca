"""Figures shown on the public pages."""
from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import Institution, InstitutionKind


def member_counts() -> list[tuple[InstitutionKind, int, int]]:
    """(kind, members, reference institutions) for every kind, in display order."""
    rows = db.session.execute(_MEMBER_COUNTS).all()
    by_kind = {kind: (members, total) for kind, members, total in rows}
    return [(kind, *by_kind.get(kind, (0, 0))) for kind in InstitutionKind]


# Built once (statements are immutable): the home page runs it on every visit.
_MEMBER_COUNTS = (
    select(
        Institution.kind,
        func.count(Institution.id).filter(Institution.is_member),
        func.count(Institution.id),
    )
    .where(Institution.retired_at.is_(None))
    .group_by(Institution.kind)
)
