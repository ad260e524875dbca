"""The home page's totals of the year: collaborations ended between members
this calendar year (Brussels), their days and value, in one query."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.blueprints.gestion.reports.statistics.measures import Savings
from app.blueprints.public.services import savings_of_year
from app.localtime import brussels_today
from app.models import CollaborationKind, CollaborationStatus
from tests.collaborations.conftest import in_touch, make_collaboration, pair  # noqa: F401
from tests.helpers import count_queries, recorded_statements

ENDED = CollaborationStatus.TERMINEE
YEAR = brussels_today().year


@pytest.fixture()
def this_year(pair, make_collaboration):  # noqa: F811
    """Two collaborations ended this year, and some that do not count."""
    claire, paul = pair

    def add(status=ENDED, year=YEAR, **fields):
        return make_collaboration(claire, paul, status, start_date=date(year, 1, 5),
                                  end_date=date(year, 1, 7), **fields)

    add(days_planned=8, days_done=6, value_per_day=Decimal("200"))  # 6 person-days
    add(kind=CollaborationKind.MATERIEL, quantity=4, value_per_day=None,
        daily_rate=Decimal("10.50"))  # 3 days × 4 units
    add(year=YEAR - 1, days_done=40)  # last year
    add(CollaborationStatus.SIGNEE, days_done=50)
    add(CollaborationStatus.ANNULEE, days_done=60)
    return claire


def test_year_totals_count_only_this_years_ended_ones(this_year):
    assert savings_of_year(YEAR) == Savings(2, 6, 12, Decimal("1326.00"))
    assert savings_of_year(YEAR - 1).collaborations == 1


def test_year_bounds_are_the_calendar_days(db, pair, make_collaboration):  # noqa: F811
    claire, paul = pair
    make_collaboration(claire, paul, ENDED, start_date=date(2025, 12, 30),
                       end_date=date(2025, 12, 31))
    make_collaboration(claire, paul, ENDED, start_date=date(2025, 12, 31),
                       end_date=date(2026, 1, 1))
    assert savings_of_year(2025).collaborations == 1
    assert savings_of_year(2026).collaborations == 1


def test_home_shows_the_year_in_a_french_sentence(client, this_year):
    html = client.get("/").get_data(as_text=True)
    assert (f"En {YEAR} : 2 collaborations terminées entre membres, 6 jours de personnel mis "
            "à disposition et 12 jours de prêt de matériel.") in html
    assert "Valeur estimée de cette entraide : 1\u202f326\u00a0€." in html


def test_singular_and_missing_parts(client, pair, make_collaboration):  # noqa: F811
    claire, paul = pair
    make_collaboration(claire, paul, ENDED, start_date=date(YEAR, 2, 2),
                       end_date=date(YEAR, 2, 2), days_planned=1, value_per_day=None)
    html = client.get("/").get_data(as_text=True)
    assert (f"En {YEAR} : 1 collaboration terminée entre membres et 1 jour de personnel mis "
            "à disposition.") in html
    assert "Valeur estimée" not in html


def test_hidden_without_collaboration_ended_this_year(client, pair,  # noqa: F811
                                                      make_collaboration):  # noqa: F811
    claire, paul = pair
    make_collaboration(claire, paul, ENDED, start_date=date(YEAR - 1, 3, 2),
                       end_date=date(YEAR - 1, 3, 4))
    make_collaboration(claire, paul, CollaborationStatus.SIGNEE,
                       start_date=date(YEAR, 3, 2), end_date=date(YEAR, 3, 4))
    html = client.get("/").get_data(as_text=True)
    assert "year-savings" not in html and "collaboration terminée" not in html


def test_members_see_it_too(auth, this_year):
    html = auth.client_for(this_year).get("/").get_data(as_text=True)
    assert f"En {YEAR} : 2 collaborations terminées entre membres" in html


def test_one_query_whatever_the_number_of_collaborations(client, this_year, pair,  # noqa: F811
                                                         make_collaboration):  # noqa: F811
    claire, paul = pair
    few = count_queries(client, "/")
    for day in range(1, 21):
        make_collaboration(claire, paul, ENDED, start_date=date(YEAR, 1, day),
                           end_date=date(YEAR, 1, day + 1))
    assert count_queries(client, "/") == few
    with recorded_statements() as statements:
        html = client.get("/").get_data(as_text=True)
    assert f"En {YEAR} : 22 collaborations terminées" in html
    assert len([sql for sql in statements if "FROM collaboration" in sql]) == 1
