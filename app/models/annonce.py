"""Annonces: requests (demandes) and offers (offres) between members, their
attachments and the threads that put two institutions in touch."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, str_enum, utcnow
from app.models.institution import Institution
from app.models.user import User


class AnnonceKind(enum.StrEnum):
    DEMANDE = "demande"
    OFFRE = "offre"

    @property
    def label(self) -> str:
        return {"demande": "Demande", "offre": "Offre"}[self.value]

    @property
    def opposite(self) -> AnnonceKind:
        return AnnonceKind.OFFRE if self is AnnonceKind.DEMANDE else AnnonceKind.DEMANDE


class AnnonceCategory(enum.StrEnum):
    SOUTIEN_HUMAIN = "soutien-humain"
    PRET_MATERIEL = "pret-materiel"
    EXPERTISE = "expertise"
    ACHAT_GROUPE = "achat-groupe"
    AUTRE = "autre"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    AnnonceCategory.SOUTIEN_HUMAIN: "Soutien humain",
    AnnonceCategory.PRET_MATERIEL: "Prêt de matériel",
    AnnonceCategory.EXPERTISE: "Expertise",
    AnnonceCategory.ACHAT_GROUPE: "Achat groupé",
    AnnonceCategory.AUTRE: "Autre",
}


class AnnonceStatus(enum.StrEnum):
    OPEN = "ouverte"
    POURVUE = "pourvue"
    ANNULEE = "annulee"
    EXPIREE = "expiree"
    MASQUEE = "masquee"

    @property
    def label(self) -> str:
        return {"ouverte": "Ouverte", "pourvue": "Pourvue", "annulee": "Annulée",
                "expiree": "Expirée", "masquee": "Masquée"}[self.value]


class AddressedTo(enum.StrEnum):
    """Who a demande asks: every member, or the Province (its historic
    arrangement of temporary staff lent to local bodies)."""

    TOUS = "tous"
    PROVINCE = "province"


# The open ads, literally: SQLite and PostgreSQL use a partial index only when
# the query names its condition, not a bound parameter.
OPEN_CONDITION = "status = 'ouverte'"


class Annonce(Base):
    __tablename__ = "annonce"
    __table_args__ = (
        Index("ix_annonce_status_created", "status", "created_at"),
        Index("ix_annonce_status_expires", "status", "expires_on"),
        Index("ix_annonce_institution_created", "institution_id", "created_at"),
        # The default list (open ads) filtered by kind and category, urgent
        # demandes first, then newest: partial, so it never draws the planner
        # away from the status indexes for other lists (queries name the
        # status literally). ix_annonce_open_urgent_expires is after the class.
        Index("ix_annonce_open_kind_category", "kind", "category", "urgent", "created_at",
              sqlite_where=text(OPEN_CONDITION), postgresql_where=text(OPEN_CONDITION)),
        Index("ix_annonce_open_urgent_created", "status", "urgent", "created_at",
              sqlite_where=text(OPEN_CONDITION), postgresql_where=text(OPEN_CONDITION)),
        # Every status at once ("toutes"), newest first, without sorting them all.
        Index("ix_annonce_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))
    kind: Mapped[AnnonceKind] = mapped_column(str_enum(AnnonceKind), index=True)
    category: Mapped[AnnonceCategory] = mapped_column(str_enum(AnnonceCategory), index=True)
    title: Mapped[str] = mapped_column(String(160))
    body: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    quantity: Mapped[str] = mapped_column(String(160), default="")
    # Equipment offers: how many units may be lent on the same day.
    quantity_available: Mapped[int] = mapped_column(default=1, server_default="1")
    broadcast: Mapped[bool] = mapped_column(default=False)
    # The shared body (outbox_body.id) of the emails of its broadcast or urgent
    # alert, to follow their delivery. No foreign key: old bodies may be purged
    # (then there is nothing left to follow), and SQLite would have to rebuild
    # the annonce table, with its search triggers, to add one.
    broadcast_body_id: Mapped[int | None] = mapped_column()
    urgent: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    addressed_to: Mapped[AddressedTo] = mapped_column(
        str_enum(AddressedTo), default=AddressedTo.TOUS, server_default=AddressedTo.TOUS.value)
    first_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[AnnonceStatus] = mapped_column(
        str_enum(AnnonceStatus), default=AnnonceStatus.OPEN)
    expires_on: Mapped[date] = mapped_column(Date)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Accent-free, lower-case text of the ad, indexed for full-text search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    helped_by_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow,
                                                 onupdate=utcnow)

    institution: Mapped[Institution] = relationship(foreign_keys=[institution_id])
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    contact: Mapped[User | None] = relationship(foreign_keys=[contact_id])
    location: Mapped[Institution | None] = relationship(foreign_keys=[location_id])
    helped_by: Mapped[Institution | None] = relationship(foreign_keys=[helped_by_id])
    attachments: Mapped[list[AnnonceAttachment]] = relationship(
        back_populates="annonce", cascade="all, delete-orphan",
        order_by="AnnonceAttachment.id")

    @property
    def is_open(self) -> bool:
        return self.status == AnnonceStatus.OPEN


# The open list sorted by end of publication, urgent demandes first: the
# directions of the sort (urgent DESC, expires_on, id DESC), so that no sort
# is left to do. Declared here, where the columns exist.
Index("ix_annonce_open_urgent_expires", Annonce.status, Annonce.urgent.desc(),
      Annonce.expires_on, Annonce.id.desc(),
      sqlite_where=text(OPEN_CONDITION), postgresql_where=text(OPEN_CONDITION))


class AnnonceAttachment(Base):
    """A file joined to an ad, stored under a random name in UPLOAD_FOLDER."""

    __tablename__ = "annonce_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    annonce_id: Mapped[int] = mapped_column(
        ForeignKey("annonce.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(80))
    size: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    annonce: Mapped[Annonce] = relationship(back_populates="attachments")


class AnnonceMessage(Base):
    """One message of the thread between the ad's institution and one
    responding institution (`partner_id`)."""

    __tablename__ = "annonce_message"
    __table_args__ = (Index("ix_annonce_message_thread", "annonce_id", "partner_id",
                            "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    annonce_id: Mapped[int] = mapped_column(ForeignKey("annonce.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    sender_institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    sender_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    annonce: Mapped[Annonce] = relationship()
    partner: Mapped[Institution] = relationship(foreign_keys=[partner_id])
    sender_institution: Mapped[Institution] = relationship(
        foreign_keys=[sender_institution_id])
    sender: Mapped[User | None] = relationship()


class SavedSearch(Base):
    """A list filter saved by a user as an email alert."""

    __tablename__ = "saved_search"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(160))
    query_string: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Ads created after this moment are new for the alert.
    last_checked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()
