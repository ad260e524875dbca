"""The fuzzing harness: send one fuzzed submission (without, then with
`HX-Request: true` when the form supports htmx) and check the properties of
Q17 (docs/requirements.md) on each answer:

(a) never a 5xx, and a NUL byte is always refused with 400;
(b) never unescaped output: a hostile tag (`<x-fuzz>`, `<script>`...) sent in
    a field never appears raw in an HTML answer, in the pages showing what
    was stored, nor in the HTML part of an email it queued; an attribute
    payload (`"onmouseover="xfuzz()`) never becomes an attribute; a template
    expression is never evaluated;
(c) nothing stored half-way: a refused submission (4xx, the form shown again
    with errors, or an error flash) leaves the row count of every table
    unchanged; an accepted one leaves a whole object (a check per form).
"""
from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markupsafe import Markup
from sqlalchemy import text

from app.extensions import db, limiter
from tests.fuzz.strategies import EDGE, EVALUATED, MARKUP
from tests.helpers import csrf_token

ERROR_MARKERS = ('class="error"', 'class="error-summary"', "flash-error")
HTML_TYPES = ("text/html", "application/atom+xml")
VIEWS_PER_FORM = 25


@dataclass
class Stats:
    """What the fuzz run did, printed in pytest's terminal summary."""

    forms: set[str] = field(default_factory=set)
    examples: int = 0
    requests: int = 0
    accepted: int = 0
    refused: int = 0
    # form name -> [answers accepted, answers refused]
    per_form: dict[str, list[int]] = field(default_factory=dict)


STATS = Stats()


def table_counts() -> dict[str, int]:
    """The row count of every table, and the last outbox id, in one query on
    a connection of its own (never a stale snapshot of the test's session)."""
    # Table names come from the models, never from input.
    parts = [f"SELECT '{table.name}', COUNT(*) FROM \"{table.name}\""  # noqa: S608
             for table in db.metadata.sorted_tables]
    parts.append("SELECT '#outbox', COALESCE(MAX(id), 0) FROM outbox_message")
    with db.engine.connect() as connection:
        return {name: int(value)
                for name, value in connection.execute(text(" UNION ALL ".join(parts)))}


def new_email_bodies(last_id: int) -> list[str]:
    with db.engine.connect() as connection:
        return list(connection.execute(
            # A broadcast shares one stored body (outbox_body) between its messages.
            text("SELECT COALESCE(m.body_html, b.body_html) FROM outbox_message AS m "
                 "LEFT JOIN outbox_body AS b ON b.id = m.body_id WHERE m.id > :last"),
            {"last": last_id}).scalars())


def pop_flashes(client) -> list[tuple[str, str]]:
    """The flash messages the answer left in the session (taken out, so that
    the session cookie stays small and the next answer starts clean)."""
    with client.session_transaction() as session:
        return list(session.pop("_flashes", []))


def _strings(values) -> list[str]:
    out = []
    for value in values:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list | tuple):
            out += _strings(value)
    return out


def has_nul(data) -> bool:
    values = data.values() if isinstance(data, Mapping) else data
    return any("\x00" in value for value in _strings(values))


