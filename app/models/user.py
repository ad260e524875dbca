"""People who log in: users of member institutions and platform managers."""
from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, str_enum, utcnow
from app.models.institution import Institution


class UserStatus(enum.StrEnum):
    INVITED = "invited"  # account exists, password not chosen yet
    ACTIVE = "active"
    SUSPENDED = "suspended"
    ANONYMISED = "anonymised"


class NotificationPreference(enum.StrEnum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    NEVER = "never"


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, Base):
    """A person of one institution. `session_token` is part of the login
    cookie; renewing it ends every session of the user at once."""

    __tablename__ = "user_account"
    __table_args__ = (
        # One référent per institution, enforced by the database.
        Index(
            "uq_user_account_one_referent",
            "institution_id",
            unique=True,
            sqlite_where=text("is_referent = 1"),
            postgresql_where=text("is_referent"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institution.id"), index=True
    )
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    function: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[UserStatus] = mapped_column(
        str_enum(UserStatus), default=UserStatus.INVITED, index=True
    )
    is_referent: Mapped[bool] = mapped_column(default=False)
    is_manager: Mapped[bool] = mapped_column(default=False)
    consent_share_contact: Mapped[bool] = mapped_column(default=False)
    notification_preference: Mapped[NotificationPreference] = mapped_column(
        str_enum(NotificationPreference), default=NotificationPreference.DAILY
    )
    # Urgent demandes are emailed at once, whatever the digest preference,
    # unless the user turns them off.
    urgent_alerts: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    institution: Mapped[Institution] = relationship(back_populates="users")

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        return self.status == UserStatus.ACTIVE and self.institution.is_active_member

    def end_all_sessions(self) -> None:
        self.session_token = new_session_token()

    def __repr__(self) -> str:
        return f"<User {self.id}>"
