"""The median time to the first answer of demandes, in the statistics page
and its CSV export: known pairs give known medians, urgent ones apart."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from app.blueprints.gestion.reports.statistics.first_answer import first_answer_statistics
from app.blueprints.gestion.reports.statistics.queries import resolve_period
from app.models import Annonce, AnnonceCategory, AnnonceKind, AnnonceStatus
from tests.gestion.test_exports import read_csv
from tests.helpers import count_queries

PERIOD = "du=01/01/2026&au=28/02/2026"


def _ad(db, institution, created: datetime, answered_after_hours: float | None,
        urgent=False, kind=AnnonceKind.DEMANDE, category=AnnonceCategory.SOUTIEN_HUMAIN,
        status=AnnonceStatus.OPEN) -> None:
    db.session.add(Annonce(
        institution=institution, kind=kind, category=category, title="Demande de test",
        expires_on=(created + timedelta(days=60)).date(), created_at=created, status=status,
        urgent=urgent, first_answered_at=(created + timedelta(hours=answered_after_hours)
                                          if answered_after_hours is not None else None)))


def _day(month: int, day: int, year: int = 2026) -> datetime:
    return datetime(year, month, day, 10, tzinfo=UTC)


@pytest.fixture()
def known(db, make_institution):
    habay = make_institution(name="Commune de Habay")
    _ad(db, habay, _day(1, 10), 2, urgent=True)
    _ad(db, habay, _day(1, 12), 10)
    _ad(db, habay, _day(1, 20), 30, urgent=True, category=AnnonceCategory.PRET_MATERIEL)
    _ad(db, habay, _day(2, 3), 5)
    _ad(db, habay, _day(1, 15), None)  # no answer yet: unknown time
    _ad(db, habay, _day(1, 16), 1, kind=AnnonceKind.OFFRE)
    _ad(db, habay, _day(1, 17), 100, status=AnnonceStatus.MASQUEE)
    _ad(db, habay, _day(12, 20, 2025), 1)  # before the period
    db.session.commit()


def test_known_pairs_give_known_medians(app, db, known):
    with app.test_request_context():
        period = resolve_period(None, _day(1, 1).date(), _day(2, 28).date(), _day(3, 1).date())
        stats = first_answer_statistics(period)
    assert (stats.total.count, stats.total.hours) == (4, 7.5)
    assert (stats.total.urgent_count, stats.total.urgent_hours) == (2, 16)
    assert [(m.label, m.count, m.hours, m.urgent_hours) for m in stats.by_month] == [
        ("janvier 2026", 3, 10, 16), ("février 2026", 1, 5, None)]
    assert [(c.label, c.hours, c.urgent_hours) for c in stats.by_category] == [
        ("Soutien humain", 5, 2), ("Prêt de matériel", 30, 30)]


def test_the_page_shows_a_data_table(manager_client, known):
    page = manager_client.get(f"/gestion/statistiques?{PERIOD}").get_data(as_text=True)
    html = page[page.index('id="stats-first-answer"'):]
    assert "Délai de première réponse aux demandes" in html
    assert "Toutes les demandes : 7,5 h (4 demandes)." in html
    assert "Demandes urgentes : 16 h (2 demandes)." in html
    row = re.search(r'<tr><th scope="row">janvier 2026</th>(.*?)</tr>', html).group(1)
    assert re.findall(r'<td class="num">([^<]*)', row) == ["3", "10 h", "2", "16 h"]
    assert '<th scope="col">Catégorie</th>' in html
    fragment = manager_client.get(f"/gestion/statistiques?{PERIOD}",
                                  headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and "7,5 h" in fragment


def test_the_page_says_when_there_is_no_answer(manager_client, db):
    html = manager_client.get(f"/gestion/statistiques?{PERIOD}").get_data(as_text=True)
    assert "Aucune demande de la période n’a encore reçu de réponse." in html


def test_the_export_has_the_medians(manager_client, known):
    rows = read_csv(manager_client.get(f"/gestion/exports/statistiques.csv?{PERIOD}"))
    section = "Délai médian de première réponse (heures)"
    assert [section, "Toutes les demandes de la période", "7,5"] in rows
    assert [section, "Toutes les demandes de la période – demandes urgentes", "16,0"] in rows
    monthly = "Délai médian de première réponse par mois (heures)"
    assert [monthly, "février 2026", "5,0"] in rows
    assert [monthly, "février 2026 – demandes urgentes", ""] in rows
    assert ["Délai médian de première réponse par catégorie (heures)", "Prêt de matériel",
            "30,0"] in rows


def test_only_managers_see_it(client, member_client, known):
    assert client.get("/gestion/statistiques").status_code == 302
    assert member_client.get("/gestion/statistiques").status_code == 403


def test_one_query_whatever_the_number_of_demandes(db, manager_client, known,
                                                   make_institution):
    url = f"/gestion/statistiques?{PERIOD}"
    few = count_queries(manager_client, url)
    other = make_institution()
    for number in range(40):
        _ad(db, other, _day(1 + number % 2, 1 + number % 27), number, urgent=number % 3 == 0)
    db.session.commit()
    assert count_queries(manager_client, url) == few
