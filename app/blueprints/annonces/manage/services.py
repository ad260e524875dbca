"""Publishing and editing annonces, with their attachments.

Routes commit once; these functions check the rules, change the models,
queue emails, write the audit log and only flush. A refused input raises
`FieldErrors` with French messages by form field, after removing any
file already stored for the request.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from app.audit import record
from app.blueprints.annonces.attachments.services import (
    attach,
    discard,
    store_files,
    too_many_problem,
)
from app.blueprints.annonces.manage.mass_mail import (
    alert_if_urgent,
    broadcast_problem,
    urgent_alert_due,
)
from app.blueprints.annonces.notifications import emails
from app.blueprints.annonces.notifications.new_annonces import notify_new_annonce_immediately
from app.blueprints.annonces.search import refresh_search_text
from app.blueprints.collaborations.availability import (
    booked_units,
    is_equipment_offer,
    lock_offer,
)
from app.domain import FieldErrors
from app.extensions import db
from app.localtime import brussels_today
from app.models import (
    BOOKING_STATUSES,
    AddressedTo,
    Annonce,
    AnnonceCategory,
    AnnonceKind,
    AnnonceStatus,
    Collaboration,
    Institution,
    InstitutionKind,
    User,
    UserStatus,
    utcnow,
)
from app.uploads import StoredFile

DEFAULT_LIFETIME = timedelta(days=60)
MAX_LIFETIME = timedelta(days=365)
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=2)
MAX_UNITS = 999
END_BEFORE_START = "La date de fin doit être égale ou postérieure à la date de début."


@dataclass
class AnnonceData:
    """What the author chose. A None contact, location or expiry means the
    default: the author, the institution's commune, today + 60 days."""

    kind: AnnonceKind
    category: AnnonceCategory
    title: str
    body: str = ""
    start_date: date | None = None
    end_date: date | None = None
    quantity: str = ""
    location_id: int | None = None
    contact_id: int | None = None
    expires_on: date | None = None
    broadcast: bool = False
    # Demandes only (the form stores False and TOUS for an offer).
    urgent: bool = False
    addressed_to: AddressedTo = AddressedTo.TOUS
    # Offers of equipment only (`is_equipment_offer`): units lent at once.
    quantity_available: int = 1


@dataclass
class _Checked:
    contact: User
    location: Institution | None
    expires_on: date


