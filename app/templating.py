"""Jinja setup: versioned static URLs, French formatting filters, globals."""
from __future__ import annotations

import hashlib
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app
from flask_babel import format_date, format_datetime, format_decimal, gettext

from app.forms import EmptyForm


def init_templating(app: Flask) -> None:
    app.url_defaults(add_static_version)
    app.jinja_env.filters["date_fr"] = date_fr
    app.jinja_env.filters["datetime_fr"] = datetime_fr
    app.jinja_env.filters["number_fr"] = number_fr
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.context_processor(template_globals)


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


def date_fr(value: date | datetime | None) -> str:
    """29/11/2026 (in Europe/Brussels for datetimes)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, "dd/MM/yyyy")
    return format_date(value, "dd/MM/yyyy")


def datetime_fr(value: datetime | None) -> str:
    """29/11/2026 à 14:05 in Europe/Brussels."""
    if value is None:
        return ""
    return format_datetime(value, gettext("dd/MM/yyyy 'à' HH:mm"))


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
