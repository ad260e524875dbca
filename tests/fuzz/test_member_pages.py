"""Fuzzing the members' lists and every address with a parameter: the
templates list's query string, and each GET route of the application with
its ids and slugs replaced by fuzzed ones (negative, huge, non-numeric,
unicode, hostile), as a manager, who may open every page."""
from __future__ import annotations

import re
from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from app.models import TemplateCategory
from tests.centrales.content_factories import add_document, make_centrale, make_mission
from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.harness import Fuzzer
from tests.fuzz.strategies import field, form_data, hostile, maybe_missing, numbers, path_ids

PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def test_templates_list(app, world):
    fuzzer = Fuzzer("GET /modeles", world.agent_client, token_from=None,
                    baseline_path="/modeles", htmx=True, stores=False)
    categories = [category.value for category in TemplateCategory]
    query = form_data({}, {"q": maybe_missing(field("convention", "prêt")),
                           "category": maybe_missing(field(*categories)),
                           "page": maybe_missing(numbers("2", "1000", "1001"))})

    @fuzz_settings(30)
    @given(query=query)
    def check(query):
        fuzzer.get("/modeles", query)

    check()
    fuzzer.sweep("GET", "/modeles", {"q": "convention", "category": categories[0], "page": "2"})


def _routes(app) -> list[str]:
    """Every GET rule with at least one parameter (static files aside)."""
    return sorted(rule.rule for rule in app.url_map.iter_rules()
                  if "GET" in rule.methods and rule.arguments and rule.endpoint != "static")


def test_every_address_with_parameters(app, world, db):
    mission, centrale = make_mission(db), make_centrale(db)
    add_document(db, mission), add_document(db, centrale)
    known_slugs = (mission.slug, centrale.slug, world.arlon.slug, "annonces", "statistiques")
    routes = _routes(app)
    assert len(routes) > 20, routes
    fuzzer = Fuzzer(f"GET every address with parameters ({len(routes)} routes)",
                    world.manager_client, token_from=None, baseline_path="/gestion",
                    stores=False, allow_400=True)
    number = path_ids(1, 2, 3)
    text = st.one_of(st.sampled_from(known_slugs), hostile(), number.map(str))

    @fuzz_settings(12)
    @given(data=st.data())
    def check(data):
        for route in routes:
            def value(match):
                converter = match.group(1) or "default"
                drawn = data.draw(number if converter == "int" else text)
                return quote(str(drawn), safe="") or "x"

            fuzzer.get(PARAMETER.sub(value, route),
                       {"format": data.draw(maybe_missing(field("docx", "pdf")))})

    check()


PAGES_WITHOUT_FILTERS = ("/membres", "/missions", "/annonces/alertes", "/compte",
                         "/compte/collegues", "/compte/donnees", "/gestion", "/gestion/aide",
                         "/gestion/modeles", "/gestion/missions", "/gestion/centrales", "/",
                         "/centrales.atom", "/sante", "/accessibilite", "/vie-privee")


def test_pages_ignore_unknown_arguments(app, world):
    """Pages without filters, called with arbitrary query strings."""
    fuzzer = Fuzzer("GET pages without filters, arbitrary query strings", world.manager_client,
                    token_from=None, baseline_path="/gestion", stores=False)

    @fuzz_settings(10)
    @given(args=st.dictionaries(st.one_of(st.sampled_from(["page", "q", "next", "format"]),
                                          hostile()), hostile(), max_size=3))
    def check(args):
        for path in PAGES_WITHOUT_FILTERS:
            fuzzer.get(path, args)

    check()
