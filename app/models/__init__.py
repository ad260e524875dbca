"""Models of the platform, one module per domain, re-exported here."""
from app.models.annonce import (
    CATEGORY_LABELS,
    AddressedTo,
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
from app.models.centrale import (
    Adhesion,
    AdhesionStatus,
    Centrale,
    CentraleDocument,
    CentraleDomain,
    CentraleStatus,
)
from app.models.collaboration import (
    BOOKING_STATUSES,
    LIVE_STATUSES,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    CostTerms,
    SignedConvention,
)
from app.models.institution import KIND_LABELS, Institution, InstitutionKind
from app.models.job import JobRun
from app.models.mission import Mission, MissionDocument
from app.models.modele import (
    TEMPLATE_CATEGORY_LABELS,
    DocumentTemplate,
    TemplateCategory,
    TemplateFile,
    TemplateVersion,
)
from app.models.outbox import OutboxBody, OutboxMessage, OutboxStatus
from app.models.registration import RegistrationRequest, RegistrationStatus
from app.models.report import AnnonceReport, ReportOutcome
from app.models.search_index import is_search_index_object
from app.models.thread import AnnonceThread, ThreadRead
from app.models.token import UsedToken
from app.models.user import NotificationPreference, User, UserStatus

__all__ = [
    "BOOKING_STATUSES",
    "CATEGORY_LABELS",
    "KIND_LABELS",
    "LIVE_STATUSES",
    "TEMPLATE_CATEGORY_LABELS",
    "AddressedTo",
    "Adhesion",
    "AdhesionStatus",
    "Annonce",
    "AnnonceAttachment",
    "AnnonceCategory",
    "AnnonceKind",
    "AnnonceMessage",
    "AnnonceReport",
    "AnnonceStatus",
    "AnnonceThread",
    "AuditEntry",
    "Base",
    "Centrale",
    "CentraleDocument",
    "CentraleDomain",
    "CentraleStatus",
    "Collaboration",
    "CollaborationKind",
    "CollaborationStatus",
    "CostTerms",
    "DocumentTemplate",
    "Institution",
    "InstitutionKind",
    "JobRun",
    "Mission",
    "MissionDocument",
    "NotificationPreference",
    "OutboxBody",
    "OutboxMessage",
    "OutboxStatus",
    "RegistrationRequest",
    "RegistrationStatus",
    "ReportOutcome",
    "SavedSearch",
    "SignedConvention",
    "TemplateCategory",
    "TemplateFile",
    "TemplateVersion",
    "ThreadRead",
    "UTCDateTime",
    "UsedToken",
    "User",
    "UserStatus",
    "is_search_index_object",
    "utcnow",
]
