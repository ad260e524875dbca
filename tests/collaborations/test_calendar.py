"""The month calendar of an equipment offer (/annonces/<id>/calendrier):
units booked per day, the months around, who may see who booked, htmx."""
from __future__ import annotations

import re
from datetime import date

import pytest
from babel.dates import format_date

from app.localtime import brussels_today
from app.models import (
    AnnonceCategory,
    AnnonceKind,
    AnnonceStatus,
    CollaborationKind,
    CollaborationStatus,
)
from tests.helpers import count_queries

Status = CollaborationStatus
HTMX = {"HX-Request": "true"}
CELL = re.compile(r'<td class="calendar-[a-z]+"( aria-current="date")?>\s*'
                  r'<span class="calendar-date">(\d+)</span>.*?'
                  r'<span class="calendar-units">(.*?)</span>', re.DOTALL)


@pytest.fixture()
def offer(pair, in_touch):
    """Claire's commune offers 3 barriers; Paul's CPAS answered."""
    claire, paul = pair
    return in_touch(claire, paul, kind=AnnonceKind.OFFRE,
                    category=AnnonceCategory.PRET_MATERIEL,
                    title="Barrières Nadar", quantity_available=3)


@pytest.fixture()
def book(pair, offer, make_collaboration):
    """A booking of the offer by Paul's CPAS (or `borrower`'s institution)."""
    def factory(start: date, end: date, quantity: int = 1, status=Status.ACCEPTEE,
                borrower=None):
        return make_collaboration(pair[0], borrower or pair[1], status=status, annonce=offer,
                                  kind=CollaborationKind.MATERIEL, provider=offer.institution,
                                  start_date=start, end_date=end, quantity=quantity)

    return factory


@pytest.fixture()
def owner(auth, pair):
    return auth.client_for(pair[0])


def url(annonce, month: str | None = None) -> str:
    return f"/annonces/{annonce.id}/calendrier" + (f"?mois={month}" if month else "")


def days(html: str) -> dict[int, str]:
    """The text of each day cell of the month, by day number."""
    return {int(day): " ".join(units.split()) for _, day, units in CELL.findall(html)}


