"""The status of a central is derived from its dates, in Brussels, the same
way in Python (badges) and in SQL (filters)."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.blueprints.centrales.queries import CentraleFilters, centrale_page
from app.localtime import brussels_today
from app.models import Centrale, CentraleStatus
from tests.centrales.content_factories import make_centrale

TODAY = date(2026, 3, 15)
DAY = timedelta(days=1)
OUVERTE, EN_COURS, CLOTUREE = CentraleStatus.OUVERTE, CentraleStatus.EN_COURS, \
    CentraleStatus.CLOTUREE
CASES = [
    # (valid_from, valid_until, adhesion_deadline, expected status on TODAY)
    (TODAY - 10 * DAY, TODAY + 100 * DAY, TODAY, OUVERTE),
    (TODAY - 10 * DAY, TODAY + 100 * DAY, TODAY - DAY, EN_COURS),
    (TODAY - 10 * DAY, TODAY + 100 * DAY, TODAY + DAY, OUVERTE),
    (TODAY - 10 * DAY, TODAY, TODAY - 5 * DAY, EN_COURS),
    (TODAY - 10 * DAY, TODAY, TODAY, OUVERTE),
    (TODAY - 10 * DAY, TODAY - DAY, TODAY - 5 * DAY, CLOTUREE),
    (TODAY - 10 * DAY, TODAY - DAY, None, CLOTUREE),
    (TODAY - 10 * DAY, TODAY + DAY, None, OUVERTE),
    (None, None, None, OUVERTE),
    (None, None, TODAY - DAY, EN_COURS),
    (TODAY + 10 * DAY, TODAY + 100 * DAY, TODAY + 5 * DAY, OUVERTE),
]


@pytest.mark.parametrize(("valid_from", "valid_until", "deadline", "expected"), CASES)
def test_status_on_boundary_dates(valid_from, valid_until, deadline, expected):
    centrale = Centrale(valid_from=valid_from, valid_until=valid_until,
                        adhesion_deadline=deadline)
    assert centrale.status_on(TODAY) is expected


def test_sql_filters_agree_with_the_python_status(db):
    centrales = [make_centrale(db, valid_from=start, valid_until=end, adhesion_deadline=deadline)
                 for start, end, deadline, _expected in CASES]
    for status in CentraleStatus:
        found = centrale_page(CentraleFilters(status=status), TODAY).items
        expected = [c.id for c, case in zip(centrales, CASES, strict=True) if case[3] is status]
        assert [c.id for c in found] == expected, status


def test_the_day_changes_at_midnight_in_brussels():
    # 23:30 UTC on 31 January is already 1 February in Brussels (UTC+1).
    late_evening = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    assert brussels_today(late_evening) == date(2026, 2, 1)
    centrale = Centrale(valid_until=date(2026, 12, 31), adhesion_deadline=date(2026, 1, 31))
    assert centrale.status_on(brussels_today(late_evening)) is EN_COURS
    # Summer time: 22:30 UTC on 30 June is 00:30 on 1 July in Brussels (UTC+2).
    assert brussels_today(datetime(2026, 6, 30, 22, 30, tzinfo=UTC)) == date(2026, 7, 1)


def test_filters_ignore_unknown_values():
    assert CentraleFilters.from_args({"statut": "inconnu", "domaine": "x"}).is_default
    filters = CentraleFilters.from_args({"statut": "en-cours", "domaine": "travaux"})
    assert filters.status is EN_COURS and filters.domain.value == "travaux"
