"""Collaborations: what two institutions agree once an annonce has put them
in touch. One institution (the provider) lends staff or equipment to the
other (the beneficiary) for dates, under a convention."""
from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.annonce import Annonce
from app.models.base import Base, UTCDateTime, str_enum, utcnow
from app.models.files import StoredFileMixin
from app.models.institution import Institution
from app.models.user import User


class CollaborationKind(enum.StrEnum):
    PERSONNEL = "personnel"
    MATERIEL = "materiel"

    @property
    def label(self) -> str:
        return str({"personnel": _l("Mise à disposition de personnel"),
                    "materiel": _l("Prêt de matériel")}[self.value])


class CollaborationStatus(enum.StrEnum):
    """Stored states. "En cours" is shown between the dates, never stored."""

    PROPOSEE = "proposee"
    ACCEPTEE = "acceptee"
    REFUSEE = "refusee"
    SIGNEE = "signee"
    TERMINEE = "terminee"
    ANNULEE = "annulee"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    CollaborationStatus.PROPOSEE: _l("Proposée"),
    CollaborationStatus.ACCEPTEE: _l("Acceptée"),
    CollaborationStatus.REFUSEE: _l("Refusée"),
    CollaborationStatus.SIGNEE: _l("Convention signée"),
    CollaborationStatus.TERMINEE: _l("Terminée"),
    CollaborationStatus.ANNULEE: _l("Annulée"),
}
# Agreed and not over: these hold units of an equipment offer.
BOOKING_STATUSES = (CollaborationStatus.ACCEPTEE, CollaborationStatus.SIGNEE)
# Not yet ended or stopped: the states in which a collaboration may be cancelled.
LIVE_STATUSES = (CollaborationStatus.PROPOSEE, CollaborationStatus.ACCEPTEE,
                 CollaborationStatus.SIGNEE)


class CostTerms(enum.StrEnum):
    GRATUIT = "gratuit"
    FRAIS = "frais"
    TARIF = "tarif"

    @property
    def label(self) -> str:
        return str({"gratuit": _l("Gratuit"),
                    "frais": _l("Remboursement des frais réels"),
                    "tarif": _l("Tarif journalier")}[self.value])


class Collaboration(Base):
    __tablename__ = "collaboration"
    __table_args__ = (
        Index("ix_collaboration_provider_status", "provider_id", "status"),
        Index("ix_collaboration_beneficiary_status", "beneficiary_id", "status"),
        Index("ix_collaboration_annonce_status", "annonce_id", "status"),
        Index("ix_collaboration_status_end", "status", "end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    annonce_id: Mapped[int] = mapped_column(ForeignKey("annonce.id"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    # The side that proposed; the other side accepts or refuses.
    proposer_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    kind: Mapped[CollaborationKind] = mapped_column(str_enum(CollaborationKind))
    status: Mapped[CollaborationStatus] = mapped_column(
        str_enum(CollaborationStatus), default=CollaborationStatus.PROPOSEE)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[int] = mapped_column(default=1)
    days_planned: Mapped[int | None] = mapped_column()
    schedule: Mapped[str] = mapped_column(String(300), default="")
    place: Mapped[str] = mapped_column(String(300), default="")
    cost_terms: Mapped[CostTerms] = mapped_column(str_enum(CostTerms),
                                                  default=CostTerms.GRATUIT)
    daily_rate: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    value_per_day: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    notes: Mapped[str] = mapped_column(Text, default="")
    # Refusal or cancellation: why, and by which side.
    reason: Mapped[str] = mapped_column(Text, default="")
    stopped_by_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Staff: the person-days done, given by the beneficiary at the end.
    days_done: Mapped[int | None] = mapped_column()
    # Equipment: returned in good order or not, and a remark, by the provider.
    returned_ok: Mapped[bool | None] = mapped_column()
    return_remark: Mapped[str] = mapped_column(Text, default="")
    # Each side's deciding body (Collège communal, Conseil de l'action sociale…).
    provider_approval_body: Mapped[str] = mapped_column(String(120), default="")
    provider_approved_on: Mapped[date | None] = mapped_column(Date)
    beneficiary_approval_body: Mapped[str] = mapped_column(String(120), default="")
    beneficiary_approved_on: Mapped[date | None] = mapped_column(Date)
    # Reminders already sent (jobs run), so that each goes once.
    start_reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    end_reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    overdue_reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow,
                                                 onupdate=utcnow)

    annonce: Mapped[Annonce] = relationship()
    provider: Mapped[Institution] = relationship(foreign_keys=[provider_id])
    beneficiary: Mapped[Institution] = relationship(foreign_keys=[beneficiary_id])
    proposer: Mapped[Institution] = relationship(foreign_keys=[proposer_id])
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    stopped_by: Mapped[Institution | None] = relationship(foreign_keys=[stopped_by_id])
    signed_conventions: Mapped[list[SignedConvention]] = relationship(
        back_populates="collaboration", cascade="all, delete-orphan",
        order_by="SignedConvention.id")

    @property
    def days(self) -> int:
        """Calendar days from start to end, both included."""
        return (self.end_date - self.start_date).days + 1

    def side_of(self, institution_id: int | None) -> str | None:
        """"provider", "beneficiary" or None for an institution."""
        if institution_id == self.provider_id:
            return "provider"
        if institution_id == self.beneficiary_id:
            return "beneficiary"
        return None

    def other_side_id(self, institution_id: int) -> int:
        return self.beneficiary_id if institution_id == self.provider_id else self.provider_id

    @property
    def responder_id(self) -> int:
        """The side that accepts or refuses the proposal."""
        return self.other_side_id(self.proposer_id)

    @property
    def signed_convention(self) -> SignedConvention | None:
        return self.signed_conventions[-1] if self.signed_conventions else None

    def is_current(self, today: date) -> bool:
        """Agreed and between its dates: shown as "en cours"."""
        return (self.status in BOOKING_STATUSES
                and self.start_date <= today <= self.end_date)


class SignedConvention(StoredFileMixin, Base):
    """The signed convention (PDF) uploaded by either side; the latest one
    counts, earlier ones are kept."""

    __tablename__ = "collaboration_signed_convention"

    id: Mapped[int] = mapped_column(primary_key=True)
    collaboration_id: Mapped[int] = mapped_column(
        ForeignKey("collaboration.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    collaboration: Mapped[Collaboration] = relationship(back_populates="signed_conventions")
    institution: Mapped[Institution] = relationship()
