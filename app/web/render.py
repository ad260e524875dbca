"""The one render helper: a fragment for htmx, the full page otherwise."""
from __future__ import annotations

from flask import make_response, render_template
from flask.typing import ResponseReturnValue

from app.web.urls import is_htmx


def render(page_template: str, fragment_template: str | None = None, status: int = 200,
           announce: str | None = None, **context) -> ResponseReturnValue:
    """Render the fragment for an htmx request, else the page (which includes it).

    Flash messages reach htmx requests out of band, in the one live region,
    with `announce` (e.g. "12 annonces trouvées."), a message for this swap
    only: said in the same answer, it needs no round trip through the session
    cookie (which a flash would sign and send back). Full pages show what it
    says in their own content.
    The answer varies on `HX-Request`, so caches keep both forms apart.
    """
    if fragment_template is not None and is_htmx():
        body = render_template(fragment_template, **context)
        body += render_template("_flash.html", oob=True,
                                announcements=[("info", announce)] if announce else [])
    else:
        body = render_template(page_template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response
