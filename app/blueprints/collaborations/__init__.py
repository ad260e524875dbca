"""Collaborations (`/collaborations`): what two institutions agree once an
annonce has put them in touch — one lends staff or equipment to the other,
for dates, under a convention. By area:

    routes.py           propose from an annonce, the list, one collaboration and
                        its steps (accept, refuse, sign, end, cancel, approval)
    services.py         the transitions and their rules (who, which state, dates)
    availability.py     units of an equipment offer booked per day
    calendar_routes.py  the month calendar of an offer's bookings
    convention.py       the convention, pre-filled, as DOCX and ODT
    feed.py, feed_routes.py   the private iCalendar feed of an institution
    reminders.py        the reminders of `flask jobs run`
    emails.py           the messages each step sends to the other side

The blueprint has no URL prefix: its rules name /collaborations… and the
annonce-side pages /annonces/<id>/collaboration and /annonces/<id>/calendrier.
"""
from importlib import import_module

from flask import Blueprint

bp = Blueprint("collaborations", __name__)

AREAS = ("routes", "calendar_routes", "feed_routes")
for area in AREAS:
    import_module(f"{__name__}.{area}")  # registers its views on `bp`
