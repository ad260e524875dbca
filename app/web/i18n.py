"""Translations in templates: each `_('literal', ...)` is translated when the
template is compiled, and each locale has its own compiled templates.

Flask-Babel's gettext finds the request's catalog again at each call (about
15 µs); a list page makes a hundred calls, and the lists and the home page
took 1.6 to 2.2 times the instructions without this (bench database, counted
with callgrind). So a template is compiled for the locale of the request that
first needs it, its texts written in (`ConstantGettext`), and kept in that
locale's template cache (`LocaleTemplateCache`): requests of another locale
get their own compilation. Other calls (`ngettext`, `_(variable)`, ...) stay
Flask-Babel's, per request. A Jinja bytecode cache, which knows nothing of
locales, must not be added to this environment.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, MutableMapping

from flask import Flask
from flask_babel import get_locale, get_translations
from jinja2 import pass_eval_context
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.utils import LRUCache
from markupsafe import Markup, escape


def init_template_translations(app: Flask) -> None:
    environment = app.jinja_env
    environment.cache = LocaleTemplateCache(environment.cache.capacity)
    environment.globals["translated_format"] = translated_format
    environment.add_extension(ConstantGettext)


class LocaleTemplateCache(MutableMapping):
    """Jinja's template cache, one per locale: a template compiled with one
    locale's texts is only given to requests of that locale (the cache is
    looked up, and a missing template compiled, in the request that needs it)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity  # as LRUCache's, which Environment.overlay reads
        self._caches: dict[str, LRUCache] = {}

    def _current(self) -> LRUCache:
        locale = str(get_locale())
        cache = self._caches.get(locale)
        if cache is None:
            cache = self._caches.setdefault(locale, LRUCache(self.capacity))
        return cache

    def get(self, key, default=None):
        return self._current().get(key, default)

    def __getitem__(self, key):
        return self._current()[key]

    def __setitem__(self, key, template) -> None:
        self._current()[key] = template

    def __delitem__(self, key) -> None:
        del self._current()[key]

    def __iter__(self):
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())

    def clear(self) -> None:
        self._caches.clear()


class ConstantGettext(Extension):
    """Translate each `_('literal', ...)` when the template is compiled, with
    the catalog of the current locale, instead of at every render:

    - `{{ _('literal') }}` becomes template data;
    - `{{ _('texte %(name)s', name=value) }}` becomes the data "texte " and
      `{{ (value) }}`: no call at render (a list formats a hundred of these);
    - any other `_('literal', name=value)` becomes `translated_format(
      'traduction', name=value)`, which only formats.

    The output is the call's: newstyle gettext marks the translation safe
    (when autoescaping) and formats it, with no variables too ("%%" gives "%").
    """

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        translations = get_translations()
        tokens = list(stream)
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
