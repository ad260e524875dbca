"""The email outbox: every message is a row written with the change that
caused it, delivered later by `app.mail.delivery`.

A broadcast to every member (2 000 users) is rendered once: its text and
HTML are stored once in `outbox_body`, and each recipient's row points to
them instead of carrying its own copy (4 KB each)."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from app.models.base import Base, UTCDateTime, str_enum, utcnow


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DEAD = "dead"

    @property
    def label(self) -> str:
        return {"pending": "En attente", "sending": "En cours d'envoi",
                "sent": "Envoyé", "dead": "Échec définitif"}[self.value]


class OutboxBody(Base):
    """The two parts of a message shared by several outbox rows."""

    __tablename__ = "outbox_body"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class OutboxMessage(Base):
    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    reply_to: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(250))
    # The message's own parts; NULL when it uses the shared `body`. Read and
    # write them as `body_text` and `body_html` (below): an own part wins over
    # the shared one, so anonymisation can blank one recipient's copy.
    own_text: Mapped[str | None] = mapped_column("body_text", Text)
    own_html: Mapped[str | None] = mapped_column("body_html", Text)
    body_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_body.id"), index=True)
    template: Mapped[str] = mapped_column(String(80))
    # Holds a personal secret link (activation, reset, invitation).
    sensitive: Mapped[bool] = mapped_column(default=False)
    status: Mapped[OutboxStatus] = mapped_column(
        str_enum(OutboxStatus), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claim_token: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    body: Mapped[OutboxBody | None] = relationship()

    def _text(self) -> str | None:
        if self.own_text is not None or self.body is None:
            return self.own_text
        return self.body.body_text

    def _set_text(self, value: str | None) -> None:
        self.own_text = value

    def _html(self) -> str | None:
        if self.own_html is not None or self.body is None:
            return self.own_html
        return self.body.body_html

    def _set_html(self, value: str | None) -> None:
        self.own_html = value

    # The parts as sent: on an instance, the own part, else the shared one;
    # in a query, the own column.
    body_text = synonym("own_text", descriptor=property(_text, _set_text))
    body_html = synonym("own_html", descriptor=property(_html, _set_html))
