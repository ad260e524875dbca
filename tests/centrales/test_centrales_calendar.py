"""The public iCalendar of the centrals (/centrales.ics): each published
central's adhesion deadline and validity as all-day events, stable UIDs and
bytes, Brussels time, nothing unpublished."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from tests.centrales.content_factories import in_days, make_centrale

STAMP = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _calendar(client):
    response = client.get("/centrales.ics")
    assert response.status_code == 200
    return response, Calendar.from_ical(response.data)


def _events(calendar) -> dict:
    events = calendar.walk("VEVENT")
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids)), "UIDs must be unique"
    return dict(zip(uids, events, strict=True))


def _is_day(value) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def test_deadlines_and_validity_of_published_centrals(client, app, db):
    sel = make_centrale(db, title="Sel de déneigement", slug="sel",
                        adhesion_deadline=date(2026, 4, 30), valid_from=date(2026, 5, 1),
                        valid_until=date(2027, 4, 30), updated_at=STAMP)
    open_ended = make_centrale(db, title="Sans date limite", slug="ouverte",
                               adhesion_deadline=None, valid_from=None,
                               valid_until=in_days(100))
    draft = make_centrale(db, title="Brouillon secret", slug="brouillon", is_published=False)
    response, calendar = _calendar(client)
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("inline")
    events = _events(calendar)
    assert set(events) == {f"centrale-{sel.id}-adhesion@localhost",
                           f"centrale-{sel.id}-validite@localhost"}
    deadline = events[f"centrale-{sel.id}-adhesion@localhost"]
    assert str(deadline["SUMMARY"]) == "Date limite d'adhésion : Sel de déneigement"
    assert deadline.start == date(2026, 4, 30) and _is_day(deadline.start)
    assert deadline.end == date(2026, 5, 1)
    validity = events[f"centrale-{sel.id}-validite@localhost"]
    assert str(validity["SUMMARY"]) == "Sel de déneigement : période de validité"
    assert validity.start == date(2026, 5, 1)
    assert validity.end == date(2027, 5, 1) and _is_day(validity.end)  # exclusive
    link = f"{app.config['PUBLIC_URL']}/centrales/sel"
    for event in (deadline, validity):
        assert event.DTSTAMP == STAMP
        assert str(event["URL"]) == link
        assert link in str(event["DESCRIPTION"])
        assert event["DTSTART"].params["VALUE"] == "DATE"
        assert event["DTEND"].params["VALUE"] == "DATE"
    assert b"DTSTART;VALUE=DATE:20260430" in response.data
    assert f"centrale-{open_ended.id}-".encode() not in response.data
    assert f"centrale-{draft.id}-".encode() not in response.data
    assert b"Brouillon secret" not in response.data


def test_calendar_properties_and_brussels_time(client, db):
    make_centrale(db)
    _, calendar = _calendar(client)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"])
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Centrales d'achats – Province de Luxembourg"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Brussels"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]


def test_same_data_same_bytes(client, db):
    """A subscribed client sees a change only when a central changed."""
    centrale = make_centrale(db, updated_at=STAMP)
    first = client.get("/centrales.ics").data
    assert client.get("/centrales.ics").data == first
    centrale.adhesion_deadline = centrale.adhesion_deadline + timedelta(days=3)
    centrale.updated_at = STAMP + timedelta(hours=1)
    db.session.commit()
    assert client.get("/centrales.ics").data != first


def test_empty_calendar_is_valid(client, db):
    _, calendar = _calendar(client)
    assert calendar.walk("VEVENT") == []
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Brussels"


def test_calendar_link_on_the_list(client, db):
    html = client.get("/centrales").get_data(as_text=True)
    assert '<a href="/centrales.ics">Ajouter à mon agenda (iCalendar)</a>' in html
