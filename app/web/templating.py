"""Jinja setup: versioned static URLs, French formatting filters, globals, and
the translation of templates (`app.web.i18n`)."""
from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from flask_babel import format_decimal

from app.forms import EmptyForm
from app.web.i18n import init_template_translations


def init_templating(app: Flask) -> None:
    app.url_defaults(add_static_version)
    app.jinja_env.filters["date_fr"] = date_fr
    app.jinja_env.filters["datetime_fr"] = datetime_fr
    app.jinja_env.filters["number_fr"] = number_fr
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.context_processor(template_globals)
    init_template_translations(app)


@lru_cache(maxsize=256)
def _static_version(static_folder: str, filename: str) -> str | None:
    """The content hash of a static file (None for no such file), read once
    per process: static files change with a deployment, which restarts it."""
    path = Path(static_folder) / filename
    if not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def add_static_version(endpoint: str, values: dict) -> None:
    """Append a content hash to static URLs so they can be cached for a year."""
    if endpoint != "static" or "filename" not in values or "v" in values:
        return
    version = _static_version(current_app.static_folder, values["filename"])
    if version is not None:
        values["v"] = version


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
