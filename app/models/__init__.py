"""Models of the platform, one module per domain, re-exported here."""
from app.models.audit import AuditEntry
from app.models.base import Base, UTCDateTime, utcnow
from app.models.institution import KIND_LABELS, Institution, InstitutionKind
from app.models.outbox import OutboxMessage, OutboxStatus
from app.models.registration import RegistrationRequest, RegistrationStatus
from app.models.token import UsedToken
from app.models.user import NotificationPreference, User, UserStatus

__all__ = [
    "KIND_LABELS",
    "AuditEntry",
    "Base",
    "Institution",
    "InstitutionKind",
    "NotificationPreference",
    "OutboxMessage",
    "OutboxStatus",
    "RegistrationRequest",
    "RegistrationStatus",
    "UTCDateTime",
    "UsedToken",
    "User",
    "UserStatus",
    "utcnow",
]
