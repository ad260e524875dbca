"""Proposing a collaboration from an annonce.

Either side proposes once in touch: the ad's institution names one of the
institutions that answered, an answering institution proposes to the ad's
institution. Either may be the provider. The other side then accepts or
refuses it (`steps`). Services only flush; views commit through
`run_service`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select

from app.audit import record
from app.blueprints.collaborations.access import is_in_touch, partners_in_touch
from app.blueprints.collaborations.availability import first_overbooked_day, is_equipment_offer
from app.blueprints.collaborations.emails import send_step
from app.domain import FieldErrors
from app.extensions import db
from app.localtime import brussels_today
from app.models import (
    Annonce,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    CostTerms,
    User,
    utcnow,
)
from app.web.templating import date_fr

# A collaboration may be recorded after the fact, but not long after.
EARLIEST_START = timedelta(days=90)
LONGEST = timedelta(days=366)
LATEST_START = timedelta(days=730)
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=5)


@dataclass(frozen=True)
class ProposalData:
    provider: str  # "nous" or "partenaire": who lends
    kind: CollaborationKind
    start_date: date
    end_date: date
    description: str
    quantity: int
    days_planned: int | None
    schedule: str
    place: str
    cost_terms: CostTerms
    daily_rate: Decimal | None
    value_per_day: Decimal | None
    notes: str
    partner_id: int | None = None  # only when the ad's institution proposes


def overbooked_message(day: date) -> str:
    return _("Le matériel n'est plus disponible en nombre suffisant le %(day)s : "
             "choisissez d'autres dates ou une quantité plus petite.", day=date_fr(day))


def _partner_id(annonce: Annonce, user: User, data: ProposalData) -> int:
    """The other side: the institution chosen among those that answered, or
    the ad's institution for an answering one."""
    if user.institution_id != annonce.institution_id:
        if not is_in_touch(annonce, user.institution_id):
            abort(404)
        return annonce.institution_id
    if data.partner_id not in {partner.id for partner in partners_in_touch(annonce)}:
        raise FieldErrors({"partner": _("Choisissez une des institutions qui ont répondu "
                                        "à l'annonce.")})
    return data.partner_id


def _check_dates(data: ProposalData) -> None:
    if data.start_date < brussels_today() - EARLIEST_START:
        raise FieldErrors({"start_date": _(
            "La date de début ne peut pas remonter à plus de 90 jours.")})
    if data.start_date > brussels_today() + LATEST_START:
        raise FieldErrors({"start_date": _(
            "La date de début ne peut pas dépasser deux ans à partir d'aujourd'hui.")})
    if data.end_date - data.start_date >= LONGEST:
        raise FieldErrors({"end_date": _(
            "Une collaboration dure au plus un an : proposez-en une nouvelle pour la suite.")})


def _check_units(annonce: Annonce, provider_id: int, data: ProposalData) -> None:
    """An equipment offer lent by its own institution has a number of units."""
    if not (data.kind == CollaborationKind.MATERIEL and is_equipment_offer(annonce)
            and provider_id == annonce.institution_id):
        return
    day = first_overbooked_day(annonce, data.start_date, data.end_date, data.quantity)
    if day is not None:
        raise FieldErrors({"quantity": overbooked_message(day)})


def _just_proposed(annonce: Annonce, user: User, provider_id: int, beneficiary_id: int,
                   data: ProposalData) -> Collaboration | None:
    return db.session.scalar(select(Collaboration).where(
        Collaboration.annonce_id == annonce.id, Collaboration.proposed_by_id == user.id,
        Collaboration.provider_id == provider_id,
        Collaboration.beneficiary_id == beneficiary_id,
        Collaboration.status == CollaborationStatus.PROPOSEE,
        Collaboration.start_date == data.start_date, Collaboration.end_date == data.end_date,
        Collaboration.created_at >= utcnow() - DOUBLE_SUBMIT_WINDOW).limit(1))


def propose_collaboration(annonce: Annonce, user: User, data: ProposalData) -> Collaboration:
    """Record a proposal and email it to the other side. A double submit
    returns the proposal already made."""
    partner_id = _partner_id(annonce, user, data)
    provider_id = user.institution_id if data.provider == "nous" else partner_id
    beneficiary_id = partner_id if provider_id == user.institution_id else user.institution_id
    _check_dates(data)
    _check_units(annonce, provider_id, data)
    duplicate = _just_proposed(annonce, user, provider_id, beneficiary_id, data)
    if duplicate is not None:
        return duplicate
    personnel = data.kind == CollaborationKind.PERSONNEL
    collaboration = Collaboration(
        annonce=annonce, provider_id=provider_id, beneficiary_id=beneficiary_id,
        proposer_id=user.institution_id, proposed_by=user, kind=data.kind,
        start_date=data.start_date, end_date=data.end_date, description=data.description,
        quantity=data.quantity, days_planned=data.days_planned if personnel else None,
        schedule=data.schedule, place=data.place, cost_terms=data.cost_terms,
        daily_rate=data.daily_rate if data.cost_terms == CostTerms.TARIF else None,
        value_per_day=data.value_per_day, notes=data.notes)
    db.session.add(collaboration)
    db.session.flush()
    send_step(collaboration, "proposed", user)
    record("collaboration.proposed", collaboration,
           f"{user.institution.name} propose une collaboration sur « {annonce.title} »",
           actor=user, annonce_id=annonce.id, partner_id=partner_id)
    return collaboration
