"""Jinja setup: versioned static URLs, French formatting filters, globals."""
from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from flask_babel import format_decimal, get_translations

from app.forms import EmptyForm


def init_templating(app: Flask) -> None:
    app.url_defaults(add_static_version)
    app.jinja_env.filters["date_fr"] = date_fr
    app.jinja_env.filters["datetime_fr"] = datetime_fr
    app.jinja_env.filters["number_fr"] = number_fr
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.context_processor(template_globals)
    with app.app_context():
        install_translations(app)


def install_translations(app: Flask) -> None:
    """Bind `_()` in templates to the catalog of the one locale (fr_BE),
    loaded once: Flask-Babel's default callables look the catalog up again
    at each of the hundreds of `_()` calls of a page."""
    app.jinja_env.install_gettext_translations(get_translations(), newstyle=True)


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


# Fixed numeric patterns: strftime is far cheaper than Babel's pattern
# formatting, which the profiler showed as a main cost of the list pages.
def date_fr(value: date | datetime | None) -> str:
    """29/11/2026 (in Europe/Brussels for datetimes)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _in_brussels(value)
    return value.strftime("%d/%m/%Y")


def datetime_fr(value: datetime | None) -> str:
    """29/11/2026 à 14:05 in Europe/Brussels."""
    if value is None:
        return ""
    return _in_brussels(value).strftime("%d/%m/%Y à %H:%M")


def number_fr(value) -> str:
    return format_decimal(value)


def template_globals() -> dict:
    config = current_app.config
    return {
        "platform_name": config["PLATFORM_NAME"],
        "province_name": config["PROVINCE_NAME"],
        "empty_form": EmptyForm,
        "available_endpoints": current_app.view_functions,
    }
