"""Columns shared by every stored file (see `app.uploads`)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from app.models.base import UTCDateTime, utcnow


class StoredFileMixin:
    """A file kept in UPLOAD_FOLDER under a random name; the user's file
    name is kept only to name the download."""

    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @declared_attr
    def stored_name(cls) -> Mapped[str]:
        return mapped_column(String(80), unique=True)
