"""Dates as the province lives them: days begin at midnight in Brussels,
whatever the server's own time zone."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")


def brussels_today(now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(BRUSSELS).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC instants at which `day` begins and ends in Brussels (23 or 25
    hours apart on the days the clocks change)."""
    start = datetime.combine(day, time(0), tzinfo=BRUSSELS)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=BRUSSELS)
    return start.astimezone(UTC), end.astimezone(UTC)
