"""Fuzzing the back office (managers): list filters and CSV exports, the
email log and the Markdown preview."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.models import OutboxStatus
from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.harness import Fuzzer
from tests.fuzz.strategies import dates, field, form_data, hostile, maybe_missing, numbers, path_ids
from tests.outbox.messages import add_message

# Every GET list of the back office with its filters (valid values first).
LISTS = {
    "/gestion/courriels": {"statut": "dead", "destinataire": "arlon", "page": "2"},
    "/gestion/utilisateurs": {"q": "Agent", "page": "2"},
    "/gestion/inscriptions": {"statut": "refusees", "q": "Étalle", "page": "2"},
    "/gestion/institutions": {"kind": "commune", "statut": "adherente", "q": "Arlon"},
    "/gestion/annonces": {"statut": "masquee", "type": "demande", "categorie": "autre",
                          "q": "agent", "page": "2"},
    "/gestion/journal": {"action": "annonce.hidden", "acteur": "Gestion", "du": "01/01/2026",
                         "au": "2026-12-31", "page": "2"},
    "/gestion/statistiques": {"periode": "12-mois", "du": "01/01/2026", "au": "31/12/2026"},
    "/gestion/exports/annonces.csv": {"statut": "ouverte", "type": "offre", "q": "agent"},
    "/gestion/exports/statistiques.csv": {"periode": "annee", "du": "01/01/2026",
                                          "au": "31/01/2026"},
}


@pytest.mark.parametrize("path", list(LISTS))
def test_back_office_lists(app, world, path):
    fuzzer = Fuzzer(f"GET {path}", world.manager_client, token_from=None,
                    baseline_path=path, htmx=not path.endswith(".csv"), stores=False)
    valid = LISTS[path]
    special = {"page": maybe_missing(numbers()), "du": maybe_missing(dates()),
               "au": maybe_missing(dates())}
    query = form_data({}, {name: special.get(name, maybe_missing(field(value)))
                           for name, value in valid.items()})

    @fuzz_settings(15)
    @given(query=query)
    def check(query):
        fuzzer.get(path, query)

    check()
    fuzzer.sweep("GET", path, valid)


def test_export_kinds(app, world):
    fuzzer = Fuzzer("GET /gestion/exports/<kind>.csv", world.manager_client, token_from=None,
                    baseline_path="/gestion", stores=False, allow_400=True)

    @fuzz_settings(20)
    @given(kind=st.one_of(st.sampled_from(["membres", "utilisateurs", "annonces",
                                           "statistiques"]), hostile()))
    def check(kind):
        from urllib.parse import quote
        fuzzer.get(f"/gestion/exports/{quote(kind, safe='') or 'x'}.csv")

    check()


def test_email_retry(app, world):
    messages = [add_message(status=status).id for status in OutboxStatus]
    fuzzer = Fuzzer("POST /gestion/courriels/<id>/renvoyer", world.manager_client,
                    token_from="/gestion/courriels")

    @fuzz_settings(20)
    @given(message_id=path_ids(*messages), junk=maybe_missing(hostile()))
    def check(message_id, junk):
        fuzzer.post(f"/gestion/courriels/{message_id}/renvoyer", {"x": junk})

    check()


def test_markdown_preview(app, world):
    fuzzer = Fuzzer("POST /gestion/apercu", world.manager_client, token_from="/gestion",
                    htmx=True, stores=False)
    text = st.one_of(hostile(), st.sampled_from([
        "<script>xfuzz()</script>", "[x](javascript:xfuzz())", '<img src=x onerror="xfuzz()">',
        "**gras** <x-fuzz>", '<a href="#" hx-get="/xfuzz">x</a>']))

    @fuzz_settings(30)
    @given(field_name=maybe_missing(field("body", "description", "text")), text=text)
    def check(field_name, text):
        fuzzer.post("/gestion/apercu", {"_field": field_name, field_name or "text": text})

    check()
