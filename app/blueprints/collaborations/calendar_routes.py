"""The month calendar of an equipment offer's bookings:
`/annonces/<id>/calendrier?mois=YYYY-MM` (docs/requirements.md, S2.9).

Every member who may see the offer sees how many units are booked each day;
who booked them (the list under the table) only the offer's institution and
the managers see, since other members have no business knowing who borrowed
what. The previous and next months are plain links that htmx follows to
swap the calendar alone.
"""
from __future__ import annotations

import re
from calendar import Calendar, monthrange
from dataclasses import dataclass
from datetime import date

from babel.dates import get_day_names
from flask import abort, request
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.blueprints.annonces.access import is_own, load_visible
from app.blueprints.collaborations import bp
from app.blueprints.collaborations.availability import (
    booked_units,
    bookings_between,
    is_equipment_offer,
)
from app.extensions import db
from app.localtime import brussels_today
from app.models import Annonce, Collaboration
from app.web.errors import error_response
from app.web.render import render

FIRST_YEAR, LAST_YEAR = 2000, 2100
MONTH_TEXT = re.compile(r"([0-9]{4})-([0-9]{2})")  # not \d, which takes "٣" for a 3


@dataclass(frozen=True)
class Day:
    """One day of the month and the units booked on it."""

    date: date
    booked: int
    available: int

    @property
    def full(self) -> bool:
        return self.booked >= self.available


@dataclass(frozen=True)
class MonthView:
    """What the calendar shows: the month's weeks (days of other months are
    None), its neighbours within the years shown, and its bookings (None
    when the viewer may not know who booked)."""

    first: date
    name: str
    weeks: list[list[Day | None]]
    previous: date | None
    next: date | None
    bookings: list[Collaboration] | None


def parse_month(text: str | None, today: date) -> date | None:
    """The first day of the month written YYYY-MM (the current month when
    absent or empty), or None when it is not such a month from 2000 to 2100."""
    if not text:
        return today.replace(day=1)
    match = MONTH_TEXT.fullmatch(text)
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def _shifted(first: date, months: int) -> date | None:
    index = first.year * 12 + first.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, 1) if FIRST_YEAR <= year <= LAST_YEAR else None


def _last_day(first: date) -> date:
    return first.replace(day=monthrange(first.year, first.month)[1])


def month_bookings(offer: Annonce, first: date, last: date) -> list[Collaboration]:
    """The bookings of the offer that touch the month (the same ones that
    `booked_units` counts), with their beneficiary, in one query."""
    return list(db.session.scalars(
        select(Collaboration).options(joinedload(Collaboration.beneficiary))
        .where(*bookings_between(offer.id, first, last))
        .order_by(Collaboration.start_date, Collaboration.id)))


def month_view(offer: Annonce, first: date, with_bookings: bool) -> MonthView:
    """The month of the offer's calendar: one query for the units booked per
    day, one more for the list of bookings when the viewer may see it."""
    last = _last_day(first)
    booked = booked_units(offer.id, first, last)
    weeks = [[Day(day, booked[day], offer.quantity_available) if day.month == first.month
              else None for day in week]
             for week in Calendar().monthdatescalendar(first.year, first.month)]
    return MonthView(
        first=first, name=format_date(first, "LLLL y"), weeks=weeks,
        previous=_shifted(first, -1), next=_shifted(first, 1),
        bookings=month_bookings(offer, first, last) if with_bookings else None)


@bp.get("/annonces/<int:annonce_id>/calendrier")
def calendar(annonce_id: int):
    user = current_user._get_current_object()
    annonce = load_visible(annonce_id, user)
    if not is_equipment_offer(annonce):
        abort(404)
    today = brussels_today()
    first = parse_month(request.args.get("mois"), today)
    if first is None:
        return error_response(400, _(
            "Ce mois n'existe pas dans le calendrier : indiquez-le sous la forme "
            "année-mois, par exemple %(example)s, entre %(first)d et %(last)d.",
            example=today.strftime("%Y-%m"), first=FIRST_YEAR, last=LAST_YEAR))
    month = month_view(annonce, first, with_bookings=user.is_manager or is_own(user, annonce))
    weekdays = get_day_names("wide", locale=get_locale())
    return render("collaborations/calendar.html", "collaborations/_calendar.html",
                  annonce=annonce, month=month, today=today,
                  weekdays=[weekdays[index] for index in range(7)])
