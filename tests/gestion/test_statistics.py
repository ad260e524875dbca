"""Statistics on known data (the same figures on SQLite and PostgreSQL), the
page with its charts and tables, htmx, and a flat query count."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from app.blueprints.gestion.reports.statistics.queries import (
    Collaboration,
    compute_statistics,
    resolve_period,
)
from app.models import (
    Annonce,
    AnnonceCategory,
    AnnonceKind,
    AnnonceStatus,
    DocumentTemplate,
    InstitutionKind,
    TemplateCategory,
    utcnow,
)
from tests.helpers import count_queries

HX = {"HX-Request": "true"}
Q1 = "du=01/01/2026&au=31/03/2026"


def at(day: date, hours: float = 0) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC) + timedelta(hours=hours)


def add_ad(db, institution, created: date, kind=AnnonceKind.DEMANDE,
           category=AnnonceCategory.SOUTIEN_HUMAIN, status=AnnonceStatus.OPEN,
           closed_after_days: float | None = None, helped_by=None) -> Annonce:
    annonce = Annonce(
        institution=institution, kind=kind, category=category, title="Annonce de test",
        expires_on=created + timedelta(days=60), created_at=at(created), status=status,
        closed_at=at(created, closed_after_days * 24) if closed_after_days is not None
        else None, helped_by=helped_by)
    db.session.add(annonce)
    return annonce


@pytest.fixture()
def known(db, make_institution, manager):
    """Members, ads from December 2025 to April 2026, and three templates."""
    habay = make_institution(name="Commune de Habay", arrondissement="Virton")
    etalle = make_institution(InstitutionKind.CPAS, name="CPAS d'Étalle",
                              arrondissement="Virton")
    arlon = make_institution(name="Commune d'Arlon", arrondissement="Arlon")
    make_institution(name="Commune non membre", is_member=False)
    make_institution(name="Commune retirée", retired_at=utcnow())
    add_ad(db, habay, date(2025, 12, 31), status=AnnonceStatus.POURVUE, closed_after_days=1,
           helped_by=etalle)
    add_ad(db, habay, date(2026, 1, 10), status=AnnonceStatus.POURVUE, closed_after_days=2,
           helped_by=etalle)
    add_ad(db, habay, date(2026, 1, 20), status=AnnonceStatus.POURVUE, closed_after_days=5,
           helped_by=etalle)
    # An offer taken by Habay: Arlon helped Habay.
    add_ad(db, arlon, date(2026, 2, 5), AnnonceKind.OFFRE, AnnonceCategory.PRET_MATERIEL,
           AnnonceStatus.POURVUE, closed_after_days=10, helped_by=habay)
    add_ad(db, etalle, date(2026, 2, 10), category=AnnonceCategory.EXPERTISE,
           status=AnnonceStatus.ANNULEE, closed_after_days=1)
    add_ad(db, arlon, date(2026, 3, 3), AnnonceKind.OFFRE, AnnonceCategory.PRET_MATERIEL)
    add_ad(db, arlon, date(2026, 3, 4), category=AnnonceCategory.AUTRE,
           status=AnnonceStatus.MASQUEE)
    add_ad(db, etalle, date(2026, 4, 2), status=AnnonceStatus.POURVUE, closed_after_days=1)
    for title, count in (("Convention de prêt de matériel", 5), ("Jamais téléchargé", 0),
                         ("Convention de mise à disposition de personnel", 12)):
        db.session.add(DocumentTemplate(title=title, category=TemplateCategory.AUTRE,
                                        download_count=count, is_published=True))
    db.session.commit()


def _figures(figures) -> dict[str, int]:
    return {figure.label: figure.value for figure in figures}


def test_figures_for_a_quarter(known):
    stats = compute_statistics(resolve_period(None, date(2026, 1, 1), date(2026, 3, 31),
                                              date(2026, 11, 29)))
    assert stats.period.label == "du 01/01/2026 au 31/03/2026"
    assert _figures(stats.members_by_kind) == {
        "Communes": 2, "CPAS": 1, "Zones de police": 0, "Zones de secours": 0, "Province": 1}
    assert stats.members_total == 4
    assert _figures(stats.members_by_arrondissement) == {"Arlon": 2, "Virton": 2}
    assert _figures(stats.ads_by_category) == {
        "Soutien humain": 2, "Prêt de matériel": 2, "Expertise": 1, "Achat groupé": 0,
        "Autre": 0}
    assert _figures(stats.ads_by_kind) == {"Demandes": 3, "Offres": 2}
    assert stats.ads_total == 5  # the hidden ad is left out
    assert [(f.label, f.short, f.value) for f in stats.ads_by_month] == [
        ("janvier 2026", "01/26", 2), ("février 2026", "02/26", 2), ("mars 2026", "03/26", 1)]
    assert (stats.pourvues, stats.annulees, stats.share_pourvues) == (3, 1, 0.75)
    assert stats.median_days == pytest.approx(5)  # of 2, 5 and 10 days
    assert stats.collaborations_total == 3
    assert stats.collaborations == [
        Collaboration("Commune de Habay", "CPAS d'Étalle", 2),
        Collaboration("Commune de Habay", "Commune d'Arlon", 1)]
    assert [(f.label, f.value) for f in stats.downloads] == [
        ("Convention de mise à disposition de personnel", 12),
        ("Convention de prêt de matériel", 5)]
    assert stats.downloads_total == 17


def test_median_of_an_even_count_and_periods(known):
    today = date(2026, 4, 30)
    stats = compute_statistics(resolve_period(None, date(2026, 1, 1), None, today))
    assert stats.median_days == pytest.approx(3.5)  # of 1, 2, 5 and 10 days
    everything = compute_statistics(resolve_period("tout", None, None, today))
    assert everything.ads_total == 7 and everything.ads_by_month[0].label == "décembre 2025"
    assert len(everything.ads_by_month) == 5
    assert everything.median_days == pytest.approx(2)  # of 1, 1, 2, 5 and 10 days
    year = resolve_period("12m", None, None, today)
    assert (year.first_day, year.last_day, year.label) == (
        date(2025, 5, 1), today, "12 derniers mois")
    assert len(compute_statistics(year).ads_by_month) == 12
    month = resolve_period("30j", None, None, today)
    assert month.first_day == date(2026, 4, 1)
    assert compute_statistics(month).ads_total == 1


def test_no_data_gives_empty_figures(db, manager):
    stats = compute_statistics(resolve_period("tout", None, None, date(2026, 11, 29)))
    assert stats.ads_total == 0 and stats.share_pourvues is None
    assert stats.median_days is None and stats.collaborations == []
    assert stats.downloads == [] and stats.downloads_total == 0
    assert [f.label for f in stats.ads_by_month] == ["novembre 2026"]


@pytest.mark.parametrize("path", ["/gestion/statistiques", f"/gestion/statistiques?{Q1}"])
def test_only_managers_see_statistics(client, member_client, manager_client, path):
    visitor = client.get(path)
    assert visitor.status_code == 302 and visitor.headers["Location"].startswith("/connexion")
    assert member_client.get(path).status_code == 403
    assert manager_client.get(path).status_code == 200


def test_page_shows_charts_with_their_tables(manager_client, known):
    response = manager_client.get(f"/gestion/statistiques?{Q1}")
    html = response.get_data(as_text=True)
    assert "Période : du 01/01/2026 au 31/03/2026" in html
    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) == 7 and all('role="img"' in svg and "aria-labelledby" in svg
                                  for svg in svgs)
    assert "style=" not in html.split("<main", 1)[1]
    assert html.count('<details class="chart-data">') == 7
    assert '<th scope="row">Soutien humain</th><td class="num">2</td>' in html
    assert '<th scope="row">février 2026</th><td class="num">2</td>' in html
    assert "75 % des annonces clôturées ont été pourvues (3 sur 4)." in html
    assert "Délai médian pour être pourvue : 5 jours après la publication." in html
    assert "Commune de Habay ← CPAS d&#39;Étalle</th><td class=\"num\">2</td>" in html
    assert "17 téléchargements de modèles" in html
    assert 'href="/gestion/exports/statistiques.csv?du=01/01/2026&amp;au=31/03/2026"' in html
    assert 'href="/gestion/exports/membres.csv"' in html


def test_period_selector_with_and_without_htmx(manager_client, known):
    full = manager_client.get("/gestion/statistiques?periode=tout")
    fragment = manager_client.get("/gestion/statistiques?periode=tout", headers=HX)
    full_html, fragment_html = full.get_data(as_text=True), fragment.get_data(as_text=True)
    assert "<html" in full_html and 'hx-get="/gestion/statistiques"' in full_html
    assert 'hx-push-url="true"' in full_html
    assert "<html" not in fragment_html and 'id="statistics"' in fragment_html
    assert "Période : Depuis le début" in full_html and "Période : Depuis le début" in fragment_html
    assert "Statistiques affichées pour la période : Depuis le début." in fragment_html
    assert "HX-Request" in full.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]
    default = manager_client.get("/gestion/statistiques").get_data(as_text=True)
    assert "Période : 12 derniers mois" in default
    assert '<option selected value="12m">' in default


def test_bad_period_input_is_explained_never_a_500(manager_client, known):
    response = manager_client.get("/gestion/statistiques?periode=x&du=32/01/2026&au=2026-02-30")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choisissez une période dans la liste." in html
    assert 'id="du-error">Cette date n&#39;est pas valide' in html
    assert "Période : 12 derniers mois" in html
    html = manager_client.get("/gestion/statistiques?du=01/03/2026&au=01/01/2026").get_data(
        as_text=True)
    assert "La date de fin doit être égale ou postérieure" in html


def test_query_count_is_the_same_with_10_and_300_ads(db, manager_client, make_institution):
    habay = make_institution(name="Commune de Habay")
    helper = make_institution(name="Commune d'Arlon")

    def add(count: int) -> None:
        for number in range(count):
            add_ad(db, habay, date(2026, 1 + number % 12, 1 + number % 28),
                   category=list(AnnonceCategory)[number % 5],
                   status=AnnonceStatus.POURVUE if number % 2 else AnnonceStatus.OPEN,
                   closed_after_days=number % 9 if number % 2 else None,
                   helped_by=helper if number % 2 else None)
        db.session.commit()

    add(10)
    path = "/gestion/statistiques?periode=tout"
    with_10 = count_queries(manager_client, path)
    add(290)
    assert count_queries(manager_client, path) == with_10