class _Attributes(HTMLParser):
    """Every attribute of every start tag of a page, values decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.attributes += [(name, value or "") for name, value in attrs]


def injected_attributes(body: str) -> list[str]:
    """Attributes that fuzzed input added to a tag: an event handler or an
    htmx attribute carrying the marker, or an attribute named after it."""
    parser = _Attributes()
    parser.feed(body)
    return [f"{name}={value!r}" for name, value in parser.attributes
            if "xfuzz" in name
            or (name.startswith(("on", "hx-")) and "xfuzz" in value)]


TAG_START = re.compile(r"<[A-Za-z!/?]")


def raw_leaks(body: str, values: Iterable[str], baseline: str) -> list[str]:
    """The hostile pieces of `values` that reach `body` unescaped. A tag
    (`<x-fuzz>`...) must never appear raw. A quote in text is harmless (the
    Markdown renderer leaves `"` as is in text), so attribute payloads
    (`"onmouseover="...`) count only if the page really has such an
    attribute."""
    values = list(values)
    leaks = [EVALUATED] if EVALUATED in body else []
    for value in values:
        leaks += [piece for piece in MARKUP if piece.startswith("<") and piece in value
                  and piece in body]
        # Any other typed text that opens a tag, long enough not to occur in
        # the page by chance.
        stripped = value.strip()
        if (len(stripped) >= 6 and TAG_START.search(stripped) and stripped in body
                and stripped not in baseline):
            leaks.append(stripped)
    if "xfuzz" in body and any(piece in value for value in values for piece in MARKUP
                               if not piece.startswith("<")):
        leaks += injected_attributes(body)
    return leaks


Files = Mapping[str, list[tuple[bytes, str]]]


def browser_file_name(name: str) -> str:
    """The file name as browsers put it in a multipart header (HTML spec:
    line breaks and quotes percent-encoded)."""
    return name.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")


class Fuzzer:
    """Submits fuzzed input to one form and checks every answer.

    `htmx`: also send each example with `HX-Request: true`.
    `stores`: False for forms that must never change a row (searches, checks).
    `whole`: called after an accepted submission, to check the object stored.
    `allow_400`: 400 is a normal refusal here (a refused email link...);
    elsewhere a 400 without NUL byte means the CSRF token was lost: a bug of
    the harness, not a pass.
    `setup`: only prepares data for another form (not counted).
    `views`: pages that show what the form stores (a path, a (client, path)
    pair, or a function giving either); after an accepted submission they
    are opened, with the page it redirects to, and must show the stored
    values without error and escaped.
    """

    def __init__(self, name: str, client, *, token_from: str | None = "/",  # noqa: S107
                 htmx: bool = False, stores: bool = True,
                 whole: Callable[[object], None] | None = None, allow_400: bool = False,
                 baseline_path: str | None = None, views: Iterable[str] = (),
                 setup: bool = False):
        self.stats = Stats() if setup else STATS  # setup requests are not counted
        self.stats.forms.add(name)
        self.stats.per_form.setdefault(name, [0, 0])
        self.name, self.client, self.token_from = name, client, token_from
        self.htmx, self.stores, self.whole, self.allow_400 = htmx, stores, whole, allow_400
        self.views, self.views_shown = tuple(views), 0
        self.token = csrf_token(client, token_from) if token_from else None
        baseline = baseline_path or token_from
        self.baseline = client.get(baseline).get_data(as_text=True) if baseline else ""
        pop_flashes(client)

    # -- requests ---------------------------------------------------------
    def post(self, path: str, data: Mapping[str, object] | None = None,
             files: Files | None = None, htmx: bool | None = None) -> list:
        """POST the fields (None: left out) and files; the answers, checked."""
        fields = {key: value for key, value in (data or {}).items() if value is not None}
        self.stats.examples += 1
        answers = []
        for variant in self._variants(htmx):
            payload: dict[str, object] = {"csrf_token": self.token, **fields}
            kwargs = {}
            if files:
                for name, items in files.items():
                    payload[name] = [(io.BytesIO(content), browser_file_name(filename))
                                     for content, filename in items]
                kwargs["content_type"] = "multipart/form-data"
            answers.append(self._send("POST", path, fields.values(), variant, data=payload,
                                      file_names=[n for items in (files or {}).values()
                                                  for _, n in items], **kwargs))
        return answers

    def get(self, path: str, query: Mapping[str, object] | None = None,
            htmx: bool | None = None) -> list:
        """GET with the query string (None: left out); the answers, checked."""
        args = {key: value for key, value in (query or {}).items() if value is not None}
        self.stats.examples += 1
        return [self._send("GET", path, args.values(), variant, query_string=args)
                for variant in self._variants(htmx)]

    def sweep(self, method: str, path: str, valid: Mapping[str, object],
              names: Iterable[str] | None = None, values: Iterable[str] = EDGE,
              files: Files | None = None, before_each: Callable[[], None] | None = None):
        """Each field of `names` (default: all of `valid`) set in turn to each
        edge value, the other fields valid; without htmx (the fuzzed
        examples try both)."""
        for name in names if names is not None else list(valid):
            for value in values:
                if before_each is not None:
                    before_each()
                data = {**valid, name: value}
                if method == "GET":
                    self.get(path, data, htmx=False)
                else:
                    self.post(path, data, files=files, htmx=False)

    def _show_stored(self, response, values: list[str], context: str) -> None:
        location = response.headers.get("Location", "")
        pages = [location.split("#")[0]] if location.startswith("/") else []
        # The other views at most VIEWS_PER_FORM times (time budget), and
        # always when a hostile value was stored.
        hostile = any("xfuzz" in value for value in values)
        if hostile or self.views_shown < VIEWS_PER_FORM:
            self.views_shown += 1
            pages += self.views
        for view in pages:
            view = view() if callable(view) else view
            client, page = view if isinstance(view, tuple) else (self.client, view)
            shown = client.get(page)
            assert shown.status_code < 500, f"{context} -> then GET {page}: {shown.status_code}"
            body = shown.get_data(as_text=True) if shown.mimetype in HTML_TYPES else ""
            leaks = raw_leaks(body, values, self.baseline)
            assert not leaks, f"{context} -> then GET {page}: unescaped {leaks!r}"
            pop_flashes(client)

    def _variants(self, htmx: bool | None = None) -> tuple[bool, ...]:
        if htmx is not None:
            return (htmx,)
        return (False, True) if self.htmx else (False,)

    def _send(self, method: str, path: str, values, htmx: bool, file_names=(), **kwargs):
        values = [*_strings(values), path]
        nul = any("\x00" in value for value in values)
        before = table_counts()
        limiter.reset()  # rate limits would hide the form behind 429 pages
        headers = {"HX-Request": "true"} if htmx else {}
        response = self.client.open(path, method=method, headers=headers, **kwargs)
        self.stats.requests += 1
        flashes = pop_flashes(self.client)
        context = f"{self.name}: {method} {path} htmx={htmx} values={values!r}"
        status = response.status_code
        assert status < 500, f"{context} -> {status}"
        if nul:
            assert status == 400, f"{context} -> {status}, not 400 for a NUL byte"
        elif status == 400 and not any("\x00" in name for name in file_names):
            assert self.allow_400, f"{context} -> unexpected 400 (CSRF token lost?)"
        body = response.get_data(as_text=True) if response.mimetype in HTML_TYPES else ""
        leaks = raw_leaks(body, values + list(file_names), self.baseline)
        assert not leaks, f"{context} -> unescaped {leaks!r}"
        for _, message in flashes:
            # Plain strings are escaped when shown; Markup would not be.
            leaks = raw_leaks(message, values, "") if isinstance(message, Markup) else []
            assert not leaks, f"{context} -> unescaped flash {message!r}"
        after = table_counts()
        email_leaks = [leak for html in new_email_bodies(before["#outbox"])
                       for leak in raw_leaks(html, values + list(file_names), "")]
        assert not email_leaks, f"{context} -> unescaped in an email {email_leaks!r}"
        refused = (status >= 400 or any(marker in body for marker in ERROR_MARKERS)
                   or any(category == "error" for category, _ in flashes))
        before.pop("#outbox"), after.pop("#outbox")
        if refused or not self.stores:
            self.stats.refused += refused
            self.stats.per_form[self.name][1] += refused
            changed = {name: (before[name], after[name]) for name in before
                       if before[name] != after[name]}
            assert not changed, f"{context} -> refused ({status}) but rows changed {changed}"
        else:
            self.stats.accepted += 1
            self.stats.per_form[self.name][0] += 1
            if self.whole is not None:
                db.session.expire_all()
                self.whole(response)
                db.session.rollback()  # end the read transaction (SQLite snapshot)
            if method == "POST":
                self._show_stored(response, values, context)
            if method == "POST" and self.token_from:
                # A new session (password changed...) has a new CSRF token.
                self.token = csrf_token(self.client, self.token_from)
                pop_flashes(self.client)
        return response
