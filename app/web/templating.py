"""Jinja setup: versioned static URLs, French formatting filters, globals."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from flask import Flask, current_app, request, url_for
from flask_babel import format_decimal, get_translations
from jinja2 import pass_eval_context
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup, escape

from app.forms import EmptyForm


def init_templating(app: Flask) -> None:
    app.url_defaults(add_static_version)
    app.jinja_env.filters["date_fr"] = date_fr
    app.jinja_env.filters["datetime_fr"] = datetime_fr
    app.jinja_env.filters["number_fr"] = number_fr
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["url_pattern"] = UrlPattern
    app.jinja_env.globals["url_for"] = template_url_for
    app.extensions["fixed_urls"] = {}
    app.context_processor(template_globals)
    with app.app_context():
        install_translations(app)


def install_translations(app: Flask) -> None:
    """Bind `_()` in templates to the catalog of the one locale (fr_BE),
    loaded once: Flask-Babel's default callables look the catalog up again
    at each of the hundreds of `_()` calls of a page. With one locale and
    one catalog, `{{ _('Texte') }}` is the same text at every render: it is
    written into the compiled template (`ConstantGettext`)."""
    translations = get_translations()
    app.jinja_env.install_gettext_translations(translations, newstyle=True)
    app.jinja_env.constant_translations = translations
    app.jinja_env.globals["translated_format"] = translated_format
    app.jinja_env.add_extension(ConstantGettext)


class ConstantGettext(Extension):
    """Translate each `_('literal', ...)` when the template is compiled (once
    per process), instead of looking the catalog up at every render:

    - `{{ _('literal') }}` becomes template data;
    - `{{ _('texte %(name)s', name=value) }}` becomes the data "texte " and
      `{{ (value) }}`: no call at render (a list formats a hundred of these);
    - any other `_('literal', name=value)` becomes `translated_format(
      'traduction', name=value)`, which only formats.

    The output is the call's: newstyle gettext marks the translation safe
    (when autoescaping) and formats it, with no variables too ("%%" gives "%").
    """

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        translations = getattr(self.environment, "constant_translations", None)
        tokens = list(stream)
        if translations is None:
            yield from tokens
            return
        position = 0
        while position < len(tokens):
            window = tokens[position:position + 6]
            if _is_call(window[1:]):
                text = _formatted(translations.gettext(window[3].value))
                if window[0].type == "variable_begin" and window[4].type == "rparen" \
                        and window[5].type == "variable_end" and text is not None:
                    yield Token(window[0].lineno, "data", text)
                    position += 6
                    continue
            inlined = _inlined_format(tokens, position, translations)
            if inlined is not None:
                replacement, position = inlined
                yield from replacement
                continue
            if _is_call(window):
                yield Token(window[0].lineno, "name", "translated_format")
                yield window[1]
                yield Token(window[2].lineno, "string", translations.gettext(window[2].value))
                position += 3
                continue
            yield tokens[position]
            position += 1


_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")
_OPENING = {"lparen", "lbracket", "lbrace"}
_CLOSING = {"rparen", "rbracket", "rbrace"}


def _inlined_format(tokens: list[Token], position: int,
                    translations) -> tuple[list[Token], int] | None:
    """`{{ _('texte %(name)s', name=value) }}` starting at `position` as data
    and `{{ (value) }}` tokens, with the position after it; None when the
    tokens are anything else, or the translation has other conversions than
    `%(name)s` (e.g. `%(num)d`), which are left to `translated_format`.

    The output is the same: the template's text is trusted, each value is
    escaped by autoescaping as `translated_format` escapes it."""
    start = tokens[position:position + 5]
    if len(start) < 5 or start[0].type != "variable_begin" or not _is_call(start[1:]) \
            or start[4].type != "comma":
        return None
    arguments: dict[str, list[Token]] = {}
    part: list[Token] = []
    depth = 0
    index = position + 5
    while index < len(tokens):
        token = tokens[index]
        if token.type in _CLOSING and depth == 0:
            break
        depth += (token.type in _OPENING) - (token.type in _CLOSING)
        if token.type == "comma" and depth == 0:
            if not _add_argument(arguments, part):
                return None
            part = []
        else:
            part.append(token)
        index += 1
    if (part and not _add_argument(arguments, part)) or index + 1 >= len(tokens) \
            or tokens[index].type != "rparen" or tokens[index + 1].type != "variable_end":
        return None
    translation = translations.gettext(start[3].value)
    if "%" in _PLACEHOLDER.sub("", translation) or any(
            name not in arguments for name in _PLACEHOLDER.findall(translation) if name):
        return None
    line = start[0].lineno
    replacement: list[Token] = []
    text = ""
    cursor = 0
    for match in _PLACEHOLDER.finditer(translation):
        text += translation[cursor:match.start()]
        cursor = match.end()
        if match.group(1) is None:  # "%%"
            text += "%"
            continue
        if text:
            replacement.append(Token(line, "data", text))
            text = ""
        replacement += [Token(line, "variable_begin", "{{"), Token(line, "lparen", "("),
                        *arguments[match.group(1)], Token(line, "rparen", ")"),
                        Token(line, "variable_end", "}}")]
    text += translation[cursor:]
    if text:
        replacement.append(Token(line, "data", text))
    return replacement, index + 2


def _add_argument(arguments: dict[str, list[Token]], part: list[Token]) -> bool:
    """Record `name=expression`; False for anything else."""
    if len(part) < 3 or part[0].type != "name" or part[1].type != "assign" \
            or part[0].value in arguments:
        return False
    arguments[part[0].value] = part[2:]
    return True


def _is_call(tokens: list[Token]) -> bool:
    """`_ ( 'literal' )` or `_ ( 'literal' ,` at the start of `tokens`."""
    return (len(tokens) >= 4 and tokens[0].test("name:_") and tokens[1].type == "lparen"
            and tokens[2].type == "string" and tokens[3].type in ("rparen", "comma"))


def _formatted(translation: str) -> str | None:
    try:
        return translation % {}
    except (TypeError, ValueError, KeyError):
        return None  # not a valid format string: left to fail as the call would


@pass_eval_context
def translated_format(eval_ctx, __string: str, **variables) -> str:
    """What newstyle gettext does once it has the translation: the template's
    own text is trusted, the variables are escaped (numbers stay numbers for
    `%d`). The same output as `Markup(text) % variables`, whose per-argument
    helper objects showed in the list profiles."""
    if not eval_ctx.autoescape:
        return __string % variables
    escaped = {name: value if isinstance(value, int | float) else escape(value)
               for name, value in variables.items()}
    # nosemgrep: markup-of-variable - the template's own literal text, variables escaped above
    return Markup(__string % escaped)  # noqa: S704  # nosec B704


def template_url_for(endpoint: str, **values) -> str:
    """`url_for` in templates. A page asks for twenty URLs without arguments
    (navigation, footer, forms' actions) and for its static files: each is the
    same at every request of the process, so it is built once (per script
    root), where building cost about 10 µs a link. Other calls build as usual.
    """
    if (values and (endpoint != "static" or values.keys() != {"filename"})) \
            or endpoint.startswith("."):  # "." is relative to the request's blueprint
        return url_for(endpoint, **values)
    fixed = current_app.extensions["fixed_urls"]
    key = (endpoint, values.get("filename"), request.script_root)
    url = fixed.get(key)
    if url is None:
        url = fixed[key] = url_for(endpoint, **values)
    return url


class UrlPattern:
    """`url_for` for the rows of a list: the links of 50 rows differ by one
    argument only. The URL is built once with a marker in its place; each
    row's value replaces the marker, quoted as werkzeug quotes a path part
    (`url_for` cost about 10 µs a link, a fifth of a long list's rendering).

        {% set detail_url = url_pattern('centrales.detail', 'slug') %}
        {{ detail_url(centrale.slug) }}
    """

    MARKERS = ("url-pattern-marker", 918273645546372819)  # for text, for numbers

    def __init__(self, endpoint: str, argument: str, **values) -> None:
        for marker in self.MARKERS:
            try:
                url = url_for(endpoint, **{argument: marker}, **values)
            except ValueError:  # an int converter refuses the text marker
                continue
            if url.count(str(marker)) == 1:
                self.prefix, _, self.suffix = url.partition(str(marker))
                return
        raise ValueError(f"{endpoint}: {argument} is not one path part of the URL")

    def __call__(self, value) -> str:
        return f"{self.prefix}{quote(str(value), safe=_PATH_SAFE)}{self.suffix}"


_PATH_SAFE = "!$&'()*+,/:;=@"  # werkzeug's BaseConverter.to_url


@lru_cache(maxsize=256)
def _file_version(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def add_static_version(endpoint: str, values: dict) -> None:
    """Append a content hash to static URLs so they can be cached for a year."""
    if endpoint != "static" or "filename" not in values or "v" in values:
        return
    path = Path(current_app.static_folder) / values["filename"]
    if path.is_file():
        values["v"] = _file_version(str(path))


BRUSSELS = ZoneInfo("Europe/Brussels")


def _in_brussels(value: datetime) -> datetime:
    """Naive datetimes are UTC, as everywhere in the database."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(BRUSSELS)


# Fixed numeric patterns: far cheaper than Babel's pattern formatting, which
# the profiler showed as a main cost of the list pages (and an f-string is
# cheaper than strftime, a list page formats a hundred dates).
def date_fr(value: date | datetime | None) -> str:
    """29/11/2026 (in Europe/Brussels for datetimes)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _in_brussels(value)
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def datetime_fr(value: datetime | None) -> str:
    """29/11/2026 à 14:05 in Europe/Brussels."""
    if value is None:
        return ""
    return _in_brussels(value).strftime("%d/%m/%Y à %H:%M")


def number_fr(value) -> str:
    """12 345 (narrow no-break space), as Babel writes it for fr_BE."""
    if type(value) is int and -1000 < value < 1000:
        return str(value)  # no separator to place: Babel's formatting is slow
    return format_decimal(value)


def template_globals() -> dict:
    config = current_app.config
    return {
        "platform_name": config["PLATFORM_NAME"],
        "province_name": config["PROVINCE_NAME"],
        "empty_form": EmptyForm,
        "available_endpoints": current_app.view_functions,
    }
