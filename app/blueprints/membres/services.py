"""The member directory: member institutions and their référents' contacts."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import groupby

from flask import abort
from sqlalchemy import and_, select
from sqlalchemy.orm import defer, joinedload

from app.extensions import db
from app.models import (
    Annonce,
    AnnonceStatus,
    Institution,
    InstitutionKind,
    User,
    UserStatus,
)
from app.reference.seed import de

SLUG_RE = re.compile(r"[a-z0-9-]{1,160}")
# An invited référent is shown (the institution has one), an anonymised one never.
LISTED_STATUSES = (UserStatus.INVITED, UserStatus.ACTIVE)


@dataclass(frozen=True)
class Entry:
    institution: Institution
    referent: User | None


@dataclass
class Group:
    label: str | None  # "Arrondissement d'Arlon", or None for kinds without one
    entries: list[Entry] = field(default_factory=list)


@dataclass
class KindSection:
    kind: InstitutionKind
    groups: list[Group] = field(default_factory=list)


def _sort_key(text: str | None) -> str:
    """Accent-insensitive order ("Étalle" between "Erezée" and "Fauvillers")."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return ascii_text.lower()


def _active_members():
    return (Institution.is_member, Institution.suspended_at.is_(None),
            Institution.retired_at.is_(None))


def _referent_join():
    return and_(User.institution_id == Institution.id, User.is_referent,
                User.status.in_(LISTED_STATUSES))


def directory() -> list[KindSection]:
    """Member institutions by kind, then arrondissement, with their référent:
    one query whatever the number of members."""
    rows = db.session.execute(
        select(Institution, User).outerjoin(User, _referent_join()).where(*_active_members())
    ).all()
    entries = sorted((Entry(institution, referent) for institution, referent in rows),
                     key=lambda e: (_sort_key(e.institution.arrondissement),
                                    _sort_key(e.institution.short_name)))
    sections = []
    for kind in InstitutionKind:
        of_kind = [e for e in entries if e.institution.kind == kind]
        if not of_kind:
            continue
        section = KindSection(kind)
        for arrondissement, members in groupby(of_kind,
                                               key=lambda e: e.institution.arrondissement):
            label = f"Arrondissement {de(arrondissement)}" if arrondissement else None
            section.groups.append(Group(label, list(members)))
        sections.append(section)
    return sections


def member_page(slug: str) -> Entry:
    """A member institution and its référent; 404 for anything else."""
    if not SLUG_RE.fullmatch(slug):
        abort(404)
    row = db.session.execute(
        select(Institution, User).outerjoin(User, _referent_join())
        .options(joinedload(Institution.commune), joinedload(Institution.police_zone))
        .where(Institution.slug == slug, *_active_members())
    ).first()
    if row is None:
        abort(404)
    return Entry(*row)


def open_annonces(institution_id: int, limit: int = 20) -> list[Annonce]:
    """The institution's open ads, newest first, for its member page."""
    return list(db.session.scalars(
        select(Annonce)
        .where(Annonce.institution_id == institution_id, Annonce.status == AnnonceStatus.OPEN)
        .options(defer(Annonce.body), defer(Annonce.search_text))
        .order_by(Annonce.created_at.desc(), Annonce.id.desc()).limit(limit)
    ))
