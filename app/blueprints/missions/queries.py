"""Reading the published missions: the list grouped by theme, one mission
(unpublished ones only for managers) and its documents."""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Mission, MissionDocument, User


@dataclass(frozen=True)
class Theme:
    name: str
    missions: list[Mission]


def missions_by_theme() -> list[Theme]:
    """Published missions, grouped by theme; themes come in the order of
    their first mission (one query)."""
    missions = db.session.scalars(
        select(Mission).where(Mission.is_published.is_(True))
        .order_by(Mission.position, Mission.id)
    )
    groups: dict[str, list[Mission]] = {}
    for mission in missions:
        groups.setdefault(mission.theme, []).append(mission)
    return [Theme(name, items) for name, items in groups.items()]


def visible_mission(slug: str, user: User) -> Mission:
    """The mission with its documents; 404 if unknown, or unpublished for
    anyone but a manager."""
    mission = db.session.scalar(
        select(Mission).where(Mission.slug == slug)
        .options(selectinload(Mission.documents))
    )
    if mission is None or not (mission.is_published or user.is_manager):
        abort(404)
    return mission


def visible_document(slug: str, document_id: int, user: User) -> MissionDocument:
    """A document of a mission the user may see, else 404."""
    row = db.session.execute(
        select(MissionDocument, Mission.is_published)
        .join(MissionDocument.mission)
        .where(Mission.slug == slug, MissionDocument.id == document_id)
    ).first()
    if row is None or not (row.is_published or user.is_manager):
        abort(404)
    return row.MissionDocument
