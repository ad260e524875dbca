"""The choices of the selects of the annonce forms (commune, contact person,
institution that helped), sorted for French readers. One query each."""
from __future__ import annotations

from sqlalchemy import select
from wtforms import SelectChoice

from app.blueprints.annonces.search import normalise
from app.extensions import db
from app.models import Institution, InstitutionKind, User, UserStatus

Choices = list[SelectChoice]


def _by_label(choices: Choices) -> Choices:
    """Sorted as a French reader expects: "Érezée" next to "Etalle"."""
    return sorted(choices, key=lambda choice: normalise(choice.label))


def commune_choices() -> Choices:
    """The communes of the province (not merged away), by name."""
    rows = db.session.execute(
        select(Institution.id, Institution.short_name).where(
            Institution.kind == InstitutionKind.COMMUNE, Institution.retired_at.is_(None))
    ).all()
    return _by_label([SelectChoice(str(row.id), row.short_name) for row in rows])


def contact_choices(institution_id: int) -> Choices:
    """The active users of an institution, who can be an ad's contact."""
    rows = db.session.execute(
        select(User.id, User.name, User.function).where(
            User.institution_id == institution_id, User.status == UserStatus.ACTIVE)
    ).all()
    return _by_label([SelectChoice(str(row.id), f"{row.name} ({row.function})"
                                   if row.function else row.name) for row in rows])


def helper_choices(institution_id: int) -> Choices:
    """The member institutions that may have helped, the ad's own excepted."""
    rows = db.session.execute(
        select(Institution.id, Institution.name).where(
            Institution.is_member.is_(True), Institution.retired_at.is_(None),
            Institution.id != institution_id)
    ).all()
    return _by_label([SelectChoice(str(row.id), row.name) for row in rows])
