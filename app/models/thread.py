"""Conversations between two institutions about an annonce, summarised per
thread, and each user's read marker: what makes "unread" cheap to count."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.annonce import Annonce
from app.models.base import Base, UTCDateTime, utcnow
from app.models.institution import Institution


class AnnonceThread(Base):
    """One thread (an annonce and one responding institution): who is on
    each side and when it last moved. Kept by the service that adds a
    message, so that lists and unread counts never scan the messages."""

    __tablename__ = "annonce_thread"
    __table_args__ = (
        UniqueConstraint("annonce_id", "partner_id"),
        Index("ix_annonce_thread_owner_last", "owner_id", "last_message_at"),
        Index("ix_annonce_thread_partner_last", "partner_id", "last_message_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    annonce_id: Mapped[int] = mapped_column(ForeignKey("annonce.id", ondelete="CASCADE"))
    # The two sides: the ad's institution (owner) and the responding one (partner).
    owner_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_sender_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    message_count: Mapped[int] = mapped_column(default=0)

    annonce: Mapped[Annonce] = relationship()
    owner: Mapped[Institution] = relationship(foreign_keys=[owner_id])
    partner: Mapped[Institution] = relationship(foreign_keys=[partner_id])


class ThreadRead(Base):
    """When a user last opened a thread: messages of the other side after
    it are unread for that user (colleagues read independently)."""

    __tablename__ = "thread_read"
    __table_args__ = (UniqueConstraint("user_id", "thread_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    thread_id: Mapped[int] = mapped_column(ForeignKey("annonce_thread.id", ondelete="CASCADE"),
                                           index=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
