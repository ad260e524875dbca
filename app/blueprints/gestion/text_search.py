"""Accent- and case-insensitive matching on short columns (names,
addresses), alike on SQLite and PostgreSQL, without an extension.

The typed text is turned into a pattern where each letter stands for its
accented and capital forms ("etalle" finds "Étalle"): a GLOB on SQLite
(whose lower() only knows ASCII), a regular expression on PostgreSQL.
Meant for the small back-office lists, not for the annonces full text.
"""
from __future__ import annotations

import re

from sqlalchemy.sql.elements import ColumnElement

from app.blueprints.annonces.search import normalise
from app.extensions import db

LETTER_FORMS = {
    "a": "aàâäáãAÀÂÄÁÃ", "c": "cçCÇ", "e": "eéèêëEÉÈÊË", "i": "iîïíìIÎÏÍÌ", "n": "nñNÑ",
    "o": "oôöóòõOÔÖÓÒÕ", "u": "uùûüúUÙÛÜÚ", "y": "yÿýYŸÝ",
}
GLOB_SPECIAL = "*?["


def _pattern(term: str, sqlite: bool) -> str:
    parts = []
    for char in normalise(term):
        if char in LETTER_FORMS:
            parts.append(f"[{LETTER_FORMS[char]}]")
        elif char.isalpha() and char.upper() != char:
            parts.append(f"[{char}{char.upper()}]")
        elif sqlite:
            parts.append(f"[{char}]" if char in GLOB_SPECIAL else char)
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _matches(column, term: str, whole: bool) -> ColumnElement[bool]:
    if db.engine.dialect.name == "sqlite":
        pattern = _pattern(term, sqlite=True)
        return column.op("GLOB")(pattern if whole else f"*{pattern}*")
    pattern = _pattern(term, sqlite=False)
    return column.op("~")(f"^{pattern}$" if whole else pattern)


def folded_contains(column, term: str) -> ColumnElement[bool]:
    """True where `column` contains `term`, ignoring case and accents."""
    return _matches(column, term.strip(), whole=False)


def folded_equals(column, term: str) -> ColumnElement[bool]:
    """True where `column` is `term`, ignoring case and accents."""
    return _matches(column, term.strip(), whole=True)
