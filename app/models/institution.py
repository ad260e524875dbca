"""Public bodies of the province: the reference list and its members."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    from app.models.user import User


class InstitutionKind(enum.StrEnum):
    COMMUNE = "commune"
    CPAS = "cpas"
    ZONE_POLICE = "zone_police"
    ZONE_SECOURS = "zone_secours"
    PROVINCE = "province"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def plural(self) -> str:
        return KIND_PLURALS[self]


KIND_LABELS = {
    InstitutionKind.COMMUNE: "Commune / Ville",
    InstitutionKind.CPAS: "CPAS",
    InstitutionKind.ZONE_POLICE: "Zone de police",
    InstitutionKind.ZONE_SECOURS: "Zone de secours",
    InstitutionKind.PROVINCE: "Province",
}
KIND_PLURALS = {
    InstitutionKind.COMMUNE: "Communes",
    InstitutionKind.CPAS: "CPAS",
    InstitutionKind.ZONE_POLICE: "Zones de police",
    InstitutionKind.ZONE_SECOURS: "Zones de secours",
    InstitutionKind.PROVINCE: "Province",
}


class Institution(Base):
    """A commune, CPAS, police zone, rescue zone or the province itself.

    Reference institutions are seeded from the official list and become
    members once their registration is approved.
    """

    __tablename__ = "institution"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[InstitutionKind] = mapped_column(
        str_enum(InstitutionKind),
        index=True,
    )
    name: Mapped[str] = mapped_column(String(160), unique=True)
    short_name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    arrondissement: Mapped[str | None] = mapped_column(String(80), index=True)
    postal_code: Mapped[str | None] = mapped_column(String(4))
    commune_id: Mapped[int | None] = mapped_column(
        ForeignKey("institution.id"), index=True
    )
    police_zone_id: Mapped[int | None] = mapped_column(
        ForeignKey("institution.id"), index=True
    )
    is_reference: Mapped[bool] = mapped_column(default=False)
    is_member: Mapped[bool] = mapped_column(default=False, index=True)
    member_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The secret of its private calendar feed (collaborations, its annonces'
    # end dates); None until asked for, replaced to revoke the old address.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    commune: Mapped[Institution | None] = relationship(
        remote_side=[id], foreign_keys=[commune_id]
    )
    police_zone: Mapped[Institution | None] = relationship(
        remote_side=[id], foreign_keys=[police_zone_id]
    )
    users: Mapped[list[User]] = relationship(back_populates="institution")

    @property
    def is_active_member(self) -> bool:
        return self.is_member and self.suspended_at is None and self.retired_at is None

    def __repr__(self) -> str:
        return f"<Institution {self.slug}>"
