"""The one render helper: a fragment for htmx, the full page otherwise."""
from __future__ import annotations

from collections.abc import Callable

from flask import make_response, redirect, render_template
from flask.typing import ResponseReturnValue

from app.web.urls import is_htmx


def render(page_template: str, fragment_template: str | None = None, status: int = 200,
           announce: str | None = None, **context) -> ResponseReturnValue:
    """Render the fragment for an htmx request, else the page (which includes it).

    Both see `swapped`, true when the fragment is rendered alone (it then
    takes the focus, e.g. with `autofocus`), unless the caller gives it.
    Flash messages reach htmx requests out of band, in the one live region,
    with `announce` (e.g. "12 annonces trouvées."), a message for this swap
    only: said in the same answer, it needs no round trip through the session
    cookie (which a flash would sign and send back). Full pages show what it
    says in their own content.
    The answer varies on `HX-Request`, so caches keep both forms apart.
    """
    swapped = fragment_template is not None and is_htmx()
    context.setdefault("swapped", swapped)
    if swapped:
        body = _fragment(fragment_template, announce, context)
    else:
        body = render_template(page_template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def fragment_or_redirect(location: str, fragment_template: str,
                         context: Callable[[], dict]) -> ResponseReturnValue:
    """The answer to a change made by a form: with htmx, the updated
    fragment (with `swapped` true and the flash messages out of band), to be
    swapped in place; without, a 303 redirect to `location`, the page that
    shows the change. `context()` gives the fragment's variables: it is
    called only for htmx, so a redirect runs none of their queries.
    Varies on `HX-Request`, as `render` does."""
    if is_htmx():
        response = make_response(_fragment(fragment_template, None,
                                           {"swapped": True, **context()}))
    else:
        response = redirect(location, code=303)
    response.vary.add("HX-Request")
    return response


def _fragment(template: str, announce: str | None, context: dict) -> str:
    body = render_template(template, **context)
    return body + render_template("_flash.html", oob=True,
                                  announcements=[("info", announce)] if announce else [])
