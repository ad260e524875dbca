"""The institutions of the province as the back office lists and shows
them, with their users."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased, joinedload

from app.blueprints.annonces.search import normalise
from app.blueprints.gestion.text_search import folded_contains
from app.extensions import db
from app.models import Institution, InstitutionKind, User, UserStatus
from app.reference.seed import arrondissements

# Kinds in the order of the province's own lists.
KIND_ORDER = {kind: position for position, kind in enumerate(InstitutionKind)}


@dataclass(frozen=True)
class InstitutionRow:
    institution: Institution
    referent_name: str | None
    user_count: int


def status_of(institution: Institution) -> str:
    """The membership status key of STATUS_LABELS."""
    if institution.retired_at is not None:
        return "retiree"
    if institution.suspended_at is not None:
        return "suspendue"
    return "adherente" if institution.is_member else "non-adherente"


STATUS_CONDITIONS = {
    "retiree": Institution.retired_at.is_not(None),
    "suspendue": and_(Institution.retired_at.is_(None), Institution.suspended_at.is_not(None)),
    "adherente": and_(Institution.is_member.is_(True), Institution.retired_at.is_(None),
                      Institution.suspended_at.is_(None)),
    "non-adherente": and_(Institution.is_member.is_(False), Institution.retired_at.is_(None),
                          Institution.suspended_at.is_(None)),
}


def list_institutions(kind: str | None, status: str | None,
                      search: str | None) -> list[InstitutionRow]:
    """Every institution with its référent and its number of users (the
    anonymised left out), in one query: a province has about a hundred."""
    referent = aliased(User)
    user_count = (select(func.count(User.id))
                  .where(User.institution_id == Institution.id,
                         User.status != UserStatus.ANONYMISED)
                  .correlate(Institution).scalar_subquery())
    query = (select(Institution, referent.name, user_count)
             .outerjoin(referent, and_(referent.institution_id == Institution.id,
                                       referent.is_referent.is_(True))))
    if kind:
        query = query.where(Institution.kind == InstitutionKind(kind))
    if status:
        query = query.where(STATUS_CONDITIONS[status])
    if search:
        query = query.where(folded_contains(Institution.name, search))
    rows = [InstitutionRow(*row) for row in db.session.execute(query).all()]
    return sorted(rows, key=lambda row: (KIND_ORDER[row.institution.kind],
                                         normalise(row.institution.name)))


def load_institution(institution_id: int) -> Institution:
    return db.first_or_404(
        select(Institution).options(joinedload(Institution.commune),
                                    joinedload(Institution.police_zone))
        .where(Institution.id == institution_id))


def users_of(institution: Institution) -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.institution_id == institution.id)
        .order_by(User.status == UserStatus.ANONYMISED, func.lower(User.name), User.id)))


def place_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[str]]:
    """Police zones, communes (not retired) and arrondissements to choose from."""
    rows = db.session.execute(
        select(Institution.id, Institution.name, Institution.kind)
        .where(Institution.kind.in_([InstitutionKind.ZONE_POLICE, InstitutionKind.COMMUNE]),
               Institution.retired_at.is_(None))
    ).all()
    rows = sorted(rows, key=lambda row: normalise(row.name))
    zones = [(str(row.id), row.name) for row in rows if row.kind == InstitutionKind.ZONE_POLICE]
    communes = [(str(row.id), row.name) for row in rows if row.kind == InstitutionKind.COMMUNE]
    return zones, communes, arrondissements()


def referent_choices(users: list[User]) -> list[tuple[str, str]]:
    """Those of `users` (one institution's) who may become its référent."""
    return [(str(user.id), f"{user.name} ({user.email})") for user in users
            if user.status == UserStatus.ACTIVE and not user.is_referent]
