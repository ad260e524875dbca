"""The render helper and the French formatting filters."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import flash, session
from jinja2 import Environment
from markupsafe import Markup

from app.web.render import render
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


FORMATTED = [
    "{{ _('Publiée le %(date)s', date=value) }}",
    "{{ _('%(a)s et %(b)s, 100 %% %(a)s', a=value, b=other|default('x, (y)')) }}",
    "{{- _('de %(who)s', who=[value, 'b']|join(', ')) -}} !",
    "{{ _('%(num)d annonce', num=number) }}",
    "{{ _('sans variable %% ici', unused=value) }}",
    "{{ _('Texte') }}{{ _('jusqu\\'au %(date)s', date=value) if number else '' }}",
    "{% for i in [1, 2] %}<p>{{ _('n° %(i)s : %(v)s', v=value, i=i) }}</p>{% endfor %}",
]
VALUES = ["<b>Tom & \"Jerry\"</b>", Markup("<i>sûr</i>"), 12, 3.5, None, "", "%(a)s %%"]


@pytest.mark.parametrize("source", FORMATTED)
@pytest.mark.parametrize("autoescape", [True, False])
def test_translations_formatted_at_compile_time_render_as_gettext_does(app, source, autoescape):
    """The templates' `_()` calls are translated when compiled (one locale):
    the output must be newstyle gettext's, escaping included."""
    reference = Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)  # noqa: S701 - both modes compared
    reference.install_null_translations(newstyle=True)
    if not autoescape:
        source = f"{{% autoescape false %}}{source}{{% endautoescape %}}"
    with app.test_request_context("/"):
        template = app.jinja_env.from_string(source)
        for value in VALUES:
            context = {"value": value, "other": value, "number": 7}
            assert template.render(context) == reference.from_string(source).render(context)
