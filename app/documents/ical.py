"""iCalendar (RFC 5545) feeds that Outlook and Thunderbird subscribe to: the
calendar, its all-day events and the HTTP answer (icalendar).

Everything in a feed is derived from stored rows (UIDs from ids, DTSTAMP
from `updated_at`), so the same data always gives the same bytes and a
calendar client that polls sees an event change only when it did.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from flask import Response, current_app, make_response
from icalendar import STATUS, TRANSP, Calendar, Event, Timezone

TIMEZONE = "Europe/Brussels"
# The VTIMEZONE lists every change of time from this day on (icalendar
# stops at 2038); events are all-day, so it only tells clients the zone.
TIMEZONE_FROM = date(2020, 1, 1)


def uid(key: str) -> str:
    """A globally unique, stable identifier: `key` at the platform's host."""
    return f"{key}@{urlsplit(current_app.config['PUBLIC_URL']).hostname}"


def new_calendar(name: str, key: str) -> Calendar:
    """An empty published calendar named `name`, in Brussels time."""
    config = current_app.config
    calendar = Calendar.new(
        prodid=f"-//{config['PROVINCE_NAME']}//{config['PLATFORM_NAME']}//FR",
        calscale="GREGORIAN", method="PUBLISH", name=name, uid=uid(key),
        subcomponents=[Timezone.from_tzid(TIMEZONE, first_date=TIMEZONE_FROM)])
    calendar.add("X-WR-TIMEZONE", TIMEZONE)
    return calendar


def all_day_event(key: str, summary: str, first_day: date, last_day: date,
                  stamp: datetime, url: str, description: str = "",
                  tentative: bool = False) -> Event:
    """An event over whole days, `last_day` included (DTEND is the day
    after, exclusive, per RFC 5545). Transparent: a year-long validity or a
    loan must not mark anyone busy. `description` ends with the link, which
    Outlook shows where it ignores URL."""
    return Event.new(
        uid=uid(key), stamp=stamp, summary=summary, start=first_day,
        end=last_day + timedelta(days=1), url=url,
        description=f"{description}\n\n{url}" if description else url,
        status=STATUS.TENTATIVE if tentative else STATUS.CONFIRMED,
        transparency=TRANSP.TRANSPARENT)


def calendar_response(body: bytes, filename: str) -> Response:
    """A calendar's bytes, shown inline (a client subscribes to it, a
    browser may offer to open it in the calendar application)."""
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
