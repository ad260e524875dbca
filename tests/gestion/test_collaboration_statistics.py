"""What ended collaborations saved, in the manager's statistics and CSV
exports: figures from known collaborations, the page's chart, grid and
tables, the exports and their formula defence, access, a flat query count."""
from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.blueprints.gestion.reports.statistics.collaborations import (
    compute_collaboration_statistics,
)
from app.blueprints.gestion.reports.statistics.measures import (
    EQUIPMENT_DAYS,
    PERSON_DAYS,
    VALUE,
    Savings,
    savings_of,
)
from app.blueprints.gestion.reports.statistics.queries import resolve_period
from app.models import (
    AnnonceStatus,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    CostTerms,
    InstitutionKind,
)
from tests.collaborations.conftest import in_touch, make_collaboration, pair  # noqa: F401
from tests.helpers import count_queries

Q1 = "du=01/01/2026&au=31/03/2026"
ENDED = CollaborationStatus.TERMINEE
STAFF, EQUIPMENT = CollaborationKind.PERSONNEL, CollaborationKind.MATERIEL
EUR = "\u00a0€"
THOUSANDS = "\u202f"


def q1():
    return resolve_period(None, date(2026, 1, 1), date(2026, 3, 31), date(2026, 11, 29))


@pytest.fixture()
def police(make_institution, make_user):
    zone = make_institution(InstitutionKind.ZONE_POLICE, name="Zone de police Semois et Lesse")
    return make_user(institution=zone, name="Marc Police", email="marc@zone.test")


@pytest.fixture()
def known(db, pair, police, make_collaboration, make_annonce):  # noqa: F811
    """Five collaborations ended in the first quarter of 2026, others that
    do not count, and annonces pourvues with and without one."""
    claire, paul = pair  # Bouillon (commune), Paliseul (CPAS, lends by default)
    made = {
        # 6 days done (of 8 planned, 2 agents × 5 days) × 250 €
        "a": make_collaboration(claire, paul, ENDED, start_date=date(2026, 1, 5),
                                end_date=date(2026, 1, 9), quantity=2, days_planned=8,
                                days_done=6),
        # no value per day: the daily rate, 2 planned days × 300 €
        "b": make_collaboration(claire, paul, ENDED, start_date=date(2026, 2, 2),
                                end_date=date(2026, 2, 3), days_planned=2, value_per_day=None,
                                cost_terms=CostTerms.TARIF, daily_rate=Decimal("300.00")),
        # neither done nor planned: 3 calendar days × 2 agents × 100 €; Bouillon lends
        "c": make_collaboration(claire, paul, ENDED, provider=claire.institution,
                                start_date=date(2026, 2, 10), end_date=date(2026, 2, 12),
                                quantity=2, days_planned=None, value_per_day=Decimal("100")),
        # equipment: 10 days × 3 units × 20 € (the value per day wins over the rate)
        "d": make_collaboration(claire, police, ENDED, kind=EQUIPMENT,
                                start_date=date(2026, 3, 1), end_date=date(2026, 3, 10),
                                quantity=3, value_per_day=Decimal("20"),
                                cost_terms=CostTerms.TARIF, daily_rate=Decimal("50"),
                                description="=HYPERLINK(\"http://evil.test\")"),
        # equipment without any value: 2 days × 1 unit, 0 €
        "e": make_collaboration(claire, paul, ENDED, kind=EQUIPMENT,
                                start_date=date(2026, 3, 20), end_date=date(2026, 3, 21),
                                value_per_day=None, description="-2 barrières"),
    }
    for status in (CollaborationStatus.SIGNEE, CollaborationStatus.ACCEPTEE,
                   CollaborationStatus.ANNULEE, CollaborationStatus.PROPOSEE):
        made[status.value] = make_collaboration(
            claire, paul, status, start_date=date(2026, 1, 12), end_date=date(2026, 1, 20),
            days_done=99 if status == CollaborationStatus.ANNULEE else None)
    made["last_year"] = make_collaboration(claire, paul, ENDED, start_date=date(2025, 12, 29),
                                           end_date=date(2025, 12, 31))
    posted = datetime(2026, 1, 4, 10, tzinfo=UTC)
    # Pourvues with a helping member: one recorded by ended collaboration "a"
    # (counts once), one by a signed collaboration only, one by none.
    for annonce in (made["a"].annonce, made["signee"].annonce,
                    make_annonce(author=claire, title="Sans collaboration")):
        annonce.status, annonce.helped_by, annonce.created_at = (
            AnnonceStatus.POURVUE, paul.institution, posted)
    db.session.commit()
    return made


