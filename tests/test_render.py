"""The render helper and the French formatting filters."""
from __future__ import annotations

from datetime import UTC, date, datetime

from flask import flash, session

from app.web.render import fragment_or_redirect, render
from app.web.templating import date_fr, datetime_fr, number_fr


def test_render_gives_the_full_page_without_htmx(app, db):
    with app.test_request_context("/"):
        response = render("errors/error.html", "errors/_error.html", code=404,
                          title="Titre", message="Message")
        html = response.get_data(as_text=True)
    assert "<html" in html and "Titre" in html
    assert "HX-Request" in response.vary


def test_render_gives_the_fragment_and_oob_flash_with_htmx(app, db):
    with app.test_request_context("/", headers={"HX-Request": "true"}):
        flash("Enregistré.", "success")
        response = render("errors/error.html", "errors/_error.html", code=404,
                          title="Titre", message="Message")
        html = response.get_data(as_text=True)
    assert "<html" not in html and "Titre" in html
    assert 'id="flash"' in html and 'hx-swap-oob="true"' in html and "Enregistré." in html
    assert "HX-Request" in response.vary


def test_history_restore_gets_the_full_page(app, db):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    with app.test_request_context("/", headers=headers):
        response = render("errors/error.html", "errors/_error.html", code=404,
                          title="Titre", message="Message")
    assert "<html" in response.get_data(as_text=True)



def test_render_tells_the_templates_whether_the_fragment_is_swapped(app, monkeypatch):
    seen = []
    monkeypatch.setattr("app.web.render.render_template",
                        lambda name, **context: seen.append((name, context.get("swapped"))) or "")
    for headers in ({}, {"HX-Request": "true"}):
        with app.test_request_context("/", headers=headers):
            render("page.html", "_fragment.html")
    assert seen[:2] == [("page.html", False), ("_fragment.html", True)]


def test_fragment_or_redirect(app, db):
    context = {"code": 404, "title": "Titre", "message": "Message"}
    with app.test_request_context("/"):
        response = fragment_or_redirect("/ailleurs", "errors/_error.html", lambda: 1 / 0)
    assert response.status_code == 303 and response.location == "/ailleurs"
    assert "HX-Request" in response.vary
    with app.test_request_context("/", headers={"HX-Request": "true"}):
        flash("Enregistré.", "success")
        response = fragment_or_redirect("/ailleurs", "errors/_error.html", lambda: context)
        html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and "Titre" in html
    assert 'hx-swap-oob="true"' in html and "Enregistré." in html
    assert "HX-Request" in response.vary

def test_dates_are_belgian_french_in_brussels_time(app):
    with app.test_request_context("/"):
        late_evening_utc = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
        assert date_fr(late_evening_utc) == "30/11/2026"
        assert date_fr(date(2026, 11, 29)) == "29/11/2026"
        assert datetime_fr(datetime(2026, 7, 1, 12, 5, tzinfo=UTC)) == "01/07/2026 à 14:05"
        assert number_fr(1234567) == "1\u202f234\u202f567" or number_fr(1234567) == "1 234 567"
        assert date_fr(None) == ""


def test_announce_reaches_the_live_region_of_an_htmx_answer_without_the_session(app, db):
    with app.test_request_context("/", headers={"HX-Request": "true"}):
        response = render("errors/error.html", "errors/_error.html", code=404,
                          title="Titre", message="Message", announce="3 annonces trouvées.")
        html = response.get_data(as_text=True)
        assert not session.modified
    assert 'hx-swap-oob="true"' in html and "3 annonces trouvées." in html
    with app.test_request_context("/"):
        html = render("errors/error.html", "errors/_error.html", code=404, title="Titre",
                      message="Message", announce="3 annonces trouvées.").get_data(as_text=True)
    assert "3 annonces trouvées." not in html

