"""Purchasing centrals (centrales d'achats) of the Province, their public
documents and the adhesions of member institutions."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, str_enum, utcnow
from app.models.files import StoredFileMixin
from app.models.institution import Institution
from app.models.user import User


class CentraleDomain(enum.StrEnum):
    FOURNITURES = "fournitures"
    SERVICES = "services"
    TRAVAUX = "travaux"

    @property
    def label(self) -> str:
        return {"fournitures": "Fournitures", "services": "Services",
                "travaux": "Travaux"}[self.value]


class CentraleStatus(enum.StrEnum):
    """Derived from the dates, never stored."""

    OUVERTE = "ouverte"
    EN_COURS = "en-cours"
    CLOTUREE = "cloturee"

    @property
    def label(self) -> str:
        return {"ouverte": "Ouverte aux adhésions", "en-cours": "En cours",
                "cloturee": "Clôturée"}[self.value]


class Centrale(Base):
    __tablename__ = "centrale"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    domain: Mapped[CentraleDomain] = mapped_column(str_enum(CentraleDomain), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    reference: Mapped[str] = mapped_column(String(80), default="")
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    adhesion_deadline: Mapped[date | None] = mapped_column(Date)
    is_published: Mapped[bool] = mapped_column(default=False, index=True)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    documents: Mapped[list[CentraleDocument]] = relationship(
        back_populates="centrale", cascade="all, delete-orphan",
        order_by="(CentraleDocument.position, CentraleDocument.id)")

    def status_on(self, today: date) -> CentraleStatus:
        return centrale_status_on(self.valid_until, self.adhesion_deadline, today)


def centrale_status_on(valid_until: date | None, adhesion_deadline: date | None,
                       today: date) -> CentraleStatus:
    """Clôturée after its validity; open to adhesions until the deadline
    (always, without one); en cours in between."""
    if valid_until is not None and today > valid_until:
        return CentraleStatus.CLOTUREE
    if adhesion_deadline is None or today <= adhesion_deadline:
        return CentraleStatus.OUVERTE
    return CentraleStatus.EN_COURS


class CentraleDocument(StoredFileMixin, Base):
    __tablename__ = "centrale_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    centrale_id: Mapped[int] = mapped_column(
        ForeignKey("centrale.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)

    centrale: Mapped[Centrale] = relationship(back_populates="documents")


class AdhesionStatus(enum.StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return {"pending": "Demande en attente", "confirmed": "Adhésion confirmée",
                "declined": "Adhésion refusée"}[self.value]


class Adhesion(Base):
    """A member institution's request to join a central."""

    __tablename__ = "adhesion"
    __table_args__ = (UniqueConstraint("centrale_id", "institution_id",
                                       name="uq_adhesion_centrale_institution"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centrale_id: Mapped[int] = mapped_column(
        ForeignKey("centrale.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    status: Mapped[AdhesionStatus] = mapped_column(
        str_enum(AdhesionStatus), default=AdhesionStatus.PENDING, index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    decline_reason: Mapped[str] = mapped_column(Text, default="")

    centrale: Mapped[Centrale] = relationship()
    institution: Mapped[Institution] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