def test_figures_of_a_quarter(known):
    ended = compute_collaboration_statistics(q1())
    assert ended.total == Savings(5, 14, 32, Decimal("3300.00"))
    assert ended.staff == Savings(3, 14, 0, Decimal("2700.00"))
    assert ended.equipment == Savings(2, 0, 32, Decimal("600.00"))
    assert ended.total.value_text == f"3{THOUSANDS}300{EUR}"
    assert [(f.label, f.value) for f in ended.by_month] == [
        ("janvier 2026", 1), ("février 2026", 2), ("mars 2026", 2)]
    assert [(row.name, row.savings.collaborations) for row in ended.providers] == [
        ("CPAS de Paliseul", 3), ("Commune de Bouillon", 1),
        ("Zone de police Semois et Lesse", 1)]
    assert [(row.name, row.savings.collaborations) for row in ended.beneficiaries] == [
        ("Commune de Bouillon", 4), ("CPAS de Paliseul", 1)]
    assert ended.pairs[0].name == "CPAS de Paliseul → Commune de Bouillon"
    assert ended.pairs[0].savings == Savings(3, 8, 2, Decimal("2100.00"))
    matrix = ended.matrix
    assert matrix.counts == {(InstitutionKind.CPAS, InstitutionKind.COMMUNE): 3,
                             (InstitutionKind.COMMUNE, InstitutionKind.CPAS): 1,
                             (InstitutionKind.ZONE_POLICE, InstitutionKind.COMMUNE): 1}
    assert matrix.lent(InstitutionKind.CPAS) == 3 and matrix.received(
        InstitutionKind.COMMUNE) == 4
    # 5 ended collaborations + 2 pourvues not recorded by an ended one; the
    # pourvue closed with collaboration "a" is not counted a second time.
    assert ended.helped_ads_without_collaboration == 2
    assert ended.mutual_aid == 7


def test_a_collaboration_counts_in_the_month_it_ended(known):
    december = resolve_period(None, date(2025, 12, 1), date(2025, 12, 31), date(2026, 11, 29))
    assert compute_collaboration_statistics(december).total.collaborations == 1
    january = resolve_period(None, date(2026, 1, 1), date(2026, 1, 31), date(2026, 11, 29))
    assert compute_collaboration_statistics(january).total == Savings(
        1, 6, 0, Decimal("1500.00"))


def test_python_and_sql_definitions_agree(db, known):
    for collaboration in known.values():
        row = db.session.execute(select(PERSON_DAYS, EQUIPMENT_DAYS, VALUE).where(
            Collaboration.id == collaboration.id)).one()
        mine = savings_of(collaboration)
        assert (mine.person_days, mine.equipment_days, mine.value) == tuple(row)
    assert savings_of(known["a"]).person_days == 6  # done, not the 8 planned
    assert savings_of(known["c"]).person_days == 6  # 3 days × 2 agents
    assert savings_of(known["d"]).value == Decimal("600")  # value per day, not rate


def test_no_collaboration_gives_empty_figures(db):
    ended = compute_collaboration_statistics(q1())
    assert ended.total == Savings() and ended.providers == [] and ended.pairs == []
    assert ended.matrix.largest == 0 and ended.mutual_aid == 0
    assert [f.value for f in ended.by_month] == [0, 0, 0]


def test_page_shows_totals_chart_grid_and_tables(manager_client, known):
    html = manager_client.get(f"/gestion/statistiques?{Q1}").get_data(as_text=True)
    assert "5 collaborations terminées pendant la période" in html
    assert "14 jours de personnel mis à disposition" in html
    assert "32 jours de matériel prêté" in html
    assert f"Valeur estimée de cette entraide : 3{THOUSANDS}300{EUR}" in html
    assert "7 entraides au total, chacune comptée une fois" in html
    assert "3 annonces pourvues grâce à un autre adhérent" in html
    assert 'aria-labelledby="chart-collaborations-month-title"' in html
    assert '<th scope="row">février 2026</th><td class="num">2</td>' in html
    svg = re.search(r'<svg[^>]*aria-labelledby="chart-matrix-title".*?</svg>', html, re.S)
    assert svg and 'role="img"' in svg.group(0)
    values = re.findall(r'<text class="chart-value"[^>]*>(\d+)</text>', svg.group(0))
    assert len(values) == 25 and sorted(values)[-3:] == ["1", "1", "3"]
    assert '<th scope="col" class="num">Vers : CPAS</th>' in html
    cpas_row = re.search(r'<th scope="row">De : CPAS</th>(.*?)</tr>', html).group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', cpas_row) == ["3", "0", "0", "0", "0", "3"]
    assert "<th scope=\"row\">CPAS de Paliseul → Commune de Bouillon</th>" in html
    assert f'<td class="num">2{THOUSANDS}100{EUR}</td>' in html
    assert "style=" not in html.split("<main", 1)[1]
    assert f'href="/gestion/exports/collaborations.csv?{Q1.replace("&", "&amp;")}"' in html


