"""The private iCalendar feed of an institution: its collaborations (either
side) and the end dates of its open annonces, at an unguessable address
that a calendar client polls without a session.

The address holds `Institution.calendar_token`; asking for a new one
replaces it, so the old address stops working (the way to revoke it).
"""
from __future__ import annotations

import secrets

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.audit import record
from app.documents.ical import all_day_event, new_calendar
from app.extensions import db
from app.mail.queue import external_url
from app.models import (
    Annonce,
    AnnonceStatus,
    Collaboration,
    CollaborationStatus,
    Institution,
    User,
)

# Refused and cancelled collaborations will not happen: they leave the agenda.
SHOWN_STATUSES = tuple(status for status in CollaborationStatus
                       if status not in (CollaborationStatus.REFUSEE,
                                         CollaborationStatus.ANNULEE))
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 64  # the column's size: longer paths are not looked up


def institution_by_token(token: str) -> Institution:
    """The active member institution whose feed `token` opens, else 404
    (unknown, replaced, or the institution is no longer an active member).
    The lookup goes through the unique index: no secret is compared in
    Python, so timing tells nothing about the tokens."""
    institution = None
    if len(token) <= MAX_TOKEN_LENGTH:
        institution = db.session.scalar(
            select(Institution).where(Institution.calendar_token == token))
    if institution is None or not institution.is_active_member:
        abort(404)
    return institution


def institution_feed(institution: Institution) -> bytes:
    """The institution's calendar as UTF-8 iCalendar, in two queries
    whatever the number of collaborations and annonces."""
    calendar = new_calendar(
        _("%(institution)s – collaborations et annonces", institution=institution.name),
        f"agenda-{institution.id}")
    for collaboration in _collaborations(institution.id):
        calendar.add_component(_collaboration_event(collaboration, institution.id))
    for annonce_id, title, end_date, updated_at in _annonce_ends(institution.id):
        calendar.add_component(all_day_event(
            f"annonce-{annonce_id}-fin", _("Fin : %(title)s", title=title),
            end_date, end_date, updated_at,
            external_url("annonces.detail", annonce_id=annonce_id),
            _("Dernier jour de votre annonce « %(title)s ».", title=title)))
    return calendar.to_ical()


def _collaborations(institution_id: int) -> list[Collaboration]:
    """Its collaborations that are not refused or cancelled, with both
    institutions (one query)."""
    return list(db.session.scalars(
        select(Collaboration)
        .options(joinedload(Collaboration.provider), joinedload(Collaboration.beneficiary))
        .where((Collaboration.provider_id == institution_id)
               | (Collaboration.beneficiary_id == institution_id),
               Collaboration.status.in_(SHOWN_STATUSES))
        .order_by(Collaboration.start_date, Collaboration.id)))


def _annonce_ends(institution_id: int):
    """(id, title, end_date, updated_at) of its open annonces that have an
    end date."""
    return db.session.execute(
        select(Annonce.id, Annonce.title, Annonce.end_date, Annonce.updated_at)
        .where(Annonce.institution_id == institution_id,
               Annonce.status == AnnonceStatus.OPEN, Annonce.end_date.is_not(None))
        .order_by(Annonce.end_date, Annonce.id)).all()


def _collaboration_event(collaboration: Collaboration, institution_id: int):
    """Worded from the institution's side: "Prêt de matériel à CPAS de
    Paliseul" when it lends, "… par Commune de Bouillon" when it receives.
    A proposal not yet accepted is tentative."""
    kind = collaboration.kind.label
    if collaboration.provider_id == institution_id:
        summary = _("%(kind)s à %(institution)s", kind=kind,
                    institution=collaboration.beneficiary.name)
    else:
        summary = _("%(kind)s par %(institution)s", kind=kind,
                    institution=collaboration.provider.name)
    status = _("Statut : %(status)s", status=collaboration.status.label)
    description = "\n\n".join(part for part in (status, collaboration.description) if part)
    return all_day_event(
        f"collaboration-{collaboration.id}", summary, collaboration.start_date,
        collaboration.end_date, collaboration.updated_at,
        external_url("collaborations.detail", collaboration_id=collaboration.id),
        description, tentative=collaboration.status == CollaborationStatus.PROPOSEE)


def renew_calendar_token(institution: Institution, user: User) -> str:
    """Give the institution a new feed address; the old one, if any, stops
    working at once (the way to revoke an address shared too widely).
    Returns the French confirmation."""
    replaced = institution.calendar_token is not None
    institution.calendar_token = secrets.token_urlsafe(TOKEN_BYTES)
    record("institution.calendar_renewed", institution,
           f"Adresse d'agenda {'remplacée' if replaced else 'créée'} pour {institution.name}",
           actor=user, replaced=replaced)
    db.session.flush()
    if replaced:
        return _("Une nouvelle adresse d'agenda a été créée. L'ancienne ne fonctionne plus.")
    return _("L'adresse de votre agenda est créée.")