def date_text(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def default_location(institution: Institution) -> Institution | None:
    """The commune an institution's ads are located in by default."""
    if institution.kind == InstitutionKind.COMMUNE:
        commune = institution
    elif institution.kind == InstitutionKind.CPAS:
        commune = institution.commune
    else:
        commune = None
    return commune if commune is not None and commune.retired_at is None else None


def expiry_bounds(today: date | None = None) -> tuple[date, date]:
    """The earliest and latest end of publication an author may choose."""
    today = today or brussels_today()
    return today + timedelta(days=1), today + MAX_LIFETIME


def create_annonce(author: User, data: AnnonceData,
                   files: Sequence[FileStorage] = ()) -> Annonce:
    """Publish an ad of `author`'s institution; broadcast it if asked, else
    tell the members who want every new ad at once; tell the authors of
    matching ads. The same ad posted again moments later (a
    double click) is not published twice: the first one is returned."""
    duplicate = _just_posted(author, data)
    if duplicate is not None:
        return duplicate
    checked = _check(author, author.institution, data, None, files)
    stored = store_files(files)
    try:
        annonce = Annonce(institution=author.institution, author=author,
                          status=AnnonceStatus.OPEN, broadcast=data.broadcast)
        _apply(annonce, data, checked, stored)
        db.session.add(annonce)
        db.session.flush()
        record("annonce.created", annonce, summary=annonce.title, actor=author)
        if data.broadcast:
            count = emails.send_broadcast(annonce)
            record("annonce.broadcast", annonce, summary=annonce.title, actor=author,
                   recipients=count)
        alert_if_urgent(annonce, author)
        notify_new_annonce_immediately(annonce)
        emails.send_match_emails(annonce)
    except Exception:
        discard(stored)
        raise
    return annonce


def update_annonce(annonce: Annonce, editor: User, data: AnnonceData,
                   files: Sequence[FileStorage] = ()) -> Annonce:
    """Change an ad of the editor's institution and add the new files."""
    checked = _check(editor, annonce.institution, data, annonce, files)
    stored = store_files(files)
    try:
        if checked.expires_on != annonce.expires_on:
            annonce.reminder_sent_at = None
        _apply(annonce, data, checked, stored)
        db.session.flush()
        record("annonce.updated", annonce, summary=annonce.title, actor=editor)
        alert_if_urgent(annonce, editor)
    except Exception:
        discard(stored)
        raise
    return annonce


def _just_posted(author: User, data: AnnonceData) -> Annonce | None:
    return db.session.scalar(
        select(Annonce).where(
            # The institution lets the database use ix_annonce_institution_created.
            Annonce.institution_id == author.institution_id,
            Annonce.author_id == author.id, Annonce.title == data.title,
            Annonce.kind == data.kind, Annonce.category == data.category,
            Annonce.body == data.body, Annonce.created_at >= utcnow() - DOUBLE_SUBMIT_WINDOW)
        .order_by(Annonce.id.desc()).limit(1)
    )


def _check(actor: User, institution: Institution, data: AnnonceData,
           annonce: Annonce | None, files: Sequence[FileStorage]) -> _Checked:
    errors: dict[str, str] = {}
    contact = _contact(actor, institution, data.contact_id)
    if contact is None:
        errors["contact"] = "Choisissez une personne de votre institution dans la liste."
    location, location_valid = _location(institution, data.location_id, annonce)
    if not location_valid:
        errors["location"] = "Choisissez une commune de la province dans la liste."
    if data.start_date and data.end_date and data.end_date < data.start_date:
        errors["end_date"] = END_BEFORE_START
    expires_on = _expiry(data.expires_on, annonce, errors)
    existing = len(annonce.attachments) if annonce is not None else 0
    problem = too_many_problem(existing, len(files))
    if problem:
        errors["attachments"] = problem
    mails_all = [name for name, asked in (("broadcast", data.broadcast),
                                           ("urgent", urgent_alert_due(annonce, data))) if asked]
    if mails_all:
        problem = broadcast_problem(institution)
        if problem:
            errors.update(dict.fromkeys(mails_all, problem))
    if annonce is not None:
        problem = units_problem(annonce, data)
        if problem:
            errors["quantity_available"] = problem
    if errors:
        raise FieldErrors(errors)
    return _Checked(contact, location, expires_on)


def _contact(actor: User, institution: Institution, contact_id: int | None) -> User | None:
    if contact_id is None:
        return actor
    contact = db.session.get(User, contact_id)
    if contact is None or contact.institution_id != institution.id \
            or contact.status != UserStatus.ACTIVE:
        return None
    return contact


def _location(institution: Institution, location_id: int | None,
              annonce: Annonce | None) -> tuple[Institution | None, bool]:
    """(the commune chosen or the default one, whether the choice is valid).
    An ad keeps its commune even if that commune has since merged."""
    if location_id is None:
        return default_location(institution), True
    if annonce is not None and location_id == annonce.location_id:
        return annonce.location, True
    location = db.session.get(Institution, location_id)
    valid = location is not None and location.kind == InstitutionKind.COMMUNE \
        and location.retired_at is None
    return (location if valid else None), valid


def _expiry(chosen: date | None, annonce: Annonce | None, errors: dict[str, str]) -> date:
    today = brussels_today()
    if chosen is None:
        return annonce.expires_on if annonce is not None else today + DEFAULT_LIFETIME
    earliest, latest = expiry_bounds(today)
    unchanged = annonce is not None and chosen == annonce.expires_on
    if not unchanged and not earliest <= chosen <= latest:
        errors["expires_on"] = (f"Choisissez une date entre le {date_text(earliest)} "
                                f"et le {date_text(latest)}.")
    return chosen


def units_problem(annonce: Annonce, data: AnnonceData) -> str | None:
    """Why an offer of equipment may not lend fewer units now, or None: from
    today on, its accepted or signed bookings already hold more on some day.
    Days gone by do not count: what was lent then is not lent again. The
    offer is locked first, as an acceptance does, so that neither misses
    the other."""
    if not is_equipment_offer(data) or data.quantity_available >= annonce.quantity_available:
        return None
    lock_offer(annonce)
    today = brussels_today()
    last = db.session.scalar(select(func.max(Collaboration.end_date)).where(
        Collaboration.annonce_id == annonce.id, Collaboration.status.in_(BOOKING_STATUSES),
        Collaboration.end_date >= today))
    if last is None:
        return None
    booked = booked_units(annonce.id, today, last)
    over = sorted(day for day, units in booked.items() if units > data.quantity_available)
    if not over:
        return None
    return _("Des réservations acceptées ou signées comptent déjà %(units)d unités le "
             "%(day)s : indiquez au moins %(needed)d unités, ou annulez d'abord des "
             "réservations.", units=booked[over[0]], day=date_text(over[0]),
             needed=max(booked.values()))


def _apply(annonce: Annonce, data: AnnonceData, checked: _Checked,
           stored: list[StoredFile]) -> None:
    annonce.kind = data.kind
    annonce.category = data.category
    annonce.title = data.title
    annonce.body = data.body
    annonce.start_date = data.start_date
    annonce.end_date = data.end_date
    annonce.quantity = data.quantity
    annonce.quantity_available = data.quantity_available if is_equipment_offer(data) else 1
    demande = data.kind == AnnonceKind.DEMANDE
    annonce.urgent = data.urgent and demande
    annonce.addressed_to = data.addressed_to if demande else AddressedTo.TOUS
    annonce.contact = checked.contact
    annonce.location = checked.location
    annonce.expires_on = checked.expires_on
    attach(annonce, stored)
    refresh_search_text(annonce)