def test_page_says_when_nothing_ended(manager_client, db):
    html = manager_client.get(f"/gestion/statistiques?{Q1}").get_data(as_text=True)
    assert "Aucune collaboration terminée pendant cette période." in html
    assert "chart-matrix-title" not in html


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"), newline=""),
                           delimiter=";"))


def test_collaborations_export(manager_client, known):
    rows = read_csv(manager_client.get(f"/gestion/exports/collaborations.csv?{Q1}"))
    assert rows[0][:3] == ["N°", "Annonce n°", "Institution qui prête"]
    assert rows[0][13:] == ["Jours de personnel", "Jours de matériel", "Valeur par jour (€)",
                            "Tarif journalier (€)", "Valeur estimée (€)", "Conditions",
                            "Description"]
    assert [int(row[0]) for row in rows[1:]] == [known[key].id for key in "abcde"]
    first = rows[1]
    assert first[2:] == ["CPAS de Paliseul", "CPAS", "Commune de Bouillon", "Commune / Ville",
                         "Mise à disposition de personnel", "05/01/2026", "09/01/2026", "5",
                         "2", "8", "6", "6", "0", "250,00", "", "1500,00", "Gratuit",
                         "Agent d'état civil"]
    equipment = rows[4]
    assert equipment[2] == "Zone de police Semois et Lesse"
    assert equipment[9:18] == ["10", "3", "", "", "0", "30", "20,00", "50,00", "600,00"]
    # The formula defence of the CSV helper: these start with a quote.
    assert equipment[-1] == "'=HYPERLINK(\"http://evil.test\")"
    assert rows[5][-1] == "'-2 barrières"


def test_pairs_and_statistics_exports(manager_client, known):
    pairs = read_csv(manager_client.get(f"/gestion/exports/collaborations-paires.csv?{Q1}"))
    assert pairs[1] == ["CPAS de Paliseul", "CPAS", "Commune de Bouillon", "Commune / Ville",
                        "3", "8", "2", "2100,00"]
    assert len(pairs) == 4
    everything = read_csv(manager_client.get("/gestion/exports/collaborations.csv?periode=tout"))
    assert len(everything) == 7  # the header, Q1's five and last year's one
    stats = read_csv(manager_client.get(f"/gestion/exports/statistiques.csv?{Q1}"))
    for row in (["Collaborations terminées", "Total", "5"],
                ["Collaborations terminées", "Jours de personnel", "14"],
                ["Collaborations terminées", "Valeur estimée (€)", "3300,00"],
                ["Collaborations terminées", "Entraides, chacune comptée une fois", "7"],
                ["Collaborations terminées par mois", "février 2026", "2"]):
        assert row in stats


@pytest.mark.parametrize("path", ["/gestion/exports/collaborations.csv",
                                  "/gestion/exports/collaborations-paires.csv"])
def test_only_managers_export_collaborations(client, member_client, manager_client, path):
    visitor = client.get(path)
    assert visitor.status_code == 302 and visitor.headers["Location"].startswith("/connexion")
    assert member_client.get(path).status_code == 403
    assert manager_client.get(path).status_code == 200


def test_query_count_does_not_grow_with_collaborations(db, manager_client, pair, police,  # noqa: F811
                                                       make_collaboration):  # noqa: F811
    claire, paul = pair
    path = "/gestion/statistiques?periode=tout"

    def add(count: int) -> None:
        for number in range(count):
            partner = police if number % 3 else paul
            make_collaboration(claire, partner, ENDED, kind=[STAFF, EQUIPMENT][number % 2],
                               start_date=date(2025, 1 + number % 11, 1),
                               end_date=date(2025, 1 + number % 11, 2 + number % 20),
                               provider=claire.institution if number % 4 == 0 else None)

    add(2)
    few = count_queries(manager_client, path)
    add(30)
    assert count_queries(manager_client, path) == few
    export = "/gestion/exports/collaborations.csv?periode=tout"
    assert len(read_csv(manager_client.get(export))) == 33
