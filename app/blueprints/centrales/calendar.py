"""The public iCalendar feed of the published centrals (`/centrales.ics`):
each central's adhesion deadline and its period of validity, as all-day
events a member's calendar can subscribe to."""
from __future__ import annotations

from collections.abc import Iterator

from flask import current_app
from flask_babel import gettext as _
from icalendar import Event

from app.documents.ical import all_day_event, new_calendar
from app.mail.queue import external_url
from app.models import Centrale


def centrales_calendar(centrales: list[Centrale]) -> bytes:
    """The calendar of `centrales`, as UTF-8 iCalendar."""
    calendar = new_calendar(
        _("Centrales d'achats – %(province)s", province=current_app.config["PROVINCE_NAME"]),
        "centrales")
    for centrale in centrales:
        for event in _events(centrale):
            calendar.add_component(event)
    return calendar.to_ical()


def _events(centrale: Centrale) -> Iterator[Event]:
    """Its deadline and its validity, each when its dates are known (a
    period needs both ends, in order)."""
    link = external_url("centrales.detail", slug=centrale.slug)
    if centrale.adhesion_deadline is not None:
        yield all_day_event(
            f"centrale-{centrale.id}-adhesion",
            _("Date limite d'adhésion : %(title)s", title=centrale.title),
            centrale.adhesion_deadline, centrale.adhesion_deadline, centrale.updated_at, link,
            _("Dernier jour pour demander l'adhésion de votre institution à la centrale "
              "« %(title)s ».", title=centrale.title))
    start, end = centrale.valid_from, centrale.valid_until
    if start is not None and end is not None and start <= end:
        yield all_day_event(
            f"centrale-{centrale.id}-validite",
            _("%(title)s : période de validité", title=centrale.title),
            start, end, centrale.updated_at, link,
            _("Période pendant laquelle les adhérents peuvent commander par la centrale "
              "« %(title)s ».", title=centrale.title))
