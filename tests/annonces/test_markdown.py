"""User Markdown (annonce descriptions) is rendered safely: no script, no
event handler, no hx-* attribute, no javascript: link ever survives."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from app.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown
from tests.annonces.manage_helpers import ad_form, annonces, post_ad

ATTACKS = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.test/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<button onclick=\"x()\">",
    '<a href="javascript:alert(1)">clic</a>', "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))", "[clic](java\tscript:alert(1))",
    "[clic](&#106;avascript:alert(1))", "[clic]( javascript:alert(1) )",
    "![image](javascript:alert(1))", "[clic](vbscript:msgbox(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD4=)", '<div hx-get="/annonces" hx-trigger="load">',
    '<a hx-post="/deconnexion" href="#">x</a>', "<<script>script>alert(1)<</script>/script>",
    '<iframe src="//evil.test"></iframe>', "<style>body{display:none}</style>",
    '[x](https://ok.test "titre" onmouseover="alert(1)")', "<!-- <script> -->",
    "`<script>`", "```\n<script>alert(1)</script>\n```", "<form action=//evil.test>",
    '<p style="position:fixed">', "[ref]\n\n[ref]: javascript:alert(1)",
    "<a href='https://ok.test' onclick='x()'>ok</a>", "**gras** et *italique*",
    "| a | b |\n|---|---|\n| <script> | x |", "# Titre\n\n- liste", "\x00", "\u202e",
]
TEXT = st.lists(st.one_of(st.sampled_from(ATTACKS), st.text(max_size=40)), max_size=8).map(
    lambda parts: "\n".join(parts) if len(parts) % 2 else " ".join(parts))


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _assert_safe(html: str) -> None:
    assert "<script" not in html.lower()
    collector = _Collector()
    collector.feed(html)
    for tag, attrs in collector.tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, (tag, name)
            assert not name.startswith(("on", "hx-", "data-", "style"))
            if name == "href":
                scheme = urlsplit((value or "").strip()).scheme.lower()
                assert scheme in ("", "http", "https", "mailto"), value


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_rendered_markdown_is_always_safe(text):
    _assert_safe(str(render_markdown(text)))


def test_each_attack_alone_is_neutralised():
    for attack in ATTACKS:
        _assert_safe(str(render_markdown(attack)))


def test_useful_markdown_is_kept():
    html = str(render_markdown("## Besoin\n\n**Urgent** : voir [le site](https://ok.test)."))
    assert "<h4>Besoin</h4>" in html and "<strong>Urgent</strong>" in html
    assert '<a href="https://ok.test" rel="noopener noreferrer nofollow">le site</a>' in html


def test_the_ad_page_shows_the_description_safely(auth, db, make_user):
    client = auth.client_for(make_user())
    post_ad(client, ad_form(body="Bonjour <script>alert(1)</script> [x](javascript:alert(1))"))
    page = client.get(f"/annonces/{annonces(db)[0].id}").get_data(as_text=True)
    description = page.split('id="description-title"')[1].split("</section>")[0]
    assert "<script>alert(1)" not in description and "&lt;script&gt;" in description
    assert 'href="javascript:' not in description
