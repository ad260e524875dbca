"""Templates' translations: written in when compiled, one compilation per locale."""
from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import request
from flask_babel import refresh
from jinja2 import Environment
from markupsafe import Markup

from app.web.render import render

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
    """The templates' `_()` calls are translated when compiled: the output
    must be newstyle gettext's, escaping included."""
    reference = Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)  # noqa: S701 - both modes compared
    reference.install_null_translations(newstyle=True)
    if not autoescape:
        source = f"{{% autoescape false %}}{source}{{% endautoescape %}}"
    with app.test_request_context("/"):
        template = app.jinja_env.from_string(source)
        for value in VALUES:
            context = {"value": value, "other": value, "number": 7}
            assert template.render(context) == reference.from_string(source).render(context)


DUTCH = {
    "Aller au contenu": "Naar de inhoud",
    "Retour à l'accueil": "Terug naar de startpagina",
    "Code d'erreur : %(code)s": "Foutcode: %(code)s",
}


@pytest.fixture
def dutch(app, tmp_path, monkeypatch):
    """A Dutch catalog, chosen by `?lang=nl`."""
    catalog = Catalog(locale="nl")
    for french, dutch in DUTCH.items():
        catalog.add(french, dutch)
    folder = tmp_path / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as file:
        write_mo(file, catalog)
    babel = app.extensions["babel"]
    monkeypatch.setattr(babel, "translation_directories",
                        [*babel.translation_directories, str(tmp_path)])
    monkeypatch.setattr(babel, "locale_selector", lambda: request.args.get("lang", "fr_BE"))


def error_page(app, query: str = "") -> str:
    with app.test_request_context(f"/{query}"):
        refresh()  # the tests' app context, shared by these requests, keeps a locale
        return render("errors/error.html", "errors/_error.html", code=404, title="Titre",
                      message="Message").get_data(as_text=True)


def test_each_request_gets_the_templates_of_its_locale(app, db, dutch):
    french = error_page(app)
    dutch_page = error_page(app, "?lang=nl")
    assert "Aller au contenu" in french and "Code d'erreur : 404" in french
    assert "Naar de inhoud" not in french
    assert "Naar de inhoud" in dutch_page and "Terug naar de startpagina" in dutch_page
    assert "Foutcode: 404" in dutch_page and "Aller au contenu" not in dutch_page
    assert error_page(app) == french and error_page(app, "?lang=nl") == dutch_page


def test_calls_left_to_gettext_use_the_locale_of_the_request(app, dutch):
    for query, expected in (("", "Aller au contenu"), ("?lang=nl", "Naar de inhoud")):
        with app.test_request_context(f"/{query}"):
            refresh()
            template = app.jinja_env.from_string("{{ _(text) }}")
            assert template.render(text="Aller au contenu") == expected
