"""Models of the platform, one module per domain, re-exported here."""
from app.models.annonce import (
    CATEGORY_LABELS,
    Annonce,
    AnnonceAttachment,
    AnnonceCategory,
    AnnonceKind,
    AnnonceMessage,
    AnnonceStatus,
    SavedSearch,
)
from app.models.audit import AuditEntry
from app.models.base import Base, UTCDateTime, utcnow
from app.models.institution import KIND_LABELS, Institution, InstitutionKind
from app.models.job import JobRun
from app.models.outbox import OutboxMessage, OutboxStatus
from app.models.registration import RegistrationRequest, RegistrationStatus
from app.models.search_index import is_search_index_object
from app.models.token import UsedToken
from app.models.user import NotificationPreference, User, UserStatus

__all__ = [
    "CATEGORY_LABELS",
    "KIND_LABELS",
    "Annonce",
    "AnnonceAttachment",
    "AnnonceCategory",
    "AnnonceKind",
    "AnnonceMessage",
    "AnnonceStatus",
    "AuditEntry",
    "Base",
    "Institution",
    "InstitutionKind",
    "JobRun",
    "NotificationPreference",
    "OutboxMessage",
    "OutboxStatus",
    "RegistrationRequest",
    "RegistrationStatus",
    "SavedSearch",
    "UTCDateTime",
    "UsedToken",
    "User",
    "UserStatus",
    "is_search_index_object",
    "utcnow",
]
