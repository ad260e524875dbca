"""Markdown for user text: rendered without raw HTML, then sanitised.

markdown-it-py in its CommonMark preset with `html` off turns any HTML typed
by a user into text; nh3 then keeps only a small set of tags and attributes
(no event handlers, no `hx-*`, no style) and only http(s)/mailto links.
"""
from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "del",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

_renderer = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable("table")
    .enable("strikethrough")
)
# User headings start at h3: pages already have their h1 and h2.
_HEADING = re.compile(r"<(/?)h([1-6])>")


def render_markdown(text: str | None) -> Markup:
    """Safe HTML for `text`, ready for a template."""
    html = _renderer.render(text or "")
    html = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 2, 6)}>", html)
    clean = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow", strip_comments=True,
    )
    # nosemgrep: markup-of-variable - sanitised by nh3 just above (property-tested)
    return Markup(clean)  # noqa: S704  # nosec B704 - sanitised by nh3 just above