def test_month_shows_the_units_booked_each_day(owner, offer, book):
    book(date(2030, 12, 30), date(2031, 1, 2), quantity=2)
    book(date(2030, 12, 31), date(2031, 1, 1), status=Status.SIGNEE)
    response = owner.get(url(offer, "2030-12"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<caption>Réservations de Barrières Nadar – décembre 2030</caption>" in html
    headers = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert headers[:7] == ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
                           "dimanche"]
    cells = days(html)
    assert sorted(cells) == list(range(1, 32))
    assert cells[29] == "libre"
    assert cells[30] == "2 / 3 unités réservées"
    assert cells[31] == "3 / 3 unités réservées (complet)"
    # 1 December 2030 is a Sunday, the 31st a Tuesday: 6 empty cells before, 5 after.
    assert html.count("<td></td>") == 6 + 5
    assert "Unités disponibles : 3" in html


def test_bookings_are_counted_across_the_month_boundary(owner, offer, book):
    book(date(2030, 12, 30), date(2031, 1, 2), quantity=2)
    book(date(2031, 1, 2), date(2031, 1, 2))
    cells = days(owner.get(url(offer, "2031-01")).get_data(as_text=True))
    assert cells[1] == "2 / 3 unités réservées"
    assert cells[2] == "3 / 3 unités réservées (complet)"
    assert cells[3] == "libre"
    assert len(cells) == 31


@pytest.mark.parametrize("status", [Status.PROPOSEE, Status.REFUSEE, Status.ANNULEE,
                                    Status.TERMINEE])
def test_only_accepted_and_signed_bookings_count(owner, offer, book, status):
    book(date(2030, 12, 10), date(2030, 12, 12), quantity=3, status=status)
    html = owner.get(url(offer, "2030-12")).get_data(as_text=True)
    assert set(days(html).values()) == {"libre"}
    assert "Aucune réservation ce mois-ci." in html


def test_staff_collaborations_on_the_offer_do_not_count(pair, owner, offer, make_collaboration):
    make_collaboration(*pair, status=Status.ACCEPTEE, annonce=offer,
                       start_date=date(2030, 12, 10), end_date=date(2030, 12, 10))
    assert days(owner.get(url(offer, "2030-12")).get_data(as_text=True))[10] == "libre"


def test_current_month_by_default_with_today_marked(owner, offer):
    today = brussels_today()
    html = owner.get(url(offer)).get_data(as_text=True)
    month = format_date(today, "LLLL y", locale="fr_BE")
    assert f"Réservations de Barrières Nadar – {month}</caption>" in html
    [day] = [day for current, day, _ in CELL.findall(html) if current]
    assert int(day) == today.day
    assert "aujourd'hui" in html
    assert "Mois en cours" not in html
    assert owner.get(url(offer) + "?mois=").status_code == 200


def test_other_months_link_with_and_without_htmx(owner, offer):
    html = owner.get(url(offer, "2031-01")).get_data(as_text=True)
    for month in ("2030-12", "2031-02"):
        link = f"/annonces/{offer.id}/calendrier?mois={month}"
        assert f'href="{link}"' in html and f'hx-get="{link}"' in html
    assert html.count('hx-target="#calendar"') == 3  # previous, current, next
    assert 'hx-push-url="true"' in html
    assert "Mois en cours" in html


@pytest.mark.parametrize(("month", "absent"), [("2000-01", "Mois précédent"),
                                                ("2100-12", "Mois suivant")])
def test_no_link_beyond_the_years_shown(owner, offer, month, absent):
    response = owner.get(url(offer, month))
    assert response.status_code == 200
    assert absent not in response.get_data(as_text=True)


def test_htmx_gets_the_fragment_only(owner, offer, book):
    book(date(2030, 12, 30), date(2030, 12, 30))
    page = owner.get(url(offer, "2030-12"))
    fragment = owner.get(url(offer, "2030-12"), headers=HTMX)
    for response in (page, fragment):
        assert response.status_code == 200
        assert "HX-Request" in response.headers["Vary"]
        assert days(response.get_data(as_text=True))[30] == "1 / 3 unité réservée"
    page_html, fragment_html = page.get_data(as_text=True), fragment.get_data(as_text=True)
    assert "<h1>Calendrier des réservations</h1>" in page_html
    assert "<html" not in fragment_html and "<h1>" not in fragment_html
    assert fragment_html.lstrip().startswith('<section id="calendar"')
    assert 'id="calendar-title" tabindex="-1" autofocus' in fragment_html
    assert "autofocus" not in page_html.split('id="calendar"')[1].split("</h2>")[0]


@pytest.mark.parametrize("month", ["2030-13", "2030-00", "1999-12", "2101-01", "2030-1",
                                   "30-12", "²⁰³⁰-¹²", "٢٠٣٠-١٢", "2030-12-01", "décembre",
                                   "x" * 5000, "9" * 5000 + "-12", "2030-12%0A"])
def test_invalid_month_is_a_400_in_french(owner, offer, month):
    response = owner.get(url(offer, month))
    assert response.status_code == 400
    assert "Ce mois n&#39;existe pas dans le calendrier" in response.get_data(as_text=True)


@pytest.mark.parametrize(("kind", "category"), [
    (AnnonceKind.DEMANDE, AnnonceCategory.PRET_MATERIEL),
    (AnnonceKind.OFFRE, AnnonceCategory.SOUTIEN_HUMAIN),
])
def test_other_annonces_have_no_calendar(owner, pair, make_annonce, kind, category):
    annonce = make_annonce(author=pair[0], kind=kind, category=category)
    assert owner.get(url(annonce)).status_code == 404
    assert owner.get("/annonces/424242/calendrier").status_code == 404


def test_hidden_offer_only_for_its_institution_and_managers(db, owner, member, manager, offer):
    offer.status = AnnonceStatus.MASQUEE
    db.session.commit()
    assert member.get(url(offer)).status_code == 404
    assert owner.get(url(offer)).status_code == 200
    assert manager.get(url(offer)).status_code == 200


def test_visitors_are_sent_to_log_in(client, offer):
    response = client.get(url(offer))
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_who_booked_is_shown_to_the_owner_and_managers_only(auth, pair, owner, member, manager,
                                                            offer, book):
    booking = book(date(2030, 12, 30), date(2031, 1, 2), quantity=2)
    for client in (owner, manager):
        html = client.get(url(offer, "2030-12")).get_data(as_text=True)
        assert "Réservations de décembre 2030" in html
        assert "CPAS de Paliseul" in html and "du 30/12/2030 au 02/01/2031" in html
        assert f'href="/collaborations/{booking.id}"' in html
        assert '<td class="num">2</td>' in html and "Acceptée" in html
    for client in (member, auth.client_for(pair[1])):
        html = client.get(url(offer, "2030-12")).get_data(as_text=True)
        assert days(html)[30] == "2 / 3 unités réservées"
        assert "Réservations de décembre 2030" not in html
        assert "du 30/12/2030" not in html and "Institution bénéficiaire" not in html
        assert "Seuls l'institution qui prête ce matériel" in html
    assert "CPAS de Paliseul" not in member.get(url(offer, "2030-12")).get_data(as_text=True)


def test_queries_do_not_grow_with_bookings(owner, offer, book, make_user, make_institution):
    book(date(2030, 12, 1), date(2030, 12, 3))
    path = url(offer, "2030-12")
    owner.get(path)  # warm-up: caches of the first request are not the point
    few = count_queries(owner, path)
    for day in range(5, 25, 3):
        borrower = make_user(institution=make_institution(name=f"Commune n° {day}"))
        book(date(2030, 12, day), date(2031, 1, day), borrower=borrower)
    html = owner.get(path).get_data(as_text=True)
    assert html.count('<td class="num">1</td>') == 8
    assert count_queries(owner, path) == few
