"""Models of the platform, one module per domain, re-exported here."""
from app.models.base import Base, UTCDateTime, utcnow
from app.models.institution import KIND_LABELS, Institution, InstitutionKind
from app.models.user import NotificationPreference, User, UserStatus

__all__ = [
    "KIND_LABELS",
    "Base",
    "Institution",
    "InstitutionKind",
    "NotificationPreference",
    "UTCDateTime",
    "User",
    "UserStatus",
    "utcnow",
]
