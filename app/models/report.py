"""Reports: a member tells the platform managers that an annonce is wrong."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.annonce import Annonce
from app.models.base import Base, UTCDateTime, str_enum, utcnow
from app.models.institution import Institution
from app.models.user import User


class ReportOutcome(enum.StrEnum):
    HIDDEN = "masquee"  # the manager hid the annonce
    DISMISSED = "rejete"  # the manager found nothing wrong


class AnnonceReport(Base):
    """One report of one user on one annonce (once per user and annonce).
    Open until a manager hides the annonce or dismisses the report; the
    reporter is never named to the annonce's author."""

    __tablename__ = "annonce_report"
    __table_args__ = (
        UniqueConstraint("annonce_id", "user_id"),
        Index("ix_annonce_report_open", "resolved_at", "annonce_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    annonce_id: Mapped[int] = mapped_column(ForeignKey("annonce.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[ReportOutcome | None] = mapped_column(str_enum(ReportOutcome))
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    annonce: Mapped[Annonce] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    institution: Mapped[Institution] = relationship()
