"""The Markdown preview of the manager's editors."""
from __future__ import annotations

from tests.helpers import post_form


def test_preview_renders_sanitised_markdown(client, auth, make_manager):
    auth.login(make_manager())
    data = {"_field": "body", "body": "**Gras** <script>alert(1)</script> [x](javascript:alert(1))"}
    fragment = post_form(client, "/gestion/apercu", data, token_from="/gestion",
                         headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in html
    assert "<strong>Gras</strong>" in html
    assert "<script>" not in html and 'href="javascript' not in html
    page = post_form(client, "/gestion/apercu", data, token_from="/gestion")
    assert "<html" in page.get_data(as_text=True) and "Fermez cet onglet" in page.get_data(
        as_text=True)


def test_preview_is_for_managers(client, auth, make_user):
    auth.login(make_user())
    assert post_form(client, "/gestion/apercu", {"text": "x"}, token_from="/").status_code == 403
